"""The engine: determinism whatever the block size, common random numbers, closed forms."""

import math
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import estimator.engine as engine_module
from estimator.correlations import Correlation
from estimator.distributions import Beta, Dirichlet, Lognormal, Uniform
from estimator.engine import REPLICATES, Engine, Input, permute
from estimator.errors import InputError
from estimator.units import ureg

Z95 = 1.6448536269514722


def _model(d):
    return {"y": d["x"] * d["z"], "m": d["m"]}


INPUTS = [Input("x", Lognormal(1.0, 4.0), ureg.kg), Input("z", Uniform(0.0, 2.0), ureg.dimensionless),
          Input("m", Dirichlet(("a", "b", "c"), (1.0, 2.0, 3.0)), ureg.dimensionless)]


@given(st.integers(1, 5000), st.integers(1, 3000), st.integers(0, 2**32),
       st.sampled_from(["mc", "lhs", "sobol"]))
def test_same_seed_same_numbers_whatever_the_block_size(block, samples, seed, method):
    a = Engine(INPUTS, seed=seed, samples=samples, block_size=block, method=method).run(_model)
    b = Engine(INPUTS, seed=seed, samples=samples, method=method).run(_model)
    assert np.array_equal(a["y"].magnitude, b["y"].magnitude)
    assert np.array_equal(a["m"].magnitude, b["m"].magnitude)


GROUP = Correlation("g", ("x", "z"), ((1.0, 0.6), (0.6, 1.0)), ("s",))


@given(st.integers(1, 4), st.integers(1, 400), st.integers(1, 1500), st.integers(0, 2**32),
       st.sampled_from(["mc", "lhs", "sobol"]), st.booleans())
def test_same_seed_same_numbers_whatever_the_number_of_workers(workers, block, samples, seed,
                                                               method, correlated):
    groups = [GROUP] if correlated else []
    one = Engine(INPUTS, seed=seed, samples=samples, method=method, workers=1,
                 correlations=groups).run(_model)
    with patch.object(engine_module, "MIN_PIECE", 5):  # pieces of a few trials, not 65,536
        eng = Engine(INPUTS, seed=seed, samples=samples, block_size=block, method=method,
                     workers=workers, correlations=groups)
        many = eng.run(_model)
    for name in ("y", "m"):
        assert np.array_equal(one[name].magnitude, many[name].magnitude), name
    assert eng.used == ("x", "z", "m")
    if correlated:
        assert eng.achieved["g"].shape == (2, 2)


def test_a_run_is_cut_into_pieces_for_the_workers_only_when_they_are_large():
    eng = Engine(INPUTS, seed=1, samples=50_000, workers=2)
    assert eng._pieces(0, 50_000) == [(0, 50_000)]        # too small to share: one thread
    eng = Engine(INPUTS, seed=1, samples=300_000, workers=2)
    block, half = engine_module.DEFAULT_BLOCK, engine_module.DEFAULT_BLOCK // 2
    assert half >= engine_module.MIN_PIECE  # a full block splits in two, one a worker
    # the last block, 300,000 - 2^18 trials, is below two pieces: one thread
    assert 300_000 - block < 2 * engine_module.MIN_PIECE
    assert [p for s, n in eng.blocks() for p in eng._pieces(s, n)] == [
        (0, half), (half, half), (block, 300_000 - block)]
    with pytest.raises(InputError, match="workers"):
        Engine(INPUTS, seed=1, samples=10, workers=0)


def test_workers_never_hold_more_than_a_block_at_once():
    import threading

    lock, live, peak = threading.Lock(), [0], [0]

    def model(d):
        with lock:
            live[0] += d.size
            peak[0] = max(peak[0], live[0])
        y = d["x"] * 2.0
        with lock:
            live[0] -= d.size
        return {"y": y}

    with patch.object(engine_module, "MIN_PIECE", 5):
        for block in (1000, 7):   # blocks too small to cut run one at a time
            peak[0] = 0
            Engine(INPUTS, seed=1, samples=5000, block_size=block, workers=4).run(model)
            assert peak[0] <= block


def test_a_containers_cpu_quota_bounds_the_default_workers(monkeypatch):
    class Quota:
        def __init__(self, text):
            self.text = text

        def __call__(self, path):
            return self

        def read_text(self):
            return self.text

    monkeypatch.delenv("ESTIMATOR_WORKERS", raising=False)
    free = engine_module.default_workers()
    with patch.object(engine_module, "Path", Quota("50000 100000\n")):  # half a processor
        assert engine_module.default_workers() == 1
    with patch.object(engine_module, "Path", Quota("max 100000\n")):    # no quota
        assert engine_module.default_workers() == free


def test_the_environment_may_set_the_workers(monkeypatch, capsys):
    from clirun import run

    monkeypatch.setenv("ESTIMATOR_WORKERS", "3")
    assert Engine(INPUTS, seed=1, samples=10).workers == 3
    for bad in ("two", "0", "\u00b2"):   # '²' is a digit to str.isdigit, not to int()
        monkeypatch.setenv("ESTIMATOR_WORKERS", bad)
        with pytest.raises(InputError, match="ESTIMATOR_WORKERS: expected a whole number"):
            Engine(INPUTS, seed=1, samples=10)
    monkeypatch.setenv("ESTIMATOR_WORKERS", "two")
    code, out, err = run(["containers", "--count", "6700", "--samples", "100"], capsys)
    assert (code, out) == (2, "")
    assert err == "error: ESTIMATOR_WORKERS: expected a whole number of 1 or more (got 'two')\n"


def test_an_error_in_a_worker_is_raised_as_it_is():
    def model(d):
        raise InputError("dud_rate", "a share from 0 to 1", 1.5)

    with patch.object(engine_module, "MIN_PIECE", 5), pytest.raises(InputError, match="dud_rate"):
        Engine(INPUTS, seed=1, samples=100, workers=2).run(model)


def test_the_first_pieces_error_is_raised_whatever_the_workers():
    def model(d):
        if d.size == 75:   # with two workers, trials 74-148: a later piece fails
            raise ZeroDivisionError("a later piece")
        return "not a dict"

    for workers in (1, 2):
        with patch.object(engine_module, "MIN_PIECE", 50), \
                pytest.raises(InputError, match="model: expected a function returning"):
            Engine(INPUTS, seed=1, samples=149, workers=workers, block_size=149).run(model)


def test_a_key_gets_the_same_draws_in_any_model_and_different_keys_are_independent():
    one = Engine(INPUTS, seed=7, samples=50_000).run(lambda d: {"x": d["x"]})
    two = Engine(INPUTS, seed=7, samples=50_000).run(lambda d: {"z": d["z"], "x": d["x"]})
    assert np.array_equal(one["x"].magnitude, two["x"].magnitude)
    r = np.corrcoef(two["x"].magnitude, two["z"].magnitude)[0, 1]
    assert abs(r) < 0.02


def test_product_of_lognormals_is_lognormal():
    # X ~ LN(mu1, s1), Y ~ LN(mu2, s2) independent => XY ~ LN(mu1 + mu2, sqrt(s1^2 + s2^2))
    x, y = Lognormal(40.0, 46.0), Lognormal(100.0, 400.0)
    (m1, s1), (m2, s2) = x.mu_sigma, y.mu_sigma
    n = 400_000
    out = Engine([Input("x", x, ureg.kg), Input("y", y, ureg.dimensionless)], seed=3,
                 samples=n).run(lambda d: {"p": d["x"] * d["y"]})["p"].magnitude
    mu, s = m1 + m2, math.hypot(s1, s2)
    logs = np.log(out)
    # mean and sd of the log within 4 standard errors
    assert abs(logs.mean() - mu) < 4 * s / math.sqrt(n)
    assert abs(logs.std() - s) < 4 * s / math.sqrt(2 * n)
    want = np.exp(mu + s * np.array([-Z95, 0.0, Z95]))
    np.testing.assert_allclose(np.percentile(out, [5, 50, 95]), want, rtol=0.01)


def test_beta_moments_through_the_engine():
    a, b = 2.0, 5.0
    n = 200_000
    x = Engine([Input("d", Beta(a, b), ureg.dimensionless)], seed=11, samples=n).run(
        lambda d: {"d": d["d"]})["d"].magnitude
    mean, var = a / (a + b), a * b / ((a + b) ** 2 * (a + b + 1))
    assert abs(x.mean() - mean) < 4 * math.sqrt(var / n)
    assert abs(x.var() - var) < 0.02 * var


def test_uniforms_are_strictly_inside_zero_one():
    e = Engine(INPUTS, seed=0, samples=10)
    u = e.uniforms("x", 0, 100_000)
    assert u.min() > 0 and u.max() < 1


@pytest.mark.parametrize("kwargs,place", [
    ({"samples": 0}, "samples"), ({"samples": 10, "block_size": 0}, "block_size"),
    ({"samples": 10, "seed": -1}, "seed"), ({"samples": 10, "method": "qmc"}, "method")])
def test_bad_engine_arguments(kwargs, place):
    kwargs = {"seed": 1, **kwargs}
    with pytest.raises(InputError) as err:
        Engine(INPUTS, **kwargs)
    assert err.value.place == place


def test_unknown_key_is_named():
    with pytest.raises(InputError, match="nope"):
        Engine(INPUTS, seed=1, samples=5).run(lambda d: {"y": d["nope"]})


@given(st.integers(1, 5000), st.lists(st.integers(0, 2**64 - 1), min_size=4, max_size=4))
def test_permute_is_a_bijection(m, keys):
    p = permute(np.arange(m), m, tuple(keys))
    assert np.array_equal(np.sort(p), np.arange(m))


@given(st.integers(1, 400), st.integers(1, 200), st.integers(0, 2**32))
def test_latin_hypercube_puts_one_trial_in_each_stratum_of_each_replicate(samples, block, seed):
    e = Engine(INPUTS, seed=seed, samples=samples, block_size=block, method="lhs")
    out = e.run(lambda d: {"z": d["z"], "m": d["m"]})
    m = e.per_replicate
    assert e.samples == REPLICATES * m >= samples
    u = out["z"].magnitude.reshape(REPLICATES, m) / 2.0  # z is uniform on [0, 2]
    for rep in u:
        assert np.array_equal(np.sort(np.floor(rep * m)), np.arange(m))


def test_sobol_samples_are_whole_powers_of_two_per_replicate():
    e = Engine(INPUTS, seed=1, samples=50_000, method="sobol")
    assert e.per_replicate == 8192 and e.samples == REPLICATES * 8192


@pytest.mark.parametrize("method", ["mc", "lhs", "sobol"])
def test_each_method_estimates_a_known_mean_within_its_standard_error(method):
    # E[x0 + x1 * x2] for independent uniforms on [0, 1] is 3/4; the p50 of x0 is 1/2
    inputs = [Input(f"x{i}", Uniform(0.0, 1.0), ureg.dimensionless) for i in range(3)]
    misses = 0
    for seed in range(20):
        e = Engine(inputs, seed=seed, samples=4096, method=method)
        out = e.run(lambda d: {"y": d["x0"] + d["x1"] * d["x2"], "x": d["x0"]})
        y, x = out.summarize(out["y"]), out.summarize(out["x"])
        misses += abs(y.mean - 0.75) > 3 * y.se_mean
        misses += abs(x.p50 - 0.5) > 3 * x.se_p50
    assert misses <= 2


def test_quasi_random_methods_beat_plain_monte_carlo_on_a_smooth_mean():
    inputs = [Input(f"x{i}", Uniform(0.0, 1.0), ureg.dimensionless) for i in range(3)]
    err = {}
    for method in ("mc", "lhs", "sobol"):
        errs = []
        for seed in range(10):
            out = Engine(inputs, seed=seed, samples=4096, method=method).run(
                lambda d: {"y": d["x0"] + d["x1"] * d["x2"]})
            errs.append((out["y"].magnitude.mean() - 0.75) ** 2)
        err[method] = math.sqrt(np.mean(errs))
    assert err["lhs"] < err["mc"] / 3 and err["sobol"] < err["lhs"] / 3


@given(st.lists(st.floats(-1e9, 1e9, allow_nan=False), min_size=2, max_size=300))
def test_summary_percentiles_are_numpys(values: list[float]) -> None:
    from estimator.summary import summarize

    x = np.array(values)
    s = summarize(x)
    np.testing.assert_allclose([s.p5, s.p50, s.p95], np.quantile(x, [0.05, 0.5, 0.95]),
                               rtol=1e-12, atol=1e-6)
    assert x.tolist() == values  # the sample is read, never reordered


def test_to_precision_goes_on_until_the_precision_is_met() -> None:
    """A pilot that understates the error (as small pilots can) must not end the search:
    the precision asked is met by the result returned."""
    from estimator.summary import Summary, relative_error, to_precision

    def run(n: int) -> Summary:
        rel = (0.2 if n <= 100 else 0.5) / math.sqrt(n)  # the pilot looks better than it is
        return Summary(100.0, 90.0, 100.0, 110.0, 0.0, 90 * rel, 100 * rel, 110 * rel, "1", n)

    result, n = to_precision(run, 0.01, 100, pilot=100, figures=lambda s: [s])
    assert relative_error([result]) <= 0.01
    assert n == result.n > 440


def test_to_precision_refuses_a_precision_its_last_run_still_misses() -> None:
    """Errors that shrink more slowly than 1/sqrt(n) (weights degenerating, say) can leave
    the last run short: an error naming the precision and the last run, not a result said
    to meet it."""
    from estimator.summary import Summary, to_precision

    runs: list[int] = []

    def run(n: int) -> Summary:
        runs.append(n)
        se = 3.0 * n ** -0.15
        return Summary(100.0, 90.0, 100.0, 110.0, se, se, se, se, "1", n)

    with pytest.raises(InputError) as caught:
        to_precision(run, 0.005, 16_384, figures=lambda s: [s])
    assert len(runs) == 5 and runs == sorted(runs)  # the pilot and four runs after it
    assert str(caught.value) == (
        f"precision: expected a precision five runs reach (the last, of {runs[-1]:,} "
        f"samples, left a standard error of {3.0 * runs[-1] ** -0.15 / 90:.3%} of a value: "
        "its errors shrink more slowly than 1/sqrt(samples)) (got '0.5%')")


def test_a_run_too_big_for_memory_is_refused_before_allocating(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import estimator.engine as engine_module

    monkeypatch.setattr(engine_module, "memory_budget", lambda: 80_000.0)  # 10,000 doubles
    e = Engine([Input("x", Uniform(0.0, 1.0), ureg.kg)], seed=1, samples=20_000,
               block_size=1_000)
    with pytest.raises(InputError, match=r"samples: expected at most about 5,000 for this run"):
        e.run(lambda d: {"a": d["x"], "b": d["x"] * 2})
    small = Engine([Input("x", Uniform(0.0, 1.0), ureg.kg)], seed=1, samples=5_000)
    assert len(small.run(lambda d: {"a": d["x"], "b": d["x"] * 2})["a"]) == 5_000


def test_the_memory_budget_counts_an_address_space_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under ``ulimit -v`` the budget is half of what the limit leaves beyond what the
    process has mapped, so a run too big for it is refused up front, not by a MemoryError."""
    resource = pytest.importorskip("resource")
    mapped = engine_module._mapped_bytes()
    assert mapped > 0  # numpy alone maps tens of megabytes
    monkeypatch.setattr(resource, "getrlimit", lambda what: (resource.RLIM_INFINITY,) * 2)
    unlimited = engine_module.memory_budget()  # the machine's or the container's half
    limit = int(mapped + 2 * 2**30)
    monkeypatch.setattr(resource, "getrlimit", lambda what: (limit, resource.RLIM_INFINITY)
                        if what == resource.RLIMIT_AS else (resource.RLIM_INFINITY,) * 2)
    assert engine_module.memory_budget() == pytest.approx(min(unlimited, 2**30), rel=0.05)
    monkeypatch.setattr(resource, "getrlimit", lambda what: (int(mapped / 2),) * 2)
    assert engine_module.memory_budget() == 0.0  # already past it: nothing to spare


def test_out_of_memory_is_one_line_not_an_internal_error(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from clirun import run

    for exc, shown in ((MemoryError("Unable to allocate 38.1 MiB"), "Unable to allocate 38.1 MiB"),
                       (MemoryError(), "MemoryError")):  # Python's own: no message
        def no_memory(*args: object, exc: MemoryError = exc, **kwargs: object) -> None:
            raise exc

        monkeypatch.setattr(Engine, "run", no_memory)
        code, out, err = run(["containers", "--count", "6700"], capsys)
        assert code == 1 and out == ""
        assert err == f"error: out of memory ({shown}); try fewer --samples\n"


def test_sampling_methods_never_round_past_the_largest_run() -> None:
    from estimator.engine import MAX_SAMPLES

    with pytest.raises(InputError, match="once rounded for sobol"):
        Engine([Input("x", Uniform(0.0, 1.0), ureg.kg)], seed=1, samples=MAX_SAMPLES - 1,
               method="sobol")


@pytest.mark.parametrize("n", [100, 20_000])
def test_summaries_on_worker_threads_are_the_summaries_one_by_one(n: int) -> None:
    from estimator.engine import Results

    rng = np.random.default_rng(7)
    items = {f"x{i}": rng.lognormal(i, 1.0, n) for i in range(9)}
    wanted = [(v, "round") for v in items.values()]
    one = Results(items, replicates=1, workers=1).summarize_all(wanted)
    two = Results(items, replicates=1, workers=2).summarize_all(wanted)
    assert two == one == [Results(items, 1).summarize(v, u) for v, u in wanted]
    assert [s.p50 for s in one] == sorted(s.p50 for s in one)  # in the order asked


@pytest.mark.parametrize("model, words", [
    (lambda d: {"x": d["x"], **({"y": d["x"] * 2} if d._start else {})},
     "the same outputs in every block"),
    (lambda d: {"x": d["x"] if not d._start else d["x"].m}, "a quantity in every block"),
    (lambda d: {"x": d["x"] if not d._start else d["x"].m * ureg.m}, "the same dimension"),
    (lambda d: {"i": np.zeros(d.size, dtype=int) if not d._start else np.full(d.size, 0.5)},
     "values like the first block's"),
])
def test_a_model_whose_blocks_disagree_is_one_error_naming_the_output(model, words) -> None:
    """Not uninitialised memory, floats cut to ints, or units stuck on silently."""
    e = Engine([Input("x", Uniform(0.0, 1.0), ureg.kg)], seed=1, samples=100, block_size=10)
    with pytest.raises(InputError, match=r"^model output '[xyi]': expected " + words):
        e.run(model)


@pytest.mark.parametrize("method", ["lhs", "sobol"])
def test_a_design_runs_standard_error_is_the_spread_of_its_mean_over_seeds(method: str) -> None:
    """The standard error from the 8 replicates is the error of the mean: over 24 seeds
    the means spread as the reported errors say (not 2.8 times less, as an error not
    divided by the root of the replicates would have it)."""
    x = Input("x", Lognormal(1.0, 10.0), ureg.dimensionless)
    means, errors = [], []
    for seed in range(24):
        out = Engine([x], seed=seed, samples=1024, method=method).run(
            lambda d: {"y": d["x"] * d["x"]})
        s = out.summarize(out["y"], "")
        means.append(s.mean)
        errors.append(s.se_mean)
    ratio = float(np.std(means, ddof=1) / np.sqrt(np.mean(np.square(errors))))
    assert 0.6 < ratio < 1.6, ratio


@pytest.mark.parametrize("method", ["lhs", "sobol"])
def test_a_design_runs_tail_percentiles_err_as_their_standard_errors_say(method: str) -> None:
    """Over 120 seeds, the 5th and 95th percentiles of a normal stray from the true ones
    as their reported errors say: root-mean-square of error / se near 1 (about 1.2 with
    7 degrees of freedom), not 1.5-1.8, as when the designs' own percentiles alone set
    it."""
    from estimator.distributions import Normal

    x = Input("x", Normal(40.0, 46.0), ureg.dimensionless)
    sigma = 3.0 / 1.6448536269514722
    truth = {"p5": 43.0 - 1.6448536269514722 * sigma, "p95": 43.0 + 1.6448536269514722 * sigma}
    z: dict[str, list[float]] = {"p5": [], "p95": []}
    for seed in range(120):
        out = Engine([x], seed=seed, samples=8192, method=method, workers=1).run(
            lambda d: {"y": d["x"]})
        s = out.summarize(out["y"], "")
        for k in z:
            z[k].append((getattr(s, k) - truth[k]) / getattr(s, f"se_{k}"))
    for k, values in z.items():
        rms = float(np.sqrt(np.mean(np.square(values))))
        assert 0.6 < rms < 1.35, (k, rms)


def test_the_standard_error_of_a_median_is_its_closed_form() -> None:
    """For n normal draws, se(p50) = sqrt(p (1 - p) / n) / phi(0) = 1.2533 / sqrt(n)."""
    from estimator.summary import summarize

    n = 200_000
    s = summarize(np.random.default_rng(7).standard_normal(n))
    assert s.se_p50 == pytest.approx(math.sqrt(0.25 / n) * math.sqrt(2 * math.pi), rel=0.03)
    assert s.se_mean == pytest.approx(1 / math.sqrt(n), rel=0.01)


@pytest.mark.parametrize("n", [200, 1000])
def test_small_samples_percentile_errors_hold_the_truth_as_often_as_they_say(n: int) -> None:
    """At a few hundred samples the density behind a percentile's error was read over
    0.01 either side, a handful of order statistics: 90% intervals (1.645 standard
    errors) held the true 5th, 50th and 95th percentiles of a normal 73-86% of the time.
    Read over twice the percentile's own spread, 85-95%."""
    from estimator.summary import summarize

    rng = np.random.default_rng(2024)
    truth = {"p5": -1.6448536269514722, "p50": 0.0, "p95": 1.6448536269514722}
    held = {k: 0 for k in truth}
    for _ in range(400):
        s = summarize(rng.normal(0.0, 1.0, n))
        for k, t in truth.items():
            held[k] += abs(getattr(s, k) - t) <= 1.6448536269514722 * getattr(s, f"se_{k}")
    for k, count in held.items():
        assert 0.85 <= count / 400 <= 0.96, (k, count / 400)


# ---------------------------------------------------------------------------- uniforms' grid


@pytest.mark.parametrize(("method", "bits"), [("mc", 53), ("sobol", 30)])
def test_uniforms_lie_off_the_grid_ends_strictly_inside_0_1(method, bits):
    """Plain uniforms are k/2**53 moved up half a step, scrambled Sobol' points k/2**30
    moved up half a step: never exactly 0, where a normal or lognormal's inverse CDF is
    -inf (a Sobol' point is 0 with odds of about 1 in 8,192 a dimension a replicate)."""
    e = Engine([Input("x", Uniform(0.0, 1.0), ureg.dimensionless)], seed=3, samples=8192,
               method=method)
    u = e.run(lambda d: {"u": d["x"]})["u"].m_as("")
    steps = u * 2.0**bits - 0.5
    assert np.array_equal(steps, np.round(steps)) and u.min() > 0 and u.max() < 1


def test_each_dimension_of_a_mix_draws_its_own_stream():
    """A Dirichlet of three calibres draws three streams: uncorrelated columns, not one
    stream three times (which would tie every calibre's share to the others')."""
    e = Engine([Input("m", Dirichlet(("a", "b", "c"), (1.0, 2.0, 3.0)), ureg.dimensionless)],
               seed=5, samples=20_000)
    u = e.uniforms("m", 0, 20_000, width=3)
    corr = np.corrcoef(u.T)
    assert np.all(np.abs(corr[np.triu_indices(3, 1)]) < 0.05)


def test_replicate_errors_use_the_sample_spread_and_count_ties_half():
    """Known answer: the mean's error is the replicates' means' standard deviation (n - 1)
    over sqrt(r); a percentile's share below the pooled value counts a tie as half."""
    from estimator.summary import _replicate_errors

    parts = np.array([[1.0, 2.0, 2.0, 3.0], [2.0, 2.0, 2.0, 4.0], [1.0, 1.0, 2.0, 5.0],
                      [0.0, 2.0, 3.0, 3.0]])
    pooled = np.array([1.0, 2.0, 3.0])
    se_mean, se = _replicate_errors(parts, pooled, [1e6, 1e6, 1e6])  # the share term wins
    means = parts.mean(axis=1)
    assert se_mean == pytest.approx(math.sqrt(((means - means.mean()) ** 2).sum() / 3) / 2)
    share = np.array([[(row < p).sum() + 0.5 * (row == p).sum() for p in pooled]
                      for row in parts]) / 4
    want = share.std(axis=0, ddof=1) / 2 * 1e6
    assert se == pytest.approx(want.tolist())


# --- an input drawn at another's percentile (an assumption's same_percentile_as) -----------

def _coupled_set():
    from estimator.assumptions import AssumptionSet

    return AssumptionSet.defaults()


@pytest.mark.parametrize("method", ["mc", "lhs", "sobol"])
@pytest.mark.parametrize("block", [97, 4096])
def test_an_input_at_anothers_percentile_takes_its_uniforms_in_every_trial(method: str,
                                                                          block: int) -> None:
    """140mm bombs as shipped are drawn at the bare bomb's percentile: the two are one
    uniform through two inverse CDFs, in every trial, with every method and block size,
    and whether or not the bare bomb is an input of the run."""
    s = _coupled_set()
    bare, whole = (f"munitions.140mm_mortar.{b}_mass" for b in ("projectile", "complete"))
    assert s[whole].same_percentile_as == bare
    n = 1000
    both = Engine(s, seed=4, samples=n, method=method, block_size=block).run(
        lambda d: {"bare": d[bare], "whole": d[whole]})
    order = np.argsort(both["bare"].m)
    assert np.all(np.diff(both["whole"].m[order]) >= 0)  # the same ranks: one uniform
    assert np.all(both["whole"].m > both["bare"].m)
    if method == "sobol":  # dimensions go to the inputs read, in order: alone, each of
        # the two reads the first dimension (the bare bomb's), not a plain stream
        alone = {k: Engine([s[k]], seed=4, samples=n, method=method, block_size=block).run(
            lambda d, k=k: {"x": d[k]})["x"].m for k in (bare, whole)}
        assert np.array_equal(np.argsort(alone[bare]), np.argsort(alone[whole]))
    else:
        u = Engine(s, seed=4, samples=n, method=method).uniforms(bare, 0, n)
        assert np.array_equal(both["bare"].m, s[bare].distribution.ppf(u))
        assert np.array_equal(both["whole"].m, s[whole].distribution.ppf(u))
        alone = Engine([s[whole]], seed=4, samples=n, method=method, block_size=block).run(
            lambda d: {"whole": d[whole]})
        assert np.array_equal(alone["whole"].m, both["whole"].m)


def test_every_default_round_as_shipped_outweighs_and_outsizes_its_projectile_in_every_trial(
        ) -> None:
    """Drawn apart, the 140mm bomb as shipped came out lighter than the bare bomb in 22% of
    trials (a heavy bomb in a light crate); the property a researcher checks trial by
    trial holds for every calibre."""
    s = _coupled_set()
    keys = [k for k in s if k.startswith("munitions.") and k.rsplit(".", 1)[1] in (
        "projectile_mass", "projectile_volume", "complete_mass", "complete_volume")]
    out = Engine(s, seed=11, samples=200_000).run(lambda d: {k: d[k] for k in keys})
    for c in s.calibres():
        for what in ("mass", "volume"):
            bare = out[f"munitions.{c}.projectile_{what}"]
            whole = out[f"munitions.{c}.complete_{what}"].to(bare.units)
            assert np.all(whole.m >= bare.m), (c, what, float(np.mean(whole.m < bare.m)))


def test_the_engines_built_on_given_uniforms_keep_or_leave_the_tie_as_they_say() -> None:
    """Tempering moves the bare bomb's stream for a shipped bomb drawn at its percentile
    (its own stream is never read: moved alone, the shipped bomb stayed where the prior
    put it); sensitivity indices and the pinned property checks take each input on its
    own (a shipped bomb pinned at its 5th percentile once came out at the bare one's 50th,
    and its Sobol' index came out 0), and the analysis names the tie it ignored."""
    from estimator.pooled import _stream_keys
    from estimator.sensitivity import SensitivityReport, sensitivity
    from estimator.testing import _Pinned

    s = _coupled_set()
    bare, whole = (f"munitions.140mm_mortar.{b}_mass" for b in ("projectile", "complete"))
    engine = Engine(s, seed=1, samples=100)
    assert _stream_keys(engine, [whole, "duds.dud_rate"]) == [bare, "duds.dud_rate"]
    pinned = _Pinned(list(s.values()), [{whole: 5}, {bare: 5}]).run(lambda d: {"x": d[whole]})
    assert pinned["x"].m_as("kg") == pytest.approx(
        [float(s[whole].ppf(np.array([q]))[0].m_as("kg")) for q in (0.05, 0.5)], rel=1e-12)
    alone = sensitivity(s, lambda d: {"y": d[whole]}, "y", samples=256)
    (factor,) = alone.factors
    assert factor.key == whole and factor.first > 0.9 and factor.total > 0.9
    assert (factor.low, factor.high) == pytest.approx(
        [float(s[whole].ppf(np.array([q]))[0].m_as("kg")) for q in (0.05, 0.95)], rel=1e-9)
    both = sensitivity(s, lambda d: {"y": d[whole] - d[bare]}, "y", samples=256)
    report = SensitivityReport("y", both, None, s)  # type: ignore[arg-type]
    assert report.ignored_correlations == (f"{whole} at the percentile of {bare}",)
