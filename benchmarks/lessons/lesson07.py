"""Lesson 07 benchmarks: committing a diagnosis (with a confidence) in the case player, and the
feature chart."""

from __future__ import annotations

from collections.abc import Callable


def _player_commit() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson07 import case_player

    player = case_player("higm1-classic").inner

    def commit():
        if player.commit.disabled:
            player.restart.click()
        player.choice.value = "HIGM_CD40L"
        player.bar.confidence.value = "think so"
        player.commit.click()

    return [commit]


def _player_case() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson07 import case_player

    menu = case_player().inner.case_menu
    ids = [value for _label, value in menu.options]
    return [lambda i=i: setattr(menu, "value", i) for i in ids[1:] + ids[:1]]


def _feature_chart() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson07 import feature_chart

    control = feature_chart().inner.control
    kinds = [value for _label, value in control.options]
    return [lambda k=k: setattr(control, "value", k) for k in kinds[1:] + kinds[:1]]


WIDGETS: list[tuple[str, Callable[[], list[Callable[[], None]]]]] = [
    ("lesson 07 case player: commit and reveal", _player_commit),
    ("lesson 07 case player: choose a case", _player_case),
    ("lesson 07 feature chart: choose a kind", _feature_chart),
]


def extra() -> list[tuple[str, str, str, bool]]:
    """differential() with every stage of a case known, median of 50 runs."""
    import statistics
    import time

    from higm_lessons.cases import get_case
    from higm_lessons.diagnosis import differential

    patient = get_case("higm1-classic").patient(4)
    differential(patient)
    times = []
    for _ in range(50):
        start = time.perf_counter()
        differential(patient)
        times.append(1000 * (time.perf_counter() - start))
    median = statistics.median(times)
    return [("lesson 07 differential(): a full case", f"{median:.1f} ms", "< 50 ms", median < 50)]
