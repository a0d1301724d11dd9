"""`make bench`: the speed figures of the course against the budgets in the design.

This is a benchmark, not a test: it prints measurements and budgets and marks
any figure over budget; it does not fail. Run it on an otherwise idle machine.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.lessons import modules  # noqa: E402

LESSON_BUDGET_S = 10.0
COURSE_BUDGET_S = 60.0
REACTION_BUDGET_MS = 50.0
IMPORT_BUDGET_S = 0.1


def row(name: str, value: str, budget: str, ok: bool) -> None:
    print(f"  {name:<48} {value:>12}   budget {budget:<10} {'ok' if ok else 'OVER BUDGET'}")


def import_overhead(repeats: int = 7) -> tuple[float, float]:
    def wall(code: str) -> float:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    base = wall("import pandas, plotly.graph_objects")
    with_course = wall("import pandas, plotly.graph_objects, higm_lessons")
    return base, with_course - base


def lesson_times() -> list[tuple[str, float]]:
    from tools.run_notebook import execute

    return [(path.stem, execute(path)[1]) for path in sorted((ROOT / "notebooks").glob("*.ipynb"))]


def reaction_times(repeats: int = 60) -> list[tuple[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HIGM_LESSONS_PROGRESS"] = str(Path(tmp) / "progress.sqlite")
        results = []
        for name, setup in [w for m in modules() for w in getattr(m, "WIDGETS", [])]:
            actions = setup()
            times = []
            for i in range(repeats):
                action = actions[i % len(actions)]
                start = time.perf_counter()
                action()
                times.append(time.perf_counter() - start)
            results.append((name, 1000 * statistics.median(times)))
        return results


def main() -> int:
    print(f"HIGM course benchmarks  (python {sys.version.split()[0]}, {os.cpu_count()} cores)")
    print("\nImport")
    base, extra = import_overhead()
    row("import pandas + plotly (reference)", f"{base:.3f} s", "-", True)
    row(
        "import higm_lessons, added",
        f"{extra:+.3f} s",
        f"< {IMPORT_BUDGET_S} s",
        extra < IMPORT_BUDGET_S,
    )

    print("\nWidget reaction (control change to new output ready, in-kernel, median)")
    for name, ms in reaction_times():
        row(name, f"{ms:.1f} ms", f"< {REACTION_BUDGET_MS:.0f} ms", ms < REACTION_BUDGET_MS)

    extras = [row_ for m in modules() if hasattr(m, "extra") for row_ in m.extra()]
    if extras:
        print("\nComputation")
        for name, value, budget, ok in extras:
            row(name, value, budget, ok)

    print("\nLesson execution, top to bottom in a fresh kernel (nbclient, includes kernel start)")
    times = lesson_times()
    for name, seconds in times:
        row(name, f"{seconds:.2f} s", f"< {LESSON_BUDGET_S:.0f} s", seconds < LESSON_BUDGET_S)
    total = sum(s for _, s in times)
    row("whole course", f"{total:.2f} s", f"< {COURSE_BUDGET_S:.0f} s", total < COURSE_BUDGET_S)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
