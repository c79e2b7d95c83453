"""``target87 measure mse``: how many people are on no list, by multiple systems estimation.

Examples::

    target87 measure mse overlaps.csv
    target87 measure mse overlaps.csv --model bic --format json
"""

from __future__ import annotations

import argparse
import json

NAME = "mse"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from target87.measure import mse

    parser.add_argument("file", metavar="FILE",
                        help="CSV: one 0/1 column per list and a 'count' column")
    parser.add_argument("--model", choices=mse.MODELS, default="stepwise",
                        help="independence (main effects only), stepwise on p-values "
                             "(default) or BIC")
    parser.add_argument("--threshold", type=float, default=mse.DEFAULT_THRESHOLD, metavar="P",
                        help="with --model stepwise: add an interaction only while its "
                             f"p-value is below P (default {mse.DEFAULT_THRESHOLD})")
    parser.add_argument("--bootstrap", type=int, default=0, metavar="N",
                        help="also a parametric-bootstrap interval from N replicates")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the bootstrap")
    parser.add_argument("--format", choices=("table", "json"), default="table")


def render_table(data: dict) -> str:
    pct = round(data["confidence"] * 100)
    lines = [
        f"lists: {', '.join(data['lists'])}",
        f"model: {data['method']}"
        + (f" (threshold {data['threshold']})" if "threshold" in data else ""),
        f"terms: {' + '.join(data['terms'])}",
        f"observed: {data['observed']}",
        f"unobserved (estimated): {data['unobserved']:.1f}",
        f"estimate: {data['estimate']:.1f}",
        f"{pct}% interval (profile likelihood): {data['ci_low']:.1f} - {data['ci_high']:.1f}",
    ]
    if "bootstrap_low" in data:
        lines.append(f"{pct}% interval (parametric bootstrap, {data['bootstrap_replicates']} "
                     f"replicates, seed {data['bootstrap_seed']}): "
                     f"{data['bootstrap_low']:.1f} - {data['bootstrap_high']:.1f}"
                     + (f"; {data['bootstrap_left_out']} without an estimate left out"
                        if data["bootstrap_left_out"] else ""))
    if "chapman" in data:
        lines.append(f"Chapman estimate (two lists): {data['chapman']:.1f}")
    return "\n".join(lines)


def run(args) -> int:
    from target87.measure import mse

    table = mse.read_overlap_csv(args.file)
    data = mse.estimate(table, model=args.model, threshold=args.threshold,
                        bootstrap=args.bootstrap, seed=args.seed).as_dict()
    if args.format == "json":
        print(json.dumps(data, indent=2))
    else:
        print(render_table(data))
    return 0
