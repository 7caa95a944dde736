"""What a data user loads: every figure a command answers with, and every setting that
changes the figures, reaches the CSV (as a row or a `# ` line), and a Markdown row stays
one row whatever a user's claims file holds."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from clirun import run

SMALL = ["--samples", "2000"]


def table(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(line for line in out.splitlines() if not line.startswith("#")))


def comments(out: str) -> list[str]:
    return [line[2:] for line in out.splitlines() if line.startswith("# ")]


def test_the_pooled_csv_says_what_was_left_out_and_each_claims_weight(capsys) -> None:
    code, out, err = run(["reconcile", "--pooled", "--as-of", "2024-02-26", "--known-by",
                          "2024-02-26", "--drop", "hur_1_5m_rounds", "--weight",
                          "nis_1m_rounds=2", "-f", "csv", *SMALL], capsys)
    assert code == 0, err
    said = comments(out)
    assert "known by 2024-02-26: only claims made public by then" in said
    assert "left out: hur_1_5m_rounds: dropped on request" in said
    assert any(c.startswith("left out: shin_6700_containers: first public 2024-02-27") for c in said)
    rows = table(out)
    weights = {r["id"]: r["weight"] for r in rows if r["kind"] == "claim"}
    assert weights["nis_1m_rounds"] == "2"  # its origin's one pooled claim, weighed 2
    assert any(c.startswith("left out: nis_10_shipments: counts shipments of scope munitions")
               for c in said)  # by ship and aircraft: not port calls
    assert "hur_1_5m_rounds" not in weights
    # a row's date and measure are its own figure's: the headline without a claim is usable
    # rounds at the pooled date, not the claim's measure at the claim's date
    (without,) = [r for r in rows if r["id"] == "nis_1m_rounds" and r["which"] ==
                  "headline_without"]
    assert (without["date"], without["unit"]) == ("2024-02-26", "rd")
    assert "usable" in without["measure"]


def test_the_containers_csv_says_related_and_carries_the_cargo_and_weight_share(capsys) -> None:
    code, out, err = run(["containers", "--count", "6700", "--related", "--calibre",
                          "152mm_he", "-f", "csv", *SMALL], capsys)
    assert code == 0, err
    (line,) = [c for c in comments(out) if c.startswith("input: ")]
    assert "scope.munitions_share" in line
    rows = table(out)
    (cargo,) = [r for r in rows if r["measure"] == "cargo capacity"]
    assert cargo["unit"] == "t" and float(cargo["p50"]) > 0
    code, js, _ = run(["containers", "--count", "6700", "--related", "--calibre", "152mm_he",
                       "-f", "json", *SMALL], capsys)
    doc = json.loads(js)
    assert float(cargo["p50"]) == pytest.approx(doc["cargo_capacity"]["p50"], rel=1e-5)
    (boxes,) = [r for r in rows if r["measure"] == "containers"]
    assert boxes["unit"] == "box"
    assert float(boxes["p50"]) == pytest.approx(doc["munitions_containers"]["p50"], rel=1e-5)
    for r in (r for r in rows if r["calibre"]):  # the share the 'binding' words round down
        share = float(r["weight_share"])
        word, _, percent = r["binding"].partition(" ")
        if share >= 0.95 or share <= 0.05:
            assert r["binding"] == ("weight" if share >= 0.95 else "volume")
        else:
            assert word == ("weight" if share >= 0.5 else "volume")
            binds = share if word == "weight" else 1.0 - share
            assert 0 <= 100 * binds - int(percent.rstrip("%")) < 1.01  # 4 digits written


def test_the_days_csv_carries_the_answers_to_over_and_per_day(capsys) -> None:
    code, out, err = run(["days", "--rounds", "1M", "--per-day", "2700", "--over", "90",
                          "-f", "csv", *SMALL], capsys)
    assert code == 0, err
    rows = {r["key"]: r for r in table(out)}
    assert float(rows["sustained"]["p50"]) == pytest.approx(1e6 / 90, rel=1e-5)  # 6 digits
    assert float(rows["implied"]["p50"]) == pytest.approx(1e6 / 2700, rel=1e-5)


def test_the_sensitivity_csv_carries_the_swing_and_the_unit(capsys) -> None:
    code, out, err = run(["sensitivity", "containers", "--count", "6700", "--calibre",
                          "152mm_he", "--samples", "64", "-f", "csv"], capsys)
    assert code == 0, err
    for r in table(out):
        assert r["unit"] == "rd"
        if r["at_p5"] and r["at_p95"]:
            ends = float(r["at_p5"]), float(r["at_p95"])  # each written to 6 digits
            assert float(r["swing"]) == pytest.approx(abs(ends[1] - ends[0]),
                                                      abs=2e-5 * max(map(abs, ends)))


def test_a_part_month_of_the_timeline_is_labelled_and_dated(capsys) -> None:
    argv = ["timeline", "--from", "2024-01-15", "--to", "2024-02-10", *SMALL]
    code, out, err = run(argv, capsys)
    assert code == 0, err
    assert "2024-01 (15-31)" in out and "2024-02 (1-10)" in out
    code, js, _ = run([*argv, "-f", "json"], capsys)
    first, last = json.loads(js)["months"][0], json.loads(js)["months"][-1]
    assert (first["month"], first["from"], first["to_exclusive"]) == ("2024-01", "2024-01-15",
                                                                     "2024-02-01")
    assert last["to_exclusive"] == "2024-02-11"
    code, out, _ = run(["timeline", "--from", "2024-01", "--to", "2024-02", *SMALL], capsys)
    assert "2024-01 (" not in out  # whole months keep their plain label


def test_a_newline_in_a_users_claim_keeps_its_markdown_row_one_row(tmp_path: Path,
                                                                  capsys) -> None:
    claims = tmp_path / "mine.toml"
    claims.write_text('[claims.two_lines]\nwho = """Someone\nwith two lines"""\noutlet = "x"\n'
                      'published = 2024-03-01\nas_of = 2024-02-26\nperiod_start = 2023-08-01\n'
                      'measure = "containers"\nbasis = "delivered"\nscope = "munitions"\n'
                      'form = "exact"\nfigure = "6700"\norigin = "test"\nquote = "q"\n',
                      encoding="utf-8")
    code, out, err = run(["reconcile", "--reports", str(claims), "--claim", "two_lines",
                          "-f", "markdown", "--samples", "300"], capsys)
    assert code == 0, err
    rows = [line for line in out.splitlines() if line.startswith("| `two_lines`")]
    assert rows and all(line.endswith("|") for line in rows)
    assert "Someone with two lines" in rows[0]


@pytest.mark.parametrize("argv", [["reports", "list"], ["reconcile", "--samples", "300"]])
def test_a_claims_csv_tells_capacity_from_delivered_and_carries_first_public(argv,
                                                                            capsys) -> None:
    code, out, err = run([*argv, "-f", "csv"], capsys)
    assert code == 0, err
    rows = {r["claim"]: r for r in table(out)}
    csis, hur = rows["csis_2_5m_rounds_capacity"], rows["hur_1_5m_rounds"]
    assert (csis["basis"], hur["basis"]) == ("capacity", "delivered")
    assert (hur["first_public"], rows["nkpro_32_port_calls"]["first_public"]) == (
        "2024-02-23", "")
    assert rows["osc_16000_containers"]["origin"] == "reuters_osc"


@pytest.mark.parametrize(("argv", "name"), [
    (["port-calls", "--count", "30-40+"], "count"), (["days", "--rounds", "6.5M-8M+"], "rounds"),
    (["containers", "--count", "6000-7000+", "--calibre", "152mm_he"], "count"),
    (["shells", "--count", "2M-3M+", "--calibre", "152mm_he"], "count"),
])
def test_every_json_input_says_a_range_is_open_at_its_top(argv, name, capsys) -> None:
    code, out, err = run([*argv, "-f", "json", "--samples", "300"], capsys)
    assert code == 0, err
    given = json.loads(out)["input"]
    assert given["form"] == "range" and given["open_high"] is True
    assert given[name].endswith("+") and given["low"] < given["high"]


@pytest.mark.parametrize(("argv", "said"), [
    (["containers", "--count", "6700", "--calibre", "152mm_he"], []),
    (["shells", "--count", "2.5M"], []),
    (["port-calls", "--count", "32+"],
     ["shin_6700_containers (~6,700 containers, counted 2023-08-01 to 2024-02-26) over these "
      "32+ implies ", "(the calls counted must cover the claim's own period"]),
    (["rail", "--cars", "73"], ["containers per unit: "]),
    (["timeline", "--from", "2023-08", "--to", "2023-10"], ["calls.aug_2023: 2023-08-01 to 2023-08-31"]),
    (["days", "--rounds", "1M", "--over", "365"],
     ["production.* rows are output (Russian artillery production, by year and by source), "
      "not fire", "share = those rounds a day as a "
      "share of each rate"]),
    (["reconcile", "--claim", "shin_6700_containers", "--claim", "kirby_1000_containers"],
     ["152mm-equivalent = the same boxes filled with 152mm_he", "containers = containers of "
      "munitions", "shin_6700_containers: ~6,700: about",
      "kirby_1000_containers: scope: munitions or related materials"]),
    (["sensitivity", "containers", "--count", "6700"],
     ["S1: the share of the output's variance", "at p5 / at p95: the output with this input",
      "rank corr.: Spearman correlation"]),
    (["reconcile", "--pooled", "--reporting-error", "0.35"],
     ["reporting error: log(figure + 1) = log(value + 1) + e, e normal with sd "
      "sqrt(0.35^2"]),
])
def test_a_csv_carries_the_notes_and_the_monte_carlo_error_its_table_gives(
        argv: list[str], said: list[str], capsys) -> None:  # type: ignore[no-untyped-def]
    """A CSV loaded into a spreadsheet is quoted as the table is: the same caveats, the
    definitions of its measures, and how far the Monte Carlo error reaches (only the
    containers CSV said that, and the pooled one not its reporting error)."""
    small = ["--samples", "64" if argv[0] == "sensitivity" else "2000"]
    code, table_out, err = run([*argv, *small], capsys)
    assert code == 0, err
    code, out, err = run([*argv, *small, "-f", "csv"], capsys)
    assert code == 0, err
    lines = comments(out)
    assert len(lines) == len(set(lines)), "a line twice"
    mc = [c for c in lines if "Monte Carlo error" in c]
    if argv[0] == "sensitivity":  # indices and swings, no percentiles: no Monte Carlo line
        assert not mc and "Monte Carlo error" not in table_out
    else:
        assert len(mc) == 1 and mc[0] in table_out
    for text in said:
        assert any(text in c for c in lines), text
        assert text in table_out, text


def test_a_days_table_says_what_its_share_is(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(["days", "--rounds", "1M", "--over", "365", *SMALL], capsys)
    assert code == 0, err
    assert "share = those rounds a day as a share of each rate: of fire (consumption.*)" in out
    code, out, err = run(["days", "--rounds", "1M", *SMALL], capsys)
    assert code == 0 and "share =" not in out  # no share without --over


def test_the_records_give_a_users_files_whole_wherever_they_are_read(
        capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file named relative to the run's folder is named whole in the JSON and CSV
    records (the defaults are), so that a document read elsewhere still says which file."""
    root = Path(__file__).resolve().parent.parent
    for name in ("tight_rockets.toml",):
        (tmp_path / name).write_bytes((root / "tests" / "data" / name).read_bytes())
    (tmp_path / "claims.toml").write_bytes((root / "docs/examples/claims.toml").read_bytes())
    monkeypatch.chdir(tmp_path)
    mine, claims = str(tmp_path / "tight_rockets.toml"), str(tmp_path / "claims.toml")
    code, out, err = run(["containers", "--count", "10", "--calibre", "152mm_he", "-a",
                          "tight_rockets.toml", "-f", "json", *SMALL], capsys)
    assert code == 0, err
    assert json.loads(out)["run"]["assumption_files"][-1] == mine
    code, out, err = run(["reconcile", "-r", "claims.toml", "--claim", "shin_6700_containers",
                          "-f", "json", *SMALL], capsys)
    assert code == 0, err
    assert json.loads(out)["report_files"][-1] == claims
    code, out, err = run(["assumptions", "show", "duds.dud_rate", "-a", "tight_rockets.toml",
                          "-f", "csv"], capsys)
    assert code == 0, err
    assert comments(out)[0].endswith(mine), comments(out)
    code, out, err = run(["reports", "list", "-r", "claims.toml", "-f", "csv"], capsys)
    assert code == 0, err
    assert comments(out)[0].split(";")[0].endswith(claims), comments(out)
    # an error names the file as written
    (tmp_path / "bad.toml").write_text("x = 1\n", encoding="utf-8")
    code, out, err = run(["containers", "--count", "10", "-a", "bad.toml"], capsys)
    assert code == 2 and err.startswith("error: bad.toml: x"), err
