"""Correlated inputs: the Gaussian copula on the uniforms, its validation and its report."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

from estimator._special import ndtr
from estimator.assumptions import AssumptionProblems, AssumptionSet
from estimator.cli import main
from estimator.correlations import rank_correlation
from estimator.engine import Engine
from estimator.estimates import estimate_containers

DEFAULTS = AssumptionSet.defaults()
SOURCE = '[[correlations.{name}.sources]]\nwho = "t"\nwhere = "t"\nwhen = "2024"\nsays = "t"\n'
MASS, VOLUME = "munitions.152mm_he.complete_mass", "munitions.152mm_he.complete_volume"
DUD, UTIL = "duds.dud_rate", "containers.mass_utilisation"
EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "correlations.toml"


def group(name: str, keys: list[str], body: str) -> str:
    return (f"[correlations.{name}]\nkeys = {json.dumps(keys)}\n{body}\n"
            + SOURCE.format(name=name))


def load(tmp_path: Path, text: str) -> AssumptionSet:
    p = tmp_path / "corr.toml"
    p.write_text(text)
    return DEFAULTS.with_file(p)


def draws(s: AssumptionSet, keys: list[str], n: int, method: str = "mc", seed: int = 1,
          block: int = 1 << 18) -> tuple[np.ndarray, Engine]:
    eng = Engine(s.values(), seed=seed, samples=n, method=method, block_size=block,
                 correlations=s.correlations.values())
    out = eng.run(lambda d: {k: d[k] for k in keys})
    return np.column_stack([np.asarray(out[k].magnitude) for k in keys]), eng


def test_ndtr_matches_scipy() -> None:
    x = np.linspace(-8.0, 8.0, 20001)
    np.testing.assert_allclose(ndtr(x), special.ndtr(x), rtol=2e-7, atol=0)


@pytest.mark.parametrize("method", ["mc", "lhs", "sobol"])
def test_a_requested_rank_correlation_matrix_is_achieved(tmp_path: Path, method: str) -> None:
    asked = np.array([[1.0, 0.6, -0.3], [0.6, 1.0, 0.2], [-0.3, 0.2, 1.0]])
    s = load(tmp_path, group("three", [MASS, VOLUME, DUD], f"matrix = {asked.tolist()}"))
    x, eng = draws(s, [MASS, VOLUME, DUD], 100_000, method)
    np.testing.assert_allclose(rank_correlation(x), asked, atol=0.02)
    np.testing.assert_allclose(eng.achieved["three"], rank_correlation(x), atol=1e-12)


def test_correlation_leaves_each_inputs_distribution_alone(tmp_path: Path) -> None:
    s = load(tmp_path, group("pair", [MASS, UTIL], "rank = -0.8"))
    x, _ = draws(s, [MASS, UTIL], 200_000)
    for col, key in enumerate([MASS, UTIL]):
        q = np.quantile(x[:, col], [0.05, 0.5, 0.95])
        want = DEFAULTS[key].distribution.ppf(np.array([0.05, 0.5, 0.95]))
        np.testing.assert_allclose(q, want, rtol=0.01)


def test_an_engine_on_an_assumption_set_or_a_models_inputs_draws_its_correlations(
        tmp_path: Path) -> None:
    from estimator.estimates import containers_model

    s = load(tmp_path, group("pair", [MASS, VOLUME], "rank = -0.8"))

    def pair(eng: Engine) -> float:
        out = eng.run(lambda d: {k: d[k] for k in (MASS, VOLUME)})
        return float(rank_correlation(np.column_stack(
            [np.asarray(out[k].magnitude) for k in (MASS, VOLUME)]))[0, 1])

    inputs, _, _ = containers_model(6700, s, calibres="152mm_he")
    for carrier in (s, inputs):  # the set's groups come with it, unasked
        assert pair(Engine(carrier, seed=3, samples=20_000)) == pytest.approx(-0.8, abs=0.03)
    # a plain list of inputs carries none; () asks for independent inputs
    assert abs(pair(Engine(list(s.values()), seed=3, samples=20_000))) < 0.03
    assert abs(pair(Engine(s, seed=3, samples=20_000, correlations=()))) < 0.03
    # the estimate and a run of its own model's inputs agree to the last digit
    est = estimate_containers(6700, s, calibres="152mm_he", bases="complete", samples=5000)
    inputs, model, _ = containers_model(6700, s, calibres="152mm_he", bases="complete")
    out = Engine(inputs, seed=est.record.seed, samples=5000).run(model)
    assert out.summarize(out["complete.152mm_he.rounds"], "round").p95 == \
        est.row("152mm_he", "complete").rounds.p95


@settings(max_examples=15, deadline=None)
@given(st.floats(-0.95, 0.95))
def test_any_pair_correlation_is_achieved(rho: float) -> None:
    from estimator.correlations import Correlation

    g = Correlation("p", (MASS, UTIL), ((1.0, rho), (rho, 1.0)), ("s",))
    eng = Engine(DEFAULTS.values(), seed=3, samples=40_000, correlations=[g])
    eng.run(lambda d: {"m": d[MASS]})
    assert eng.achieved["p"][0, 1] == pytest.approx(rho, abs=0.03)


def test_the_achieved_correlation_is_that_of_the_values_drawn_ties_and_all() -> None:
    """A two-valued choice correlated with a normal at 0.8 reaches about 0.67 in its
    values (its ties cost rank correlation); the record says so, not the copula's 0.8."""
    from scipy.stats import spearmanr

    from estimator.correlations import Correlation
    from estimator.distributions import Choice, Normal
    from estimator.engine import Input
    from estimator.units import ureg

    ins = [Input("a", Choice((0.0, 1.0), (1, 1)), ureg.kg),
           Input("b", Normal(-1.0, 1.0), ureg.kg)]
    g = Correlation("g", ("a", "b"), ((1.0, 0.8), (0.8, 1.0)), ("s",))
    eng = Engine(ins, seed=1, samples=20_000, correlations=[g])
    out = eng.run(lambda d: {"a": d["a"], "b": d["b"]})
    values = spearmanr(out["a"].magnitude, out["b"].magnitude).statistic
    assert eng.achieved["g"][0, 1] == pytest.approx(values, abs=1e-9)
    assert eng.achieved["g"][0, 1] < 0.72


@given(st.lists(st.integers(0, 4), min_size=2, max_size=40),
       st.lists(st.floats(-1, 1), min_size=40, max_size=40))
def test_rank_correlation_is_scipys_spearman_with_ties(a: list[int], b: list[float]) -> None:
    from scipy.stats import spearmanr

    x = np.column_stack([a, b[:len(a)]]).astype(float)
    got = rank_correlation(x)[0, 1]
    if np.ptp(x[:, 0]) == 0 or np.ptp(x[:, 1]) == 0:  # no spread: no correlation
        assert np.isnan(got)
        return
    want = spearmanr(x[:, 0], x[:, 1]).statistic
    assert (np.isnan(got) and np.isnan(want)) or got == pytest.approx(want, abs=1e-9)


def test_a_run_of_one_trial_reports_no_correlation_and_no_numpy_warning() -> None:
    import warnings

    from estimator.correlations import Correlation

    g = Correlation("p", (MASS, UTIL), ((1.0, 0.5), (0.5, 1.0)), ("s",))
    eng = Engine(DEFAULTS.values(), seed=3, samples=1, correlations=[g])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        eng.run(lambda d: {"m": d[MASS]})
    got = eng.achieved["p"]
    assert got[0, 0] == got[1, 1] == 1.0 and np.isnan(got[0, 1])


def test_same_seed_same_numbers_whatever_the_block_size(tmp_path: Path) -> None:
    s = load(tmp_path, group("pair", [MASS, VOLUME], "rank = 0.7"))
    for method in ("mc", "sobol"):
        a, _ = draws(s, [MASS, VOLUME], 4096, method, block=4096)
        b, _ = draws(s, [MASS, VOLUME], 4096, method, block=1000)
        np.testing.assert_array_equal(a, b)


def test_strong_negative_and_positive_pairs_are_both_achieved(tmp_path: Path) -> None:
    achieved = []
    for rank in (-0.9, 0.9):
        s = load(tmp_path, group("pair", [MASS, VOLUME], f"rank = {rank}"))
        _, eng = draws(s, [MASS, VOLUME], 20_000)
        achieved.append(eng.achieved["pair"][0, 1])
    assert achieved[0] == pytest.approx(-0.9, abs=0.02)
    assert achieved[1] == pytest.approx(0.9, abs=0.02)


def test_the_run_record_reports_the_correlation_asked_and_achieved(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["containers", "--count", "6700", "--calibre", "152mm_he", "-n", "20000",
              "--assumptions", str(EXAMPLE), "-f", "json"])
    out, err = capsys.readouterr()
    assert info.value.code in (0, None), err
    (g,) = json.loads(out)["run"]["correlations"]
    assert g["keys"] == [MASS, VOLUME] and g["asked"][0][1] == 0.6
    assert g["achieved"][0][1] == pytest.approx(0.6, abs=0.03)
    with pytest.raises(SystemExit):
        main(["containers", "--count", "6700", "--calibre", "152mm_he", "-n", "2000",
              "--assumptions", str(EXAMPLE)])
    out, _ = capsys.readouterr()
    assert "rank correlations: " + MASS in out.splitlines()[-1]


BAD = {
    "not symmetric": (group("g", [MASS, VOLUME, DUD],
                            "matrix = [[1, 0.5, 0], [0.4, 1, 0], [0, 0, 1]]"), "symmetric"),
    "not positive definite": (group("g", [MASS, VOLUME, DUD],
                                    "matrix = [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]"),
                              "positive definite"),
    "entry above 1": (group("g", [MASS, VOLUME], "rank = 1.2"), "[-1, 1]"),
    # a rank of 1 was 'not positive definite (got smallest eigenvalue 1.11e-16)'
    "a rank of 1": (group("g", [MASS, VOLUME], "rank = 1.0"), "expected rank correlations "
                    "strictly between -1 and 1 (two inputs that move as one: give one of them "
                    "same_percentile_as the other, for a rank of 1) (got [0][1] = 1)"),
    "a rank of -1": (group("g", [MASS, VOLUME], "rank = -1.0"), "(got [0][1] = -1)"),
    "diagonal not 1": (group("g", [MASS, VOLUME], "matrix = [[1, 0.2], [0.2, 0.9]]"),
                       "diagonal"),
    "wrong size": (group("g", [MASS, VOLUME, DUD], "matrix = [[1, 0.2], [0.2, 1]]"), "3 x 3"),
    "unknown key": (group("g", [MASS, "munitions.999mm.mass"], "rank = 0.3"),
                    "munitions.999mm.mass"),
    "a mix": (group("g", [MASS, "mix.calibre_share"], "rank = 0.3"), "one-dimensional"),
    "a fixed value": (group("g", [MASS, "containers.20ft.max_gross_iso"], "rank = 0.5"),
                      "a fixed value cannot be correlated"),
    "key in two groups": (group("g", [MASS, VOLUME], "rank = 0.3")
                          + group("h", [MASS, DUD], "rank = 0.3"), "one group"),
    "no sources": (f"[correlations.g]\nkeys = {json.dumps([MASS, VOLUME])}\nrank = 0.3\n",
                   "sources"),
    "both forms": (group("g", [MASS, VOLUME], "rank = 0.3\nmatrix = [[1, 0.3], [0.3, 1]]"),
                   "either"),
    "not a number": (group("g", [MASS, VOLUME], 'rank = "high"'), "a number"),
    "one key": (group("g", [MASS], "rank = 0.3"), "two or more"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_correlation_gets_one_line_and_exit_2(case: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    text, words = BAD[case]
    p = tmp_path / "bad.toml"
    p.write_text(text)
    before = hashlib.sha256(p.read_bytes()).hexdigest()
    out_file = tmp_path / "out.json"
    with pytest.raises(SystemExit) as info:
        main(["containers", "--count", "6700", "-n", "100", "--assumptions", str(p),
              "-o", str(out_file)])
    _, err = capsys.readouterr()
    assert info.value.code == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "correlations.g" in err or "correlations.h" in err, err
    assert words in err, err
    assert not out_file.exists()
    assert hashlib.sha256(p.read_bytes()).hexdigest() == before
    with pytest.raises(AssumptionProblems):
        DEFAULTS.with_file(p)


def test_a_run_records_only_the_correlation_groups_its_model_read(
        capsys: pytest.CaptureFixture[str]) -> None:
    """days reads no munitions input: its record named the 152mm group (and an
    'achieved' figure for draws it never used)."""
    import json

    from clirun import run

    corr = str(Path(__file__).parents[1] / "docs" / "examples" / "correlations.toml")
    for argv, named in ((["days", "--rounds", "1M"], False),
                        (["containers", "-c", "6700", "--calibre", "122mm_he"], False),
                        (["containers", "-c", "6700", "--calibre", "152mm_he"], True)):
        code, out, err = run([*argv, "-a", corr, "-n", "1000", "-f", "json"], capsys)
        assert code == 0, err
        groups = json.loads(out)["run"]["correlations"]
        assert [g["name"] for g in groups] == (["packing_152mm"] if named else []), argv


def test_every_problem_of_a_group_is_listed_not_only_the_first(tmp_path: Path) -> None:
    """An unknown field and a description that is no text: only the first was said."""
    text = group("g", [MASS, VOLUME], "rank = 0.5\nfoo = 1\ndescription = 5")
    with pytest.raises(AssumptionProblems) as err:
        load(tmp_path, text)
    places = [p.place.split(": ", 1)[1] for p in err.value.problems]
    assert places == ["correlations.g.foo", "correlations.g.description"]
