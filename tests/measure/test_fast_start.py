"""What keeps a run light: no pandas or scipy for the usual run, with the same figures."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pyarrow as pa
import pytest
from scipy import special

from target87.measure.readers import _arrow_to_numpy, read_table
from target87.measure.survey import proportion_ci, t_quantile


@pytest.mark.parametrize("q", [0.6, 0.9, 0.95, 0.975, 0.995, 0.9995])
def test_t_quantile_agrees_with_scipy(q):
    df = np.array([1, 2, 3, 4, 5, 7, 10, 13, 29, 30, 99, 250, 999, 1000, 1001, 5000, 49_500,
                   10**6, 10**7], dtype=float)
    ours = t_quantile(df, q)
    assert np.allclose(ours, special.stdtrit(df, q), rtol=1e-12, atol=0)


def test_t_quantile_of_missing_or_small_df_is_nan():
    out = t_quantile(np.array([np.nan, 0.0, 0.5, 3.0]), 0.975)
    assert np.isnan(out[:3]).all() and out[3] == pytest.approx(3.182446305284263, rel=1e-13)


def test_logit_interval_matches_the_scipy_formula():
    p = np.array([0.1, 0.3, 0.52, 0.9])
    var = np.array([1e-4, 4e-4, 2.5e-3, 1e-5])
    df = np.array([4, 30, 2000, 12])
    lo, hi = proportion_ci(p, var, df, np.full(4, 500), method="logit")
    t = special.stdtrit(df, 0.975)
    half = t * np.sqrt(var) / (p * (1 - p))
    assert np.allclose(lo, special.expit(special.logit(p) - half), rtol=1e-12)
    assert np.allclose(hi, special.expit(special.logit(p) + half), rtol=1e-12)


def test_arrow_columns_become_numpy_with_nulls_and_text():
    assert _arrow_to_numpy(pa.chunked_array([[1, 2], [3]])).tolist() == [1, 2, 3]
    with_null = _arrow_to_numpy(pa.chunked_array([[1, None], [4]]))
    assert with_null.dtype == np.float64 and np.isnan(with_null[1]) and with_null[2] == 4
    assert _arrow_to_numpy(pa.array([True, False])).tolist() == [1.0, 0.0]
    assert _arrow_to_numpy(pa.array(["a", None, "b", "a"])).tolist() == ["a", None, "b", "a"]
    assert _arrow_to_numpy(pa.array([1, 2, 3, 4]).slice(1, 2)).tolist() == [2, 3]
    assert _arrow_to_numpy(pa.array(["x", "y", None]).slice(1)).tolist() == ["y", None]
    assert _arrow_to_numpy(pa.array([1.5, 2.5], pa.float32())).tolist() == [1.5, 2.5]


def test_a_child_labour_run_from_csv_imports_neither_pandas_nor_scipy(tmp_path):
    """No domain at exactly 0 or 1 and logit intervals: scipy is not needed, nor imported;
    null-free number columns need neither Arrow's compute functions nor NumPy's masked
    arrays (each about a tenth of a second to import)."""
    rng = np.random.default_rng(1)
    n = 400
    path = tmp_path / "c.csv"
    cols = {"psu": np.repeat(np.arange(40), 10), "weight": rng.uniform(1, 3, n).round(3),
            "sex": rng.integers(1, 3, n), "age": rng.integers(5, 18, n),
            "hours": np.where(rng.random(n) < 0.5, 0, rng.integers(1, 60, n))}
    cols["stratum"] = cols["psu"] // 10
    lines = [",".join(cols)] + [",".join(str(v[i]) for v in cols.values()) for i in range(n)]
    path.write_text("\n".join(lines) + "\n")
    code = (
        "import sys, json\n"
        "from target87.measure.cli import main\n"
        f"main(['child-labour', {str(path)!r}, '--age', 'age', '--sex', 'sex', '--weight',"
        " 'weight', '--strata', 'stratum', '--psu', 'psu', '--econ-hours', 'hours',"
        " '--format', 'json'])\n"
        "print(json.dumps(sorted(m for m in ('pandas', 'scipy', 'pyarrow.compute', 'numpy.ma')"
        " if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    rows = json.loads(out[: out.rindex("]\n[") + 2])
    assert json.loads(out.strip().splitlines()[-1]) == []
    assert rows[0]["se"] > 0 and rows[0]["ci_low"] < rows[0]["estimate"] < rows[0]["ci_high"]
    table = read_table(path, ["sex", "age"])
    assert table["sex"].dtype.kind == "i" and table.n_rows == n


def test_help_builds_only_the_command_asked_for():
    code = (
        "import sys, json; from target87.measure.cli import build_parser\n"
        "top = build_parser(['--help'])\n"
        "light = sorted(m for m in ('numpy', 'target87.measure.projections')"
        " if m in sys.modules)\n"
        "p = build_parser(['project', '--help'])\n"
        "print(json.dumps([light, 'target87.measure.projections' in sys.modules]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    light, projections_loaded = json.loads(out)
    assert light == [] and projections_loaded


def test_the_chosen_command_gets_its_options():
    from target87.measure.cli import build_parser

    args = build_parser(["forced-labour"]).parse_args(
        ["forced-labour", "f.csv", "--involuntary", "a", "--coercion", "b"])
    assert args.involuntary == "a" and args.coercion == "b"
    with pytest.raises(SystemExit):
        build_parser(["child-labour"]).parse_args(
            ["forced-labour", "f.csv", "--involuntary", "a", "--coercion", "b"])


def test_measure_help_imports_no_numerical_library_nor_django_nor_any_command():
    """``target87 measure --help`` as the console command runs it (through target87.cli)."""
    code = (
        "import sys, json\n"
        "from target87.cli import main\n"
        "try:\n"
        "    main(['measure', '--help'])\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "heavy = ('numpy', 'scipy', 'pandas', 'pyarrow', 'django', 'statsmodels')\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in heavy\n"
        "                or m.startswith('target87.measure.commands.'))\n"
        "print(json.dumps([code, loaded]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    code, loaded = json.loads(out.strip().splitlines()[-1])
    assert code == 0 and loaded == []
    # the help still lists every command
    for name in ("child-labour", "forced-labour", "mse", "footprint", "project"):
        assert name in out


def test_a_command_run_imports_only_its_own_command_module():
    code = (
        "import sys, json; from target87.measure.cli import build_parser\n"
        "build_parser(['mse', 'x.csv'])\n"
        "print(json.dumps(sorted(m for m in sys.modules"
        " if m.startswith('target87.measure.commands.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out) == ["target87.measure.commands.mse"]


def test_every_command_module_is_listed():
    import pkgutil

    from target87.measure import commands
    from target87.measure.cli import build_parser

    modules = {info.name for info in pkgutil.iter_modules(commands.__path__)}
    assert modules == {module for module, _ in commands.COMMANDS.values()}
    for name in commands.COMMANDS:
        parser = build_parser([name])
        with pytest.raises(SystemExit) as exc:
            parser.parse_args([name, "--help"])
        assert exc.value.code == 0
