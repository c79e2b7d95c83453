"""Footprints in a multi-regional input-output (MRIO) model: what is embodied in each region's
final demand, by producing region and sector.

With intermediate flows Z, total output x and final demand Y (one column per consuming
region after adding its categories up), the technical coefficients are A = Z diag(x)^-1 and
the output that each region's final demand calls for is X = (I - A)^-1 Y. A stressor F
(children in child labour by region and sector, ...) gives coefficients s = F / x, and

* ``value[p, c] = s[p] X[p, c]``: the stressor in producing sector p embodied in region c's
  final demand; ``direct`` = s[p] y_c[p] (p sells to c's final demand itself), ``indirect``
  = the rest (p supplies it through other sectors' inputs);
* production-based account of region r: the sum over its sectors and all consumers,
  consumption-based account of c: the sum over all producers; exports of r: consumers other
  than r; imports of c: producers outside c. Stressors of final demand itself (pymrio's F_Y)
  are added to both accounts of the region that consumes;
* multipliers m = s (I - A)^-1: the stressor per unit of final demand for each product.

The inverse is never formed: (I - A) is LU-factorised once (dense LAPACK, or SuperLU when
the matrix is sparse), kept on the MRIO for later calls, and the consumers are solved for in
blocks of right-hand sides; multipliers are solved with the transposed factors. This is the
method of Miller and Blair, *Input-Output Analysis* (2009), chapters 2, 3 and 9, and the
definitions of pymrio's ``calc_all()``, which the tests compare with to 1e-9.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator

import numpy as np

from target87.measure.io_readers import (
    MRIO,
    IOInputError,
    Satellite,
    read_icio,
    read_mrio,
    read_satellite,
)

__all__ = ["MRIO", "Footprint", "IOInputError", "Leontief", "Satellite", "footprint",
           "read_icio", "read_mrio", "read_satellite"]

# The dense solver is used unless the coefficients are this sparse (share of non-zero cells)
# and the system is large enough for SuperLU to pay.
SPARSE_DENSITY = 0.01
SPARSE_MIN_SIZE = 1000
# Right-hand sides solved at a time: at most this many bytes of them.
BLOCK_BYTES = 64 * 2**20


class Leontief:
    """The LU factors of (I - A), built once, solving (I - A) X = B and (I - A)' X = B."""

    def __init__(self, Z: np.ndarray, x: np.ndarray, labels: list[tuple[str, str]], *,
                 file: str = "", solver: str = "auto", overwrite: bool = False):
        n = len(x)
        self.n = n
        if solver not in ("auto", "dense", "sparse"):
            raise IOInputError("io_solver_unknown", "solver must be auto, dense or sparse, not "
                               "%(solver)r", solver=solver)
        with np.errstate(divide="ignore"):
            recip = np.where(x != 0, 1.0 / np.where(x != 0, x, 1.0), 0.0)
        if solver == "auto":
            dense_enough = n < SPARSE_MIN_SIZE or np.count_nonzero(Z) > SPARSE_DENSITY * n * n
            solver = "dense" if dense_enough else "sparse"
        self.solver = solver
        if solver == "sparse":
            self._factor_sparse(Z, recip, labels, file)
        else:
            self._factor_dense(Z, recip, labels, file, overwrite)

    def _singular(self, labels, file, index: int | None):
        if index is None:
            raise IOInputError("io_singular", "%(file)s: I - A is singular (the economy has "
                               "a closed loop of sectors with no value added or final demand); "
                               "the footprint cannot be computed", file=file, label="")
        raise IOInputError(
            "io_singular", "%(file)s: I - A is singular at row %(row)s (%(label)s): this "
            "sector and those it trades with form a closed loop with no value added or final "
            "demand; the footprint cannot be computed", file=file, row=index + 1,
            label=" / ".join(labels[index]), index=index)

    def _factor_dense(self, Z, recip, labels, file, overwrite):
        from scipy.linalg import LinAlgWarning, get_lapack_funcs, lu_factor

        n = self.n
        a = Z if overwrite and Z.flags.f_contiguous else np.array(Z, order="F", copy=True)
        a *= recip  # column j divided by x_j: A
        loops = np.flatnonzero(a.sum(axis=0) >= 1.0 - 1e-9)  # inputs worth all the output
        np.negative(a, out=a)
        diag = np.arange(n)
        a[diag, diag] += 1.0
        anorm = _norm1(a)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LinAlgWarning)
            lu, piv = lu_factor(a, overwrite_a=True, check_finite=False)
        del a
        u = np.abs(np.diagonal(lu))
        bad = None
        if not np.all(np.isfinite(u)):
            bad = int(np.flatnonzero(~np.isfinite(u))[0])
        elif np.any(u == 0):
            bad = int(np.flatnonzero(u == 0)[0])
        else:
            (gecon,) = get_lapack_funcs(("gecon",), (lu,))
            rcond, _info = gecon(lu, anorm, norm="1")
            if n and rcond < n * np.finfo(float).eps:
                bad = int(np.argmin(u))
        if bad is not None:
            # Name a sector whose inputs are worth all its output if there is one: the loop.
            self._singular(labels, file, int(loops[0]) if loops.size else bad)
        self._lu = (lu, piv)

    def _factor_sparse(self, Z, recip, labels, file):
        import scipy.sparse as sp
        from scipy.sparse.linalg import splu

        n = self.n
        A = sp.csc_matrix(Z) @ sp.diags(recip)
        M = (sp.identity(n, format="csc") - A).tocsc()
        col_sums = np.asarray(A.sum(axis=0)).ravel()
        try:
            self._splu = splu(M)
        except RuntimeError:
            loops = np.flatnonzero(col_sums >= 1.0)
            self._singular(labels, file, int(loops[0]) if loops.size else None)
        u = np.abs(self._splu.U.diagonal())
        if np.any(u == 0) or not np.all(np.isfinite(u)):
            loops = np.flatnonzero(col_sums >= 1.0)
            self._singular(labels, file, int(loops[0]) if loops.size else None)

    def solve(self, B: np.ndarray) -> np.ndarray:
        """X with (I - A) X = B."""
        if self.solver == "sparse":
            return self._splu.solve(np.asarray(B, dtype=np.float64))
        from scipy.linalg import lu_solve

        return lu_solve(self._lu, B, check_finite=False)

    def solve_transposed(self, B: np.ndarray) -> np.ndarray:
        """X with (I - A)' X = B."""
        if self.solver == "sparse":
            return self._splu.solve(np.asarray(B, dtype=np.float64), trans="T")
        from scipy.linalg import lu_solve

        return lu_solve(self._lu, B, trans=1, check_finite=False)


def _norm1(a: np.ndarray, step: int = 256) -> float:
    """max_j sum_i |a_ij|, a slice of columns at a time (no n x n temporary)."""
    best = 0.0
    for j in range(0, a.shape[1], step):
        best = max(best, float(np.abs(a[:, j:j + step]).sum(axis=0).max(initial=0.0)))
    return best


def leontief(mrio: MRIO, solver: str = "auto") -> Leontief:
    """The factorisation of (I - A) for ``mrio``, built on first use and kept on it.

    To keep memory to one n x n array, Z is factorised in place: afterwards ``mrio.Z`` is
    ``None`` and the factors stand for it.
    """
    lf = mrio.leontief
    if lf is not None and (solver == "auto" or lf.solver == solver):
        return lf
    if mrio.Z is None:
        raise IOInputError("io_z_released", "%(source)s: Z was released after factorising "
                           "with the %(solver)s solver; read the MRIO again to use another",
                           source=mrio.source, solver=lf.solver if lf else "?")
    lf = Leontief(mrio.Z, mrio.x, mrio.labels, file=mrio.files.get("Z", mrio.source),
                  solver=solver, overwrite=True)
    mrio.Z = None
    mrio.leontief = lf
    return lf


def _by_region(labels: list[tuple[str, str]], order: list[str]) -> tuple[np.ndarray, list[str]]:
    where = {r: i for i, r in enumerate(order)}
    return np.array([where[r] for r, _ in labels], dtype=np.intp), order


def footprint(mrio: MRIO, sat: Satellite | None = None, stressors=None,
              block_size: int | None = None,
              progress: Callable[[float], None] | None = None,
              solver: str = "auto") -> Footprint:
    """Footprints of ``sat``'s stressors (all, or those named) in ``mrio``.

    ``sat`` defaults to the extensions saved with the MRIO. ``block_size``: consuming regions
    solved for at a time (default: as many as fit in 64 MB). ``progress(fraction)`` is called
    as the work advances (0 to 1). ``solver``: ``auto`` (sparse LU when A is under 1 % full),
    ``dense`` or ``sparse``.
    """
    if sat is None:
        sat = mrio.satellite()
    names = list(sat.stressors)
    if stressors is None:
        chosen = list(range(len(names)))
    else:
        if isinstance(stressors, str):
            stressors = [stressors]
        chosen = []
        for s in stressors:
            if s not in names:
                raise IOInputError("io_stressor_unknown", "%(file)s has no stressor %(label)r "
                                   "(it has: %(choices)s)", file=sat.source or mrio.source,
                                   label=s, choices=", ".join(names))
            chosen.append(names.index(s))
    n = mrio.n
    F = np.asarray(sat.F, dtype=np.float64)[chosen]
    if F.shape[1] != n:
        raise IOInputError("io_satellite_size", "%(file)s has %(got)s columns of producers; "
                           "the MRIO has %(n)s", file=sat.source, got=F.shape[1], n=n)
    x = mrio.x
    zero = x == 0
    stranded = np.flatnonzero(zero & (F != 0).any(axis=0))
    if stranded.size:
        p = int(stranded[0])
        raise IOInputError(
            "io_satellite_no_output", "%(file)s: %(label)s has a stressor but no output in "
            "%(mrio)s, so it cannot be traced to any consumer", file=sat.source,
            label=" / ".join(mrio.labels[p]), mrio=mrio.source, index=p)
    S = np.divide(F, np.where(zero, 1.0, x))
    consumers = mrio.consumers
    C = len(consumers)
    col_to_consumer = np.array([consumers.index(r) for r, _ in mrio.y_labels], dtype=np.intp)
    Yagg = np.zeros((n, C))
    for j, c in enumerate(col_to_consumer):
        Yagg[:, c] += mrio.Y[:, j]
    K = len(chosen)
    FY = np.zeros((K, C))
    FYfull = np.zeros((K, len(mrio.y_labels)))
    if sat.F_Y is not None:
        FYfull = np.asarray(sat.F_Y, dtype=np.float64)[chosen]
        for j, c in enumerate(col_to_consumer):
            FY[:, c] += FYfull[:, j]

    cached = mrio.leontief is not None and (solver == "auto" or mrio.leontief.solver == solver)
    factor_cost = 0.0 if cached else (2.0 / 3.0) * float(n) ** 3
    solve_cost = 2.0 * float(n) ** 2
    total = factor_cost + solve_cost * (C + K) or 1.0
    done = 0.0

    def report(amount: float) -> None:
        nonlocal done
        done += amount
        if progress is not None:
            progress(min(1.0, done / total))

    if progress is not None:
        progress(0.0)
    lf = leontief(mrio, solver)
    report(factor_cost)
    if block_size is None:
        block_size = max(1, int(BLOCK_BYTES // (8 * max(n, 1))))
    block_size = max(1, int(block_size))
    X = np.empty((n, C))
    for start in range(0, C, block_size):
        stop = min(C, start + block_size)
        X[:, start:stop] = lf.solve(Yagg[:, start:stop])
        report(solve_cost * (stop - start))
    if not np.all(np.isfinite(X)):
        raise IOInputError("io_singular", "%(file)s: I - A is singular (the economy has a "
                           "closed loop of sectors with no value added or final demand); the "
                           "footprint cannot be computed", file=mrio.source, label="")
    M = np.ascontiguousarray(lf.solve_transposed(np.ascontiguousarray(S.T)).T) if K else \
        np.zeros((0, n))
    report(solve_cost * K)
    return Footprint(mrio, [names[i] for i in chosen], S, FY, X, Yagg, M, lf, consumers, FYfull)


class Footprint:
    """Footprint accounts for each stressor; see the module's documentation."""

    def __init__(self, mrio: MRIO, stressors, S, FY, X, Yagg, M, lf, consumers, FY_full):
        self.stressors: list[str] = list(stressors)
        self.labels = list(mrio.labels)
        self.y_labels = list(mrio.y_labels)
        self.consumers: list[str] = list(consumers)
        self.producers: list[str] = mrio.regions
        self.sectors: list[str] = mrio.sectors
        self.regions: list[str] = list(dict.fromkeys(self.producers + self.consumers))
        self.source = mrio.source
        self._S, self._FY, self._X, self._Y, self._M = S, FY, X, Yagg, M
        self._lf = lf
        self._FY_full = FY_full
        self._prod_region, _ = _by_region(self.labels, self.regions)
        where = {r: i for i, r in enumerate(self.regions)}
        self._cons_region = np.array([where[c] for c in self.consumers], dtype=np.intp)
        sec = {s: i for i, s in enumerate(self.sectors)}
        self._sector = np.array([sec[s] for _, s in self.labels], dtype=np.intp)
        self._domestic_M: np.ndarray | None = None

    def _k(self, stressor: str) -> int:
        try:
            return self.stressors.index(stressor)
        except ValueError:
            raise IOInputError("io_stressor_unknown", "%(file)s has no stressor %(label)r "
                               "(it has: %(choices)s)", file=self.source, label=stressor,
                               choices=", ".join(self.stressors)) from None

    def values(self, stressor: str) -> np.ndarray:
        """n x consumers: the stressor of each producer embodied in each consumer's demand."""
        k = self._k(stressor)
        return self._S[k][:, None] * self._X

    def direct(self, stressor: str) -> np.ndarray:
        """n x consumers: the part sold to the consumer's final demand itself (s * y)."""
        k = self._k(stressor)
        return self._S[k][:, None] * self._Y

    def rows(self, stressor: str, *, skip_zero: bool = False) -> Iterator[dict]:
        """One dict per (consumer, producer, sector): value = direct + indirect.

        Stressors of final demand itself (F_Y) come as rows with producer = consumer and
        ``sector`` the final-demand category, all direct; the rows' sums give every total.
        """
        k = self._k(stressor)
        s = self._S[k]
        producers = [r for r, _ in self.labels]
        sectors = [sec for _, sec in self.labels]
        for c, consumer in enumerate(self.consumers):
            value = (s * self._X[:, c]).tolist()
            direct = (s * self._Y[:, c]).tolist()
            for p in range(len(producers)):
                v, d = value[p], direct[p]
                if skip_zero and v == 0 and d == 0:
                    continue
                yield {"consumer": consumer, "producer": producers[p], "sector": sectors[p],
                       "value": v, "direct": d, "indirect": v - d}
            if self._FY[k, c] != 0:
                yield from self._final_demand_rows(k, c, consumer)

    def _final_demand_rows(self, k: int, c: int, consumer: str) -> Iterator[dict]:
        # F_Y per category of this consumer: rebuilt from the aggregate's parts.
        for category, value in self._fy_by_category(k, consumer):
            if value:
                yield {"consumer": consumer, "producer": consumer, "sector": category,
                       "value": value, "direct": value, "indirect": 0.0}

    def _fy_by_category(self, k: int, consumer: str) -> list[tuple[str, float]]:
        out: dict[str, float] = {}
        for j, (region, category) in enumerate(self.y_labels):
            if region == consumer:
                out[category] = out.get(category, 0.0) + float(self._FY_full[k, j])
        return list(out.items())

    def summary(self, stressor: str) -> list[dict]:
        """Per region: production- and consumption-based accounts, exports and imports."""
        k = self._k(stressor)
        V = self.values(stressor)
        R = len(self.regions)
        dom = self._prod_region[:, None] == self._cons_region[None, :]
        production = np.bincount(self._prod_region, weights=V.sum(axis=1), minlength=R)
        production[self._cons_region] += self._FY[k]
        consumption = np.zeros(R)
        consumption[self._cons_region] = V.sum(axis=0) + self._FY[k]
        foreign = np.where(dom, 0.0, V)
        exports = np.bincount(self._prod_region, weights=foreign.sum(axis=1), minlength=R)
        imports = np.zeros(R)
        imports[self._cons_region] = foreign.sum(axis=0)
        return [{"region": r, "production": float(production[i]),
                 "consumption": float(consumption[i]), "exports": float(exports[i]),
                 "imports": float(imports[i])} for i, r in enumerate(self.regions)]

    def multipliers(self, stressor: str) -> dict[tuple[str, str], float]:
        """(region, sector) -> stressor per unit of final demand for that product."""
        k = self._k(stressor)
        return dict(zip(self.labels, self._M[k].tolist(), strict=True))

    def by_producer(self, stressor: str) -> list[dict]:
        """Per producing (region, sector): production, exports (to other regions' final
        demand) and the direct part of production (pymrio's D_pba and D_exp)."""
        V = self.values(stressor)
        D = self.direct(stressor)
        dom = self._prod_region[:, None] == self._cons_region[None, :]
        production = V.sum(axis=1)
        exports = np.where(dom, 0.0, V).sum(axis=1)
        direct = D.sum(axis=1)
        return [{"region": r, "sector": s, "production": float(production[p]),
                 "exports": float(exports[p]), "direct": float(direct[p])}
                for p, (r, s) in enumerate(self.labels)]

    def by_product(self, stressor: str) -> list[dict]:
        """Per consumer and product bought (sector, from any region): the footprint and its
        imported part (pymrio's D_cba and D_imp)."""
        k = self._k(stressor)
        m = self._M[k]
        dm = self._domestic_multipliers()[k]  # regions x n
        nsec = len(self.sectors)
        out = []
        for c, consumer in enumerate(self.consumers):
            y = self._Y[:, c]
            total = np.bincount(self._sector, weights=m * y, minlength=nsec)
            ri = self._cons_region[c]
            own = dm[ri] if ri < dm.shape[0] else np.zeros_like(m)
            imported = np.bincount(self._sector, weights=(m - own) * y, minlength=nsec)
            out += [{"consumer": consumer, "sector": s, "value": float(total[i]),
                     "imports": float(imported[i])} for i, s in enumerate(self.sectors)]
        return out

    def _domestic_multipliers(self) -> np.ndarray:
        """K x producer regions x n: stressor in region r per unit of final demand."""
        if self._domestic_M is None:
            K, n = self._S.shape
            R = len(self.producers)
            B = np.zeros((n, K * R))
            for k in range(K):
                for r in range(R):
                    mask = self._prod_region == r
                    B[mask, k * R + r] = self._S[k, mask]
            sol = self._lf.solve_transposed(B) if K * R else B
            self._domestic_M = sol.T.reshape(K, R, n)
        return self._domestic_M
