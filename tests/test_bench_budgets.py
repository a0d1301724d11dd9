"""The benchmark runner's budget check: what makes `make bench` exit non-zero."""

from __future__ import annotations

import json
import math

import pytest

from benchmarks import budgets
from benchmarks.budgets import Figure, over_budget, percentile
from benchmarks.run import (
    NAME_WIDTH,
    fitted,
    main,
    notebook_label,
    parse,
    reference_values,
    table,
)


def test_budgets_are_the_design_numbers():
    assert (budgets.IMPORT_ADDED_S, budgets.LESSON_RUN_S, budgets.COURSE_RUN_S) == (0.5, 10, 60)
    assert (budgets.KERNEL_REACTION_MS, budgets.BROWSER_P50_MS, budgets.BROWSER_P95_MS) == (
        50, 100, 250)  # fmt: skip
    assert (budgets.SIMULATE_RATIO, budgets.CARRIER_RISKS_S) == (3, 0.5)
    assert budgets.PRACTICE_MS == 50


def test_strict_budget_fails_at_the_limit_and_inclusive_budget_passes_there():
    assert not Figure("kernel", "reaction", 50.0, "ms", 50.0).ok  # "under 50 ms"
    assert Figure("kernel", "reaction", 49.9, "ms", 50.0).ok
    assert Figure("browser", "p50", 100.0, "ms", 100.0, strict=False).ok  # "at most 100 ms"
    assert not Figure("browser", "p50", 100.1, "ms", 100.0, strict=False).ok


def test_figures_without_a_budget_never_fail_and_a_failed_measurement_does():
    assert Figure("kernel", "bytes", 1e9, "B").ok
    assert not Figure("run", "lesson", math.nan, "s", 10.0).ok


def test_over_budget_lists_exactly_the_figures_over():
    figures = [
        Figure("import", "a", 0.2, "s", 0.5),
        Figure("import", "b", 0.7, "s", 0.5),
        Figure("browser", "c p95", 260.0, "ms", 250.0, strict=False),
        Figure("kernel", "bytes", 12_000, "B"),
    ]
    assert [f.name for f in over_budget(figures)] == ["b", "c p95"]
    assert over_budget(figures[:1]) == []
    text = table(figures)
    assert text.count("OVER BUDGET") == 2 and "<= 250 ms" in text


def test_percentiles_interpolate_between_order_statistics():
    values = [float(v) for v in range(1, 21)]  # 20 changes: 1..20 ms
    assert percentile(values, 50) == 10.5
    assert percentile(values, 95) == pytest.approx(19.05)
    assert percentile([5.0], 95) == 5.0
    with pytest.raises(ValueError, match="q must be"):
        percentile(values, 101)
    with pytest.raises(ValueError, match="empty"):
        percentile([], 50)


def test_the_runner_rejects_unknown_sections():
    assert parse(["--only", "import,kernel"]).only == ["import", "kernel"]
    with pytest.raises(SystemExit):
        parse(["--only", "imports"])


def test_a_long_figure_name_keeps_its_percentile_in_the_table():
    name = "lesson instructor_class_summary class summary: learners slider (arrow keys) p95"
    shown = fitted(name)
    assert len(shown) == NAME_WIDTH and shown.endswith("(arrow keys) p95")
    assert shown.startswith("lesson instructor_class_summary")
    assert fitted("short") == "short".ljust(NAME_WIDTH)
    lines = table([Figure("browser", name, 97.0, "ms", 100.0, strict=False)]).splitlines()
    assert "p95" in lines[-1] and lines[-1].rstrip().endswith("ok")


def test_figures_name_lessons_by_number_and_other_notebooks_by_name():
    assert notebook_label("02") == "lesson 02"
    assert notebook_label("instructor_class_summary") == "instructor class summary"


def test_the_table_shows_each_figure_beside_its_value_in_an_earlier_run(tmp_path):
    now = [Figure("browser", "lesson 02 slider p50", 55.2, "ms", 100.0, strict=False),
           Figure("browser", "lesson 14 new p50", 40.0, "ms", 100.0, strict=False)]  # fmt: skip
    earlier = tmp_path / "reference.json"
    earlier.write_text(json.dumps({"figures": [{"name": "lesson 02 slider p50", "value": 75.56}]}))
    lines = table(now, reference_values(earlier)).splitlines()
    assert lines[-2].endswith("ok          (was 75.6)") and "55.2" in lines[-2]
    assert lines[-1].rstrip().endswith("ok")  # nothing to compare with
    assert reference_values(tmp_path / "none.json") == {}
    earlier.write_text("[]")
    with pytest.raises(ValueError, match=r"reference\.json"):
        reference_values(earlier)


def test_only_a_whole_run_can_become_the_reference():
    assert parse(["--save-reference"]).save_reference
    for partial in (["--only", "kernel"], ["--lessons", "02"]):
        with pytest.raises(SystemExit):
            parse([*partial, "--save-reference"])


def test_a_broken_reference_stops_the_run_before_anything_is_measured(tmp_path, capsys):
    broken = tmp_path / "reference.json"
    broken.write_text("{}")
    assert main(["--only", "compute", "--compare", str(broken)]) == 2
    assert "reference.json is not a make bench results file" in capsys.readouterr().out
