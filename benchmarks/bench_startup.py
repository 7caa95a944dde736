"""Start-up: whole ``estimate`` processes against importing their dependencies.

Run from the project root::

    uv run python benchmarks/bench_startup.py [--repeats 7] [--mode all]

Each command is a fresh process of this venv's interpreter (``sys.executable``), timed
end to end with time.perf_counter around subprocess.run (output captured, so no
terminal cost). One untimed run of each first warms the OS file cache and the
bytecode caches; the timed runs are interleaved so drift hits all commands alike.
Reported: the median of the repeats and its ratio to the baseline, the bare import of
numpy, pint and typer.

Two bytecode modes, because the result depends on them: ``env`` runs the processes
with this shell's environment as it is (if PYTHONDONTWRITEBYTECODE is set, every
process compiles every module from source); ``cached`` lets the processes write and
read .pyc files under a temporary PYTHONPYCACHEPREFIX (outside the source tree), as an
installed package normally has them. Both keep the package's per-user cache (beta
tables, parsed TOML, pint's registry) in a temporary folder that the warm-up run fills,
as on any machine after its first run; ``nocache`` is ``cached`` with that cache off
(``ESTIMATOR_CACHE=off``: every run builds its tables and parses its files).
``--mode all`` (the default) reports each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

PY = sys.executable
BASELINE = "python -c 'import numpy, pint, typer'"
COMMANDS: dict[str, list[str]] = {
    BASELINE: [PY, "-c", "import numpy, pint, typer"],
    "python -m estimator containers --count 6700":
        [PY, "-m", "estimator", "containers", "--count", "6700"],
    "python -m estimator containers --count 6700 --calibre 152mm_he":
        [PY, "-m", "estimator", "containers", "--count", "6700", "--calibre", "152mm_he"],
    # Sobol' points at the samples that match the default's precision for one calibre
    "python -m estimator containers --count 6700 --method sobol --samples 16384":
        [PY, "-m", "estimator", "containers", "--count", "6700", "--method", "sobol",
         "--samples", "16384"],
    "python -m estimator sensitivity containers --count 6700":
        [PY, "-m", "estimator", "sensitivity", "containers", "--count", "6700"],
    # the whole claims catalogue at the default samples (target: under 2 s)
    "python -m estimator reconcile": [PY, "-m", "estimator", "reconcile"],
    "python -m estimator timeline --from 2023-08 --to 2026-01":
        [PY, "-m", "estimator", "timeline", "--from", "2023-08", "--to", "2026-01"],
}


def run_once(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed


def measure(repeats: int, env: dict[str, str]) -> dict[str, list[float]]:
    for cmd in COMMANDS.values():
        run_once(cmd, env)  # warm-up (and, in "cached" mode, writes the .pyc files)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(repeats):
        for name, cmd in COMMANDS.items():
            times[name].append(run_once(cmd, env))
    return times


def report(title: str, times: dict[str, list[float]]) -> None:
    med = {name: statistics.median(v) for name, v in times.items()}
    print(f"## {title}\n")
    print("| process | median (s) | min (s) | max (s) | ratio to baseline |")
    print("|---|---:|---:|---:|---:|")
    for name, v in times.items():
        print(f"| `{name}` | {med[name]:.3f} | {min(v):.3f} | {max(v):.3f} "
              f"| {med[name] / med[BASELINE]:.2f} |")
    print()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=7)
    p.add_argument("--mode", choices=("env", "cached", "nocache", "all"), default="all")
    args = p.parse_args()

    print(f"# Start-up: median wall time of the whole process, {args.repeats} runs each\n")
    print(f"interpreter: {PY} (python {sys.version.split()[0]}); PYTHONDONTWRITEBYTECODE "
          f"in the environment: {os.environ.get('PYTHONDONTWRITEBYTECODE', '(unset)')}\n")
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        env = dict(os.environ, ESTIMATOR_CACHE=os.path.join(tmp, "estimator-cache"))
        if args.mode in ("env", "all"):
            report("bytecode as the environment has it", measure(args.repeats, env))
        env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = os.path.join(tmp, "pycache")
        if args.mode in ("cached", "all"):
            report("with .pyc caches (temporary PYTHONPYCACHEPREFIX)", measure(args.repeats, env))
        if args.mode in ("nocache", "all"):
            report("with .pyc caches, the package's cache off (ESTIMATOR_CACHE=off)",
                   measure(args.repeats, dict(env, ESTIMATOR_CACHE="off")))


if __name__ == "__main__":
    main()
