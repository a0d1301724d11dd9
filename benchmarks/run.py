"""`make bench`: what a learner waits for, measured against the budgets in the design.

Sections (all by default; choose some with ``--only``, e.g. ``--only import,kernel``):

* ``import``   each lesson's first import in a fresh process, added to pandas + plotly;
* ``run``      each lesson top to bottom in a fresh kernel (nbclient), and the whole course;
* ``kernel``   the main control's reaction through that kernel, with bytes sent;
* ``compute``  simulate_families against bare numpy; carrier_risks on 20 people;
               generating and checking a practice problem of each kind;
* ``browser``  key press or click to the output's DOM change in JupyterLab in Chromium.

Prints a table, writes every figure with machine information to
``build/bench/results.json`` (``--output``), and exits 1 when a budget is exceeded.
The machine's load is recorded: run it on an otherwise idle machine for figures to compare.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import budgets as B  # noqa: E402
from benchmarks.budgets import Figure  # noqa: E402
from benchmarks.lessons import notebook_key  # noqa: E402

SECTIONS = ("import", "run", "kernel", "compute", "browser")


def machine() -> dict:
    cpu = ""
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "commit": commit + ("+changes" if dirty else ""),
    }


def notebook_label(key: str) -> str:
    """How a figure names its notebook: "lesson 02", or "course home" for one that is not a
    lesson."""
    return f"lesson {key}" if key.isdigit() else key.replace("_", " ")


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def import_figures(notebooks: list[Path], repeats: int) -> tuple[list[Figure], dict]:
    from benchmarks import imports

    data = imports.measure(notebooks, ROOT, repeats=repeats)
    figures = [
        Figure("import", "import pandas + plotly.graph_objects (floor)", data["baseline_s"], "s")
    ]
    for nn, lesson in data["lessons"].items():
        added = lesson["s"] - data["baseline_s"]
        figures.append(
            Figure(
                "import",
                f"{notebook_label(nn)} first import, added",
                added,
                "s",
                B.IMPORT_ADDED_S,
                note=lesson["code"].replace("\n", "; "),
            )
        )
    return figures, data


def kernel_figures(
    notebooks: list[Path], with_run: bool, with_kernel: bool, changes: int, log
) -> tuple[list[Figure], dict]:
    from benchmarks import kernel
    from benchmarks.lessons import by_lesson

    specs = by_lesson()
    figures, data = [], {}
    for path in notebooks:
        nn = notebook_key(path)
        spec = specs[nn].KERNEL if with_kernel else None
        result = kernel.run_lesson(path, spec, changes=changes)
        data[nn] = result
        if with_run:
            figures.append(
                Figure(
                    "run",
                    f"{notebook_label(nn)} top to bottom",
                    result["run_s"],
                    "s",
                    B.LESSON_RUN_S,
                    note="fresh kernel, includes its start",
                )
            )
        if spec is not None:
            ms = B.median(result["ms"])
            size = B.median(result["bytes"])
            figures.append(
                Figure(
                    "kernel",
                    f"{notebook_label(nn)} {spec.name}",
                    ms,
                    "ms",
                    B.KERNEL_REACTION_MS,
                    note=f"median of {changes}; p95 {B.percentile(result['ms'], 95):.1f} ms; "
                    f"round trip of 'pass' {result['floor_ms']:.1f} ms",
                )
            )
            figures.append(
                Figure(
                    "kernel",
                    f"{notebook_label(nn)} bytes sent per reaction",
                    size,
                    "B",
                    note=f"median; {B.median(result['comm_msgs']):g} widget messages",
                )
            )
        log(
            f"  lesson {nn}: ran in {result['run_s']:.2f} s"
            + (f", reaction {B.median(result['ms']):.1f} ms" if spec else "")
        )
    if with_run and len(notebooks) > 1:
        total = sum(d["run_s"] for d in data.values())
        figures.append(Figure("run", "whole course", total, "s", B.COURSE_RUN_S))
    return figures, data


def compute_figures() -> tuple[list[Figure], dict]:
    from benchmarks import compute

    sim = compute.simulate()
    risks = compute.carrier_risks()
    figures = [
        Figure(
            "compute",
            "simulate_families 1e6 families x 4 children",
            sim["simulate_s"] * 1000,
            "ms",
            note=f"bare numpy {sim['numpy_s'] * 1000:.1f} ms",
        ),
        Figure(
            "compute",
            "simulate_families / bare numpy, same bits",
            sim["ratio"],
            "x",
            B.SIMULATE_RATIO,
        ),
    ] + [
        Figure(
            "compute",
            f"carrier_risks, 20 people with a loop ({mode})",
            s,
            "s",
            B.CARRIER_RISKS_S,
            note="slowest of 5",
        )
        for mode, s in risks.items()
    ]
    drills = compute.practice()
    figures += [
        Figure(
            "compute",
            f"practice: generate + check a problem ({kind})",
            times["median_s"] * 1000,
            "ms",
            B.PRACTICE_MS,
            note=f"median over levels 1-3 x 10 seeds; slowest {times['max_s'] * 1000:.1f} ms",
        )
        for kind, times in drills.items()
    ]
    got, clinic_raw = clinic_figures()
    figures += got
    raw = {"simulate": sim, "carrier_risks": risks, "practice": drills, "clinic": clinic_raw}
    return figures, raw


def clinic_figures() -> tuple[list[Figure], dict]:
    """The virtual clinic: each action under 50 ms; simulation figures (issue 15)."""
    from benchmarks import clinic

    timings = clinic.actions()
    figures = [
        Figure("compute", f"clinic: {name}", t["median_s"] * 1000, "ms", B.CLINIC_ACTION_MS,
               note=f"median over 40 patients; slowest {t['max_s'] * 1000:.1f} ms")
        for name, t in timings.items()
    ]  # fmt: skip
    sim = clinic.simulation()
    policies = {row["policy"]: row for row in sim["policies"]}
    figures += [
        Figure("compute", "clinic: pattern rows outside tolerance (1,000 per condition)",
               100 * (1 - sim["pattern_agree_share"]), "%", 0.0001, strict=False),
        Figure("compute", "clinic: published figures outside tolerance",
               100 * (1 - sim["published_agree_share"]), "%", 0.0001, strict=False),
        Figure("compute", "clinic: reference work-up wrong diagnoses",
               100 * (1 - policies["reference"]["accuracy"]), "%", 5.0, strict=False,
               note=f"{policies['reference']['patients']} patients"),
        Figure("compute", "clinic: random work-up points, reference minus random",
               policies["reference"]["points"] - policies["random"]["points"], "points",
               note=f"random accuracy {policies['random']['accuracy']:.2f}"),
    ]  # fmt: skip
    return figures, {"actions": timings, **sim}


def browser_figures(notebooks: list[Path], changes: int, log) -> tuple[list[Figure], dict]:
    from benchmarks import browser
    from benchmarks.lessons import by_lesson

    specs = {nn: m.BROWSER for nn, m in by_lesson().items()}
    data = browser.measure(ROOT, notebooks, specs, changes=changes, log=log)
    figures = []
    for nn, interactions in data.items():
        for item in interactions:
            ms, main = item["ms"], item["main"]
            tag = "" if main else " (other)"
            spread = f"{len(ms)} changes, min {min(ms):.0f}, max {max(ms):.0f}"
            for pct, limit, note in ((50, B.BROWSER_P50_MS, spread), (95, B.BROWSER_P95_MS, "")):
                figures.append(
                    Figure(
                        "browser",
                        f"{notebook_label(nn)} {item['name']}{tag} p{pct}",
                        B.percentile(ms, pct),
                        "ms",
                        limit if main else None,
                        strict=False,
                        note=note,
                    )
                )
    return figures, data


NAME_WIDTH = 72


def fitted(name: str, width: int = NAME_WIDTH) -> str:
    """``name`` in ``width`` characters: a long name loses its middle, never its end (which
    says p50 or p95)."""
    if len(name) <= width:
        return name.ljust(width)
    tail = name[-(width // 3) :]
    return name[: width - len(tail) - 1] + "\u2026" + tail


REFERENCE = ROOT / "benchmarks" / "reference.json"
"""The figures of the last release, measured on an idle machine (``--save-reference``)."""


def reference_values(path: Path | None) -> dict[str, float]:
    """Figure name -> value in an earlier results file (empty when there is none)."""
    if path is None or not path.is_file():
        return {}
    try:
        figures = json.loads(path.read_text())["figures"]
        return {str(f["name"]): float(f["value"]) for f in figures}
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path.name} is not a make bench results file: {exc}") from None


def _value_text(value: float, unit: str) -> str:
    if unit == "B":
        return f"{value:,.0f}"
    return f"{value:.3f}" if unit == "s" else f"{value:.1f}"


def table(figures: list[Figure], before: dict[str, float] | None = None) -> str:
    """The figures by section, each with its budget and verdict, and with its value in
    ``before`` (an earlier run, by figure name) where that has it."""
    before = before or {}
    lines, section = [], None
    order = {name: i for i, name in enumerate(SECTIONS)}
    for f in sorted(figures, key=lambda f: order.get(f.section, len(order))):
        if f.section != section:
            section = f.section
            lines.append(f"\n{section}")
        value = _value_text(f.value, f.unit)
        verdict = "" if not f.checked else ("ok" if f.ok else "OVER BUDGET")
        earlier = f"(was {_value_text(before[f.name], f.unit)})" if f.name in before else ""
        lines.append(
            f"  {fitted(f.name)} {value:>10} {f.unit:<3} {f.budget_text():<11} {verdict:<11} "
            f"{earlier}".rstrip()
        )
    return "\n".join(lines)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"comma-separated sections of {', '.join(SECTIONS)}",
    )
    parser.add_argument("--lessons", default="", help="comma-separated lesson numbers, e.g. 02,09")
    parser.add_argument("--changes", type=int, default=20, help="changes per reaction (20)")
    parser.add_argument("--repeats", type=int, default=5, help="fresh processes per import (5)")
    parser.add_argument("--output", type=Path, default=ROOT / "build" / "bench" / "results.json")
    parser.add_argument(
        "--compare", type=Path, default=REFERENCE,
        help="an earlier results file to show beside each figure (the release's reference)",
    )  # fmt: skip
    parser.add_argument(
        "--save-reference", action="store_true",
        help=f"also write the results to {REFERENCE.relative_to(ROOT)} (on an idle machine)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(args.only) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    if args.save_reference and (args.lessons or len(args.only) < len(SECTIONS)):
        parser.error("--save-reference needs the whole run (no --only or --lessons)")
    if args.changes < 2 or args.repeats < 1:
        parser.error("--changes must be at least 2 and --repeats at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    try:  # read before measuring: a broken file stops the run at once, not after it
        before = reference_values(args.compare)
    except ValueError as exc:
        print(f"--compare: {exc}")
        return 2
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
    )
    from benchmarks.lessons import by_lesson

    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    missing = sorted({notebook_key(p) for p in notebooks} - set(by_lesson()))
    if missing:
        print(f"add a benchmarks/lessons module for {', '.join(missing)}")
        return 2
    if args.lessons:
        wanted = {s.strip() for s in args.lessons.split(",")}
        notebooks = [p for p in notebooks if notebook_key(p) in wanted]

    def log(text: str) -> None:
        print(text, flush=True)

    info = {
        **machine(),
        "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "load_before": load(),
        "sections": args.only,
        "changes": args.changes,
    }
    log(
        f"HIGM course benchmarks: {info['commit']}, {info['cpus']} cores, "
        f"load {info['load_before']}, sections {', '.join(args.only)}"
    )
    figures: list[Figure] = []
    raw: dict = {}
    start = time.perf_counter()
    if "import" in args.only:
        log("import: fresh processes ...")
        got, raw["import"] = import_figures(notebooks, args.repeats)
        figures += got
    if "run" in args.only or "kernel" in args.only:
        log("run/kernel: each lesson in a fresh kernel ...")
        got, raw["kernel"] = kernel_figures(
            notebooks, "run" in args.only, "kernel" in args.only, args.changes, log
        )
        figures += got
    if "compute" in args.only:
        log("compute ...")
        got, raw["compute"] = compute_figures()
        figures += got
    if "browser" in args.only:
        log("browser: JupyterLab in Chromium ...")
        got, raw["browser"] = browser_figures(notebooks, args.changes, log)
        figures += got
    info["load_after"] = load()
    info["seconds"] = round(time.perf_counter() - start, 1)
    over = B.over_budget(figures)
    print(table(figures, before))
    print(
        f"\n{len(figures)} figures in {info['seconds']:.0f} s; load before {info['load_before']}, "
        f"after {info['load_after']}"
    )
    results = {
        "machine": info,
        "figures": [f.as_dict() for f in figures],
        "within_budget": not over,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({**results, "raw": raw}, indent=1, default=str) + "\n")
    print(f"results: {args.output}")
    if args.save_reference:  # without the raw timings: a small file to keep in the repository
        REFERENCE.write_text(json.dumps(results, indent=1, default=str) + "\n")
        print(f"reference: {REFERENCE.relative_to(ROOT)}")
    if over:
        print(f"OVER BUDGET: {len(over)} figure(s): " + "; ".join(f.name for f in over))
        return 1
    print("all budgets met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
