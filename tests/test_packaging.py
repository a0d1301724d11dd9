"""The package as a learner installs it: built into a wheel and run outside the checkout.

``pip install .`` (not editable) must give a package that finds its data and
runs. This test copies only what the build uses into a temporary folder, builds
the wheel there (offline: ``--no-index --no-build-isolation``), installs it into
a fresh virtual environment that borrows the test environment's dependencies
(but not its editable install of the course), and, from a folder outside the
checkout, imports every module, loads every table and runs a few public
functions. It also checks that ``HIGM_LESSONS_DATA`` still overrides the data.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUILD_INPUTS = ["pyproject.toml", "README.md", "LICENSE", "higm_lessons", "data"]

SMOKE = textwrap.dedent(
    """
    import importlib, json, os, pkgutil, sys, tempfile
    from pathlib import Path

    import higm_lessons
    from higm_lessons import data

    report = {"package": higm_lessons.__file__, "data_dir": str(data.data_dir())}
    modules = [m.name for m in pkgutil.walk_packages(higm_lessons.__path__, "higm_lessons.")]
    for name in modules:
        importlib.import_module(name)
    report["modules"] = len(modules)
    report["tables"] = {name: len(data.load_table(name)) for name in data.table_names()}
    report["problems"] = data.validate_all()

    from higm_lessons.assessment import draw_questions, example_exports
    from higm_lessons.cases import load_cases
    from higm_lessons.classroom import class_summary
    from higm_lessons.figures.pedigree import pedigree_figure
    from higm_lessons.inheritance import carrier_risks
    from higm_lessons.higm_types import knockout
    from higm_lessons.pedigree import example
    from higm_lessons.prompts import all_prompts
    from higm_lessons.quiz import all_questions

    family = example("x-linked")
    risks = carrier_risks(family, "x-linked")
    report["risk_of_9"] = float(risks["9"])
    report["figure_traces"] = len(pedigree_figure(family, risks=risks).data)
    report["questions"] = len(all_questions())
    report["prompts"] = len(all_prompts())
    report["final_questions"] = len(draw_questions(2025))
    report["cases"] = len(load_cases())
    report["cd40lg_knockout"] = knockout("CD40LG")
    with tempfile.TemporaryDirectory() as folder:
        summary = class_summary(example_exports(folder, learners=4, seed=1))
    report["learners"] = len(summary.learners)

    override = Path(tempfile.mkdtemp())
    os.environ[data.DATA_ENV] = str(override)
    report["override_dir"] = str(data.data_dir())
    report["override_fallback"] = str(data.data_path("lessons.csv").parent)
    print(json.dumps(report))
    """
)


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "HIGM_LESSONS"))}
    env["PIP_NO_INDEX"] = "1"
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """Build, install and run the smoke script; return its report."""
    root = tmp_path_factory.mktemp("packaging")
    source = root / "src"
    source.mkdir()
    for name in BUILD_INPUTS:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, source / name)
    env = _clean_env()
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    subprocess.run(
        [*pip, "wheel", "--quiet", "--no-deps", "--no-index", "--no-build-isolation",
         "--wheel-dir", str(root / "dist"), str(source)],
        check=True, env=env, cwd=root, capture_output=True, text=True,
    )  # fmt: skip
    (wheel,) = (root / "dist").glob("higm_lessons-*.whl")
    target = root / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, env=env, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    # The dependencies come from the test environment's site-packages; a path listed in a .pth
    # file is added after the new environment's own site-packages, and the .pth files inside
    # it (such as an editable install of the course) are not run.
    borrowed = sysconfig.get_paths()["purelib"]
    (Path(purelib) / "course_dependencies.pth").write_text(borrowed + "\n", encoding="utf-8")
    subprocess.run(
        [*pip, "--python", str(python), "install", "--quiet", "--no-deps", "--no-index",
         str(wheel)],
        check=True, env=env, cwd=root, capture_output=True, text=True,
    )  # fmt: skip
    outside = root / "elsewhere"
    outside.mkdir()
    run = subprocess.run(
        [str(python), "-c", SMOKE], env=env, cwd=outside, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    report["site"] = purelib
    return report


def test_the_installed_package_is_the_wheel_not_the_checkout(installed):
    assert installed["package"].startswith(installed["site"])
    assert not installed["package"].startswith(str(REPO))


def test_the_wheel_carries_the_data_and_finds_it(installed):
    assert installed["data_dir"] == str(Path(installed["site"]) / "higm_lessons" / "course_data")
    shipped = {p.name for p in (Path(installed["data_dir"])).glob("*.csv")}
    assert shipped == {p.name for p in (REPO / "data").glob("*.csv")}
    for folder in ("questions", "cases", "prompts", "clinic"):
        inside = {p.name for p in (Path(installed["data_dir"]) / folder).glob("*.toml")}
        assert inside == {p.name for p in (REPO / "data" / folder).glob("*.toml")}


def test_every_module_imports_and_every_table_loads(installed):
    assert installed["modules"] >= 40
    assert installed["problems"] == []
    assert set(installed["tables"]) == {p.name for p in (REPO / "data").glob("*.csv")}
    assert all(rows > 0 for rows in installed["tables"].values())


def test_public_functions_run_from_the_installed_package(installed):
    from higm_lessons.inheritance import carrier_risks
    from higm_lessons.pedigree import example

    # the same answer as the checkout gives: near 1/2 for the sister of an affected boy's mother
    expected = float(carrier_risks(example("x-linked"), "x-linked")["9"])
    assert installed["risk_of_9"] == expected and 0.49 < expected <= 0.5
    assert installed["figure_traces"] >= 3
    assert installed["questions"] > 40 and installed["final_questions"] > 5
    assert installed["prompts"] >= 7  # the prompt files travel with the package
    assert installed["cases"] >= 2
    knocked = installed["cd40lg_knockout"]  # X-linked HIGM: IgM (and IgD) only
    assert knocked["made"] == ["IgM", "IgD"] and knocked["lost"] == ["IgG", "IgA", "IgE"]
    assert installed["learners"] == 4


def test_the_data_override_still_works_when_installed(installed):
    assert installed["override_dir"] != installed["data_dir"]
    # a file the instructor's folder lacks comes from the packaged data
    assert installed["override_fallback"] == installed["data_dir"]
