"""Weighted ranking of candidates over the eight criteria, and how stable it is.

Plain Python: candidates are keys, scores a mapping criterion -> 0..3 (missing = 0), weights a
mapping criterion -> non-negative number. The weighted score is the weighted mean of the
scores (so it stays on the 0-3 scale); a criterion's contribution is its share of that mean.
Ranks are competition ranks: one more than the number of candidates strictly ahead.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

#: weights move by this share each way when the ranking's stability is measured
STABILITY_SPREAD = 0.25


@dataclass
class Ranked:
    key: object
    total: float
    contributions: dict = field(default_factory=dict)
    rank: int = 0
    best_rank: int = 0
    worst_rank: int = 0
    scored: int = 0

    @property
    def stable(self) -> bool:
        return self.best_rank == self.worst_rank


def check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    clean = {}
    for key, value in weights.items():
        value = float(value)
        if value < 0 or value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"weight of {key}: expected a number of 0 or more, got {value}")
        clean[key] = value
    if not any(clean.values()):
        raise ValueError("at least one weight must be above 0")
    return clean


def weighted_totals(scores: Mapping[object, Mapping[str, int]],
                    weights: Mapping[str, float]) -> dict[object, float]:
    total_weight = sum(weights.values())
    return {key: sum(w * float(row.get(c, 0) or 0) for c, w in weights.items()) / total_weight
            for key, row in scores.items()}


def competition_ranks(totals: Mapping[object, float], tolerance: float = 1e-9) -> dict:
    ordered = sorted(totals.values())
    n = len(ordered)
    # candidates strictly ahead = those above value + tolerance
    return {key: 1 + n - bisect.bisect_right(ordered, value + tolerance)
            for key, value in totals.items()}


def rank_ranges(scores: Mapping[object, Mapping[str, int]], weights: Mapping[str, float],
                spread: float = STABILITY_SPREAD) -> dict[object, tuple[int, int]]:
    """(best, worst) rank of each candidate when every weight moves by up to ``spread`` of
    itself either way: the ranks under the chosen weights and under every combination of each
    positive weight at (1 - spread) and (1 + spread) times its value (2^k weightings for k
    positive weights; the weighted scores are linear in the weights, so the extremes of any
    pairwise comparison are among them)."""
    weights = check_weights(weights)
    if not 0 <= spread < 1:
        raise ValueError("spread must be at least 0 and below 1")
    moving = [c for c, w in weights.items() if w > 0]
    base = competition_ranks(weighted_totals(scores, weights))
    best = dict(base)
    worst = dict(base)
    for signs in itertools.product((1 - spread, 1 + spread), repeat=len(moving)):
        varied = dict(weights)
        for criterion, factor in zip(moving, signs, strict=True):
            varied[criterion] = weights[criterion] * factor
        for key, rank in competition_ranks(weighted_totals(scores, varied)).items():
            best[key] = min(best[key], rank)
            worst[key] = max(worst[key], rank)
    return {key: (best[key], worst[key]) for key in scores}


def rank(scores: Mapping[object, Mapping[str, int]], weights: Mapping[str, float],
         spread: float = STABILITY_SPREAD) -> list[Ranked]:
    """Candidates best first, with each criterion's contribution and the rank range."""
    weights = check_weights(weights)
    total_weight = sum(weights.values())
    totals = weighted_totals(scores, weights)
    ranks = competition_ranks(totals)
    ranges = rank_ranges(scores, weights, spread)
    out = []
    for key, row in scores.items():
        contributions = {c: w * float(row.get(c, 0) or 0) / total_weight
                         for c, w in weights.items()}
        out.append(Ranked(key=key, total=totals[key], contributions=contributions,
                          rank=ranks[key], best_rank=ranges[key][0], worst_rank=ranges[key][1],
                          scored=sum(1 for c in weights if row.get(c) is not None)))
    out.sort(key=lambda r: (r.rank, str(r.key)))
    return out
