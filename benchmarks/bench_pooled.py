"""The pooled estimate: calibration on a known truth, and the whole process's time.

Run from the project root::

    uv run python benchmarks/bench_pooled.py [--trials 100] [--samples 20000]
                                             [--template all|small] [--skip-timing]

Calibration: each trial draws one truth from the assumptions (the engine at its own
seed, one trial), generates every template claim from it with the pooling rules'
reporting error and the claim's own form (``estimator.pooled.synthetic_claims``: the
real claims' dates, measures, scopes and forms, each its own origin), pools them at
30 June 2025, and checks whether the 90% intervals of cumulative containers, rounds
and usable rounds contain the truth. Over many trials they should in about 90% of
cases (85-95% over 100 trials; the binomial standard error of 100 trials is 3%).
Reported: the coverage of each quantity and overall, where the misses fall (above or
below), the importance-sampling effective sample sizes and how often tempering ran.

Timing: ``python -m estimator reconcile --pooled`` (the whole catalogue at the default
samples) as fresh processes, the median of ``--repeats``, beside ``reconcile`` (the
side-by-side) and the bare import of numpy, pint and typer (target: under 5 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import time

import numpy as np

from estimator.assumptions import AssumptionSet
from estimator.pooled import pool, synthetic_claims
from estimator.reports import Catalogue

SMALL = ("shin_6700_containers", "state_dept_10000_containers", "hur_1_5m_rounds",
         "nknews_6_5m_8m_rounds", "osc_64_port_calls", "c4ads_74000_tonnes",
         "zelensky_3_5m_rounds_2024")
AS_OF = dt.date(2025, 6, 30)
KEYS = ("containers", "rounds", "usable")
PY = sys.executable
COMMANDS = {
    "python -c 'import numpy, pint, typer'": [PY, "-c", "import numpy, pint, typer"],
    "python -m estimator reconcile": [PY, "-m", "estimator", "reconcile"],
    "python -m estimator reconcile --pooled": [PY, "-m", "estimator", "reconcile", "--pooled"],
}


def calibration(trials: int, samples: int, template_name: str) -> None:
    assumptions = AssumptionSet.defaults()
    catalogue = Catalogue.defaults()
    if template_name == "small":
        template = [catalogue[c] for c in SMALL]
    else:
        template = [c for c in catalogue.values() if c.measure != "missiles"
                    and c.as_of <= dt.date(2026, 1, 31)]
    inside = {k: 0 for k in KEYS}
    above = {k: 0 for k in KEYS}
    below = {k: 0 for k in KEYS}
    ess, tempered, seconds, made = [], 0, [], 0
    for trial in range(trials):
        t0 = time.perf_counter()
        cat, truth = synthetic_claims(template, assumptions, seed=10_000 + trial, as_of=AS_OF)
        p = pool(cat, assumptions, as_of=AS_OF, samples=samples, seed=trial)
        seconds.append(time.perf_counter() - t0)
        made = len(p.claims)  # those of the template the pool can read (no NIS shipments)
        ess.append(p.ess_prior)
        tempered += len(p.tempering) > 1 or p.tempering != (1.0,)
        for k in KEYS:
            s = p.headline[k].posterior
            inside[k] += s.p5 <= truth[k] <= s.p95
            above[k] += truth[k] > s.p95
            below[k] += truth[k] < s.p5
    print(f"calibration: {trials} trials, {made} claims pooled each ({template_name}), "
          f"{samples:,} samples, as of {AS_OF}")
    print("| quantity | 90% interval contains the truth | truth above | truth below |")
    print("|---|---:|---:|---:|")
    for k in KEYS:
        print(f"| {k} | {inside[k] / trials:.0%} | {above[k]} | {below[k]} |")
    total = sum(inside.values()) / (trials * len(KEYS))
    print(f"| all | {total:.1%} | {sum(above.values())} | {sum(below.values())} |")
    q = np.percentile(ess, [5, 50, 95])
    print(f"importance-sampling ESS: median {q[1]:,.0f} (5%-95%: {q[0]:,.0f}-{q[2]:,.0f}); "
          f"tempered in {tempered} of {trials} trials; {statistics.median(seconds):.2f} s "
          "per trial (median)")


def timing(repeats: int) -> None:
    for cmd in COMMANDS.values():
        subprocess.run(cmd, capture_output=True, check=True)   # warm the file cache
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(repeats):
        for name, cmd in COMMANDS.items():
            t0 = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True)
            times[name].append(time.perf_counter() - t0)
    base = statistics.median(next(iter(times.values())))
    print(f"\nwhole process, median of {repeats} (s):")
    print("| command | median | min | max | / baseline |")
    print("|---|---:|---:|---:|---:|")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"| `{name}` | {med:.2f} | {min(ts):.2f} | {max(ts):.2f} | {med / base:.1f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--samples", type=int, default=20_000)
    ap.add_argument("--template", choices=("all", "small"), default="all")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--skip-timing", action="store_true")
    ap.add_argument("--skip-calibration", action="store_true")
    args = ap.parse_args()
    if not args.skip_calibration:
        calibration(args.trials, args.samples, args.template)
    if not args.skip_timing:
        timing(args.repeats)


if __name__ == "__main__":
    main()
