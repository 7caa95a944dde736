"""Sampling methods against each other: samples and seconds to a given accuracy.

Run from the project root::

    uv run python benchmarks/bench_methods.py                # 20 seeds, 10^7 reference
    uv run python benchmarks/bench_methods.py --seeds 5 --reference 1000000   # quick look

The model is ``estimate containers --count 6700`` on the complete-round basis, for one
calibre scenario (``--calibre``, default ``152mm_he``: all boxes of 152mm rounds, the
South Korean minister's conversion) or ``mix`` (the calibre mix, a Dirichlet over nine
calibres, whose upper tail is set by rare mixes heavy in light rounds). A reference run
of plain Monte Carlo at ``--reference`` samples (default 10^7) gives the 5th, 50th and
95th percentiles. Then, for each method (mc, lhs, sobol) and each sample size on a
doubling ladder, ``--seeds`` runs with different seeds measure the largest relative
error of the three percentiles against the reference.

A method *reaches* the target (default 0.5%) at the smallest ladder size where the
error is within the target for at least 95% of the seeds (19 of 20). The table gives
that size for each method, the median wall time of one run at that size, and the ratios
to plain Monte Carlo; a second table gives, for each size, the median error and the
median time of a run, so that error per second can be read off. Wall time is the time
of ``Engine.run`` only (the assumptions are loaded once, outside).

The reference itself has a Monte Carlo error: its standard error is printed, and it
should be well under the target for the comparison to mean anything.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from estimator.assumptions import AssumptionSet
from estimator.engine import Engine
from estimator.estimates import containers_model

QUANTILES = (5, 50, 95)


def run(method: str, samples: int, seed: int, inputs: list, model, output: str,
        ) -> tuple[np.ndarray, float]:
    engine = Engine(inputs, seed=seed, samples=samples, method=method)
    t0 = time.perf_counter()
    out = engine.run(model)
    dt = time.perf_counter() - t0
    x = out[output].m_as("round")
    return np.percentile(x, QUANTILES), dt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--calibre", default="152mm_he")
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--reference", type=int, default=10_000_000)
    ap.add_argument("--target", type=float, default=0.005)
    ap.add_argument("--ladder", type=str, default="1024,2048,4096,8192,16384,32768,65536,"
                    "131072,262144,524288,1048576")
    args = ap.parse_args()
    assumptions = AssumptionSet.defaults()
    inputs, model, _ = containers_model("6700", assumptions, calibres=[args.calibre],
                                        bases=["complete"])
    ladder = [int(s) for s in args.ladder.split(",")]
    output = f"complete.{args.calibre}.rounds"
    print(f"output: {output}")

    t0 = time.perf_counter()
    ref_engine = Engine(inputs, seed=987654321, samples=args.reference, method="mc")
    ref_out = ref_engine.run(model)
    ref_x = ref_out[output].m_as("round")
    ref = np.percentile(ref_x, QUANTILES)
    ref_s = ref_out.summarize(ref_out[output], "round")
    print(f"reference: mc, {args.reference:,} samples, {time.perf_counter() - t0:.1f} s; "
          f"p5 {ref[0]:,.0f} (se {ref_s.se_p5:,.0f}), p50 {ref[1]:,.0f} "
          f"(se {ref_s.se_p50:,.0f}), p95 {ref[2]:,.0f} (se {ref_s.se_p95:,.0f})")
    print(f"reference relative se: p5 {ref_s.se_p5 / ref[0]:.5%}, "
          f"p50 {ref_s.se_p50 / ref[1]:.5%}, p95 {ref_s.se_p95 / ref[2]:.5%}\n")

    rows = []
    reach: dict[str, tuple[int, float] | None] = {}
    for method in ("mc", "lhs", "sobol"):
        reach[method] = None
        for n in ladder:
            errs, times, sizes = [], [], []
            for seed in range(1, args.seeds + 1):
                q, dt = run(method, n, seed, inputs, model, output)
                errs.append(float(np.max(np.abs(q / ref - 1))))
                times.append(dt)
            sizes.append(Engine(inputs, seed=1, samples=n, method=method).samples)
            within = sum(e <= args.target for e in errs) / len(errs)
            med_t = statistics.median(times)
            rows.append((method, sizes[0], statistics.median(errs), max(errs), within, med_t))
            if reach[method] is None and within >= 0.95:
                reach[method] = (sizes[0], med_t)
                break

    print("| method | samples run | median max error | worst max error | seeds within "
          f"{args.target:.1%} | median time (s) |")
    print("|---|---:|---:|---:|---:|---:|")
    for m, n, med, worst, within, t in rows:
        print(f"| {m} | {n:,} | {med:.3%} | {worst:.3%} | {within:.0%} | {t:.3f} |")

    print(f"\n| method | samples to {args.target:.1%} (95% of {args.seeds} seeds) | time (s) | "
          "samples / mc | time / mc |")
    print("|---|---:|---:|---:|---:|")
    base = reach["mc"]
    for m, r in reach.items():
        if r is None:
            print(f"| {m} | not reached by {ladder[-1]:,} | | | |")
            continue
        ratio = "" if base is None else f"{r[0] / base[0]:.3f}"
        tratio = "" if base is None else f"{r[1] / base[1]:.3f}"
        print(f"| {m} | {r[0]:,} | {r[1]:.3f} | {ratio} | {tratio} |")


if __name__ == "__main__":
    main()
