"""Engine overhead: the pint-based engine against the same arithmetic in plain numpy.

Run from the project root::

    uv run python benchmarks/bench_engine.py            # table (time at 1e6, memory at 1e7)
    uv run python benchmarks/bench_engine.py --samples 1000000 --memory-samples 10000000

The model is the containers model for one calibre on one basis (152mm HE, "complete"):
a fixed count of 6700 containers times rounds per container (the smaller of the weight
and the volume limit, averaged over 20ft and 40ft boxes by the share of 40ft boxes),
giving rounds and usable rounds (rounds x (1 - dud rate)).

(a) ``engine``: :class:`estimator.engine.Engine` over ``AssumptionSet.defaults()``, the
    model written with ``container_capacity``, ``rounds_per_container`` and
    ``usable_rounds`` from :mod:`estimator.models` (pint quantities throughout).
(b) ``numpy``: uniforms from ``np.random.default_rng(seed).random(n)``, the same inverse
    CDFs (``assumption.distribution.ppf(u)``) and plain numpy arithmetic, no pint, all
    trials in one go.

Time: median of repeats (time.perf_counter) after one warm-up run of each (the warm-up
builds the cached beta tables both sides use). Memory: each side at the memory sample
size in a fresh subprocess: tracemalloc peak (numpy's allocations are tracked) and the
growth of ru_maxrss over the baseline taken after imports and the warm-up.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Mapping

import numpy as np

from estimator.assumptions import AssumptionSet
from estimator.distributions import Distribution, Fixed
from estimator.engine import DEFAULT_BLOCK, Draws, Engine, Input, default_workers
from estimator.models import container_capacity, rounds_per_container, usable_rounds
from estimator.units import ureg

CALIBRE = "152mm_he"
BASIS = "complete"
COUNT = 6700.0
SEED = 20240226
BOXES = ("20ft", "40ft")

# Every input the model reads, with the unit the numpy version assumes (checked at setup).
KEYS: dict[str, str] = {
    "count": "container",
    "containers.20ft.payload_limit": "t",
    "containers.40ft.payload_limit": "t",
    "containers.mass_utilisation": "",
    "containers.20ft.internal_volume": "m^3",
    "containers.40ft.internal_volume": "m^3",
    "containers.volume_utilisation": "",
    "containers.share_40ft": "",
    f"munitions.{CALIBRE}.{BASIS}_mass": "kg",
    f"munitions.{CALIBRE}.{BASIS}_volume": "m^3",
    "duds.dud_rate": "",
}
KG_PER_T = 1000.0

Outputs = dict[str, np.ndarray]


# ------------------------------------------------------------------------ (a) the engine

def engine_inputs(assumptions: AssumptionSet) -> list:
    return [*assumptions.values(), Input("count", Fixed(COUNT), ureg.container)]


def engine_model(d: Draws) -> dict:
    n = d["count"]
    share_40 = d["containers.share_40ft"].m_as("")
    per_box = []
    for box in BOXES:
        payload, volume = container_capacity(
            d[f"containers.{box}.payload_limit"], d["containers.mass_utilisation"],
            d[f"containers.{box}.internal_volume"], d["containers.volume_utilisation"])
        rpc, _ = rounds_per_container(payload, volume, d[f"munitions.{CALIBRE}.{BASIS}_mass"],
                                      d[f"munitions.{CALIBRE}.{BASIS}_volume"])
        per_box.append(rpc)
    rpc = per_box[0] * (1.0 - share_40) + per_box[1] * share_40
    rounds = n * rpc
    return {"rounds": rounds, "usable": usable_rounds(rounds, d["duds.dud_rate"])}


WORKERS: int | None = None  # the engine's worker threads (--workers; None: its default)


def run_engine(inputs: list, n: int, seed: int = SEED) -> Outputs:
    out = Engine(inputs, seed=seed, samples=n, workers=WORKERS).run(engine_model)
    return {"rounds": out["rounds"].m_as("round"), "usable": out["usable"].m_as("round")}


# ------------------------------------------------------------------ (b) plain numpy

def numpy_model(x: Mapping[str, np.ndarray]) -> Outputs:
    """The same arithmetic on plain arrays in the units of KEYS."""
    mass = x[f"munitions.{CALIBRE}.{BASIS}_mass"]
    volume = x[f"munitions.{CALIBRE}.{BASIS}_volume"]
    share_40 = x["containers.share_40ft"]
    per_box = []
    for box in BOXES:
        payload = x[f"containers.{box}.payload_limit"] * x["containers.mass_utilisation"]
        usable_volume = x[f"containers.{box}.internal_volume"] * x["containers.volume_utilisation"]
        by_weight = payload * KG_PER_T / mass
        by_volume = usable_volume / volume
        per_box.append(np.minimum(by_weight, by_volume))
    rpc = per_box[0] * (1.0 - share_40) + per_box[1] * share_40
    rounds = x["count"] * rpc
    return {"rounds": rounds, "usable": rounds * (1.0 - x["duds.dud_rate"])}


def numpy_dists(assumptions: AssumptionSet) -> dict[str, Distribution]:
    dists: dict[str, Distribution] = {"count": Fixed(COUNT)}
    for key, unit in KEYS.items():
        if key == "count":
            continue
        a = assumptions[key]
        if a.unit != ureg.Unit(unit):
            raise SystemExit(f"{key}: unit is {a.unit}, the numpy version assumes {unit!r}")
        if a.distribution.width != 1:
            raise SystemExit(f"{key}: takes {a.distribution.width} uniforms a trial")
        dists[key] = a.distribution
    return dists


def run_numpy(dists: Mapping[str, Distribution], n: int, seed: int = SEED) -> Outputs:
    """All trials at once: the reference the targets are set against."""
    rng = np.random.default_rng(seed)
    return numpy_model({key: dist.ppf(rng.random(n)) for key, dist in dists.items()})


def run_numpy_blocked(dists: Mapping[str, Distribution], n: int, seed: int = SEED,
                      block: int = DEFAULT_BLOCK) -> Outputs:
    """The same, in the engine's blocks (for information: isolates what pint and the engine cost)."""
    rng = np.random.default_rng(seed)
    out = {"rounds": np.empty(n), "usable": np.empty(n)}
    for start in range(0, n, block):
        m = min(block, n - start)
        res = numpy_model({key: dist.ppf(rng.random(m)) for key, dist in dists.items()})
        for name, arr in res.items():
            out[name][start:start + m] = arr
    return out


# ------------------------------------------------------------------------- harness

SIDES = ("engine", "numpy", "numpy_blocked")


def setup() -> dict[str, Callable[[int], Outputs]]:
    assumptions = AssumptionSet.defaults()
    inputs = engine_inputs(assumptions)
    dists = numpy_dists(assumptions)
    return {"engine": lambda n: run_engine(inputs, n), "numpy": lambda n: run_numpy(dists, n),
            "numpy_blocked": lambda n: run_numpy_blocked(dists, n)}


def check_same_arithmetic(n: int = 20_000) -> float:
    """Feed the engine's own uniforms to the numpy version: outputs must agree (max rel. diff)."""
    assumptions = AssumptionSet.defaults()
    inputs = engine_inputs(assumptions)
    dists = numpy_dists(assumptions)
    engine = Engine(inputs, seed=SEED, samples=n)
    ref = run_engine(inputs, n)
    got = numpy_model({k: d.ppf(engine.uniforms(k, 0, n)) for k, d in dists.items()})
    worst = 0.0
    for name in ("rounds", "usable"):
        rel = np.max(np.abs(got[name] - ref[name]) / np.abs(ref[name]))
        worst = max(worst, float(rel))
    if worst > 1e-12:
        raise SystemExit(f"numpy and engine disagree on the same uniforms: max rel. diff {worst:.3g}")
    return worst


def time_both(n: int, repeats: int) -> dict[str, list[float]]:
    run = setup()
    for f in run.values():
        f(min(n, 10_000))  # warm-up: cached beta tables, first-call costs
    times: dict[str, list[float]] = {name: [] for name in run}
    for _ in range(repeats):
        for name, f in run.items():  # interleaved, so drift hits both alike
            t0 = time.perf_counter()
            f(n)
            times[name].append(time.perf_counter() - t0)
    return times


def peak_rss_bytes() -> int:
    """This process's peak resident set size.

    On Linux, VmHWM from /proc/self/status: ``ru_maxrss`` is not used there because the
    kernel carries the parent's peak over fork and exec, so a child started by a parent
    that is already large reports the parent's peak and hides its own growth.
    """
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # Linux reports KiB


def memory_child(which: str, n: int) -> dict[str, float]:
    """Runs in a fresh process: peak memory of one side at n samples."""
    f = setup()[which]
    f(10_000)  # warm-up, as in the timing
    base_rss = peak_rss_bytes()
    tracemalloc.start()
    out = f(n)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = peak_rss_bytes() - base_rss
    return {"tracemalloc_peak": float(peak), "rss_growth": float(rss),
            "median_rounds": float(np.median(out["rounds"]))}


def memory_in_subprocess(which: str, n: int) -> dict[str, float]:
    workers = [] if WORKERS is None else ["--workers", str(WORKERS)]
    proc = subprocess.run([sys.executable, __file__, "--child", which, "--memory-samples", str(n),
                           *workers],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--samples", type=int, default=1_000_000, help="samples for the timing")
    p.add_argument("--repeats", type=int, default=7)
    p.add_argument("--memory-samples", type=int, default=10_000_000)
    p.add_argument("--workers", type=int, default=None,
                   help="the engine's worker threads (default: the engine's own default)")
    p.add_argument("--child", choices=SIDES, help=argparse.SUPPRESS)
    args = p.parse_args()
    global WORKERS
    WORKERS = args.workers
    if args.child:
        print(json.dumps(memory_child(args.child, args.memory_samples)))
        return

    worst = check_same_arithmetic()
    times = time_both(args.samples, args.repeats)
    med = {k: statistics.median(v) for k, v in times.items()}
    mem = {k: memory_in_subprocess(k, args.memory_samples) for k in SIDES}

    print(f"# Engine vs plain numpy: {CALIBRE}, basis {BASIS}, count {COUNT:.0f}\n")
    print(f"engine workers: {WORKERS or default_workers()}; "
          f"python {sys.version.split()[0]}, numpy {np.__version__}; same-uniform check: "
          f"max relative difference {worst:.1e}\n")
    print("| measure | engine | numpy | engine / numpy | numpy, blocked | engine / blocked |")
    print("|---|---:|---:|---:|---:|---:|")
    rows = [(f"median wall time, {args.samples:.0e} samples, {args.repeats} repeats (s)", med, 1.0, 4)]
    for label, field in (("tracemalloc peak", "tracemalloc_peak"),
                         ("peak RSS growth", "rss_growth")):
        rows.append((f"{label}, {args.memory_samples:.0e} samples (MiB)",
                     {k: mem[k][field] for k in SIDES}, 2.0**20, 1))
    for label, v, scale, digits in rows:
        e, n, b = (v[k] / scale for k in SIDES)
        print(f"| {label} | {e:.{digits}f} | {n:.{digits}f} | {e / n:.2f} "
              f"| {b:.{digits}f} | {e / b:.2f} |")
    print()
    print("all times (s): " + "; ".join(
        f"{k} " + ", ".join(f"{t:.4f}" for t in v) for k, v in times.items()))
    print("median rounds at the memory size: " + ", ".join(
        f"{k} {mem[k]['median_rounds']:.6g}" for k in mem))


if __name__ == "__main__":
    main()
