"""The architecture holds: layers listed completely, short functions, no borrowed private names.

The import contract itself (pure modules, figures, widgets, no cycles) is
checked by import-linter in ``make test`` (``lint-imports``, configured in
pyproject.toml). These tests keep that contract complete and prove that it sees
imports inside functions, which is where cycles used to hide.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "higm_lessons"
CONTRACTS = {
    c["id"]: c
    for c in tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"][
        "contracts"
    ]
}
PRESENTATION = {"figures", "theme", "widgets"}
"""Top-level modules that draw or show: everything else is a pure module."""

MAX_LINES = 60
LONG_FUNCTIONS: set[str] = set()
"""Functions allowed to exceed MAX_LINES, each with its reason."""


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _functions(tree: ast.AST):
    """(qualified name, node) of every function, methods as Class.method, nested ones too."""

    def walk(node: ast.AST, prefix: str):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                yield prefix + child.name, child
                yield from walk(child, prefix + child.name + ".")
            elif isinstance(child, ast.ClassDef):
                yield from walk(child, prefix + child.name + ".")
            else:
                yield from walk(child, prefix)

    yield from walk(tree, "")


def _is_data_literal(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A function whose body is a docstring and one ``return`` of a literal (a table in code)."""
    body = [
        s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
    ]
    return (
        len(body) == 1
        and isinstance(body[0], ast.Return)
        and isinstance(body[0].value, ast.List | ast.Dict | ast.Tuple | ast.Set)
    )


def test_no_function_is_longer_than_60_lines():
    too_long, found = [], set()
    for path in _modules():
        relative = path.relative_to(PACKAGE).as_posix()
        for name, node in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            lines = node.end_lineno - node.lineno + 1
            key = f"{relative}:{name}"
            if lines <= MAX_LINES or _is_data_literal(node):
                continue
            found.add(key)
            if key not in LONG_FUNCTIONS:
                too_long.append(f"{key} has {lines} lines; split it into named steps")
    assert not too_long, "\n".join(too_long)
    stale = LONG_FUNCTIONS - found
    assert not stale, f"no longer long (remove from LONG_FUNCTIONS): {sorted(stale)}"


def test_every_module_belongs_to_a_layer_of_the_import_contract():
    top = {
        p.stem if p.is_file() else p.name
        for p in PACKAGE.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()
    }
    pure = {m.removeprefix("higm_lessons.") for m in CONTRACTS["pure"]["source_modules"]}
    assert top - PRESENTATION == pure, (
        "list every pure module in the 'pure' contract of pyproject.toml "
        f"(missing {sorted(top - PRESENTATION - pure)}, unknown {sorted(pure - top)})"
    )
    assert set(CONTRACTS["figures"]["source_modules"]) == {
        "higm_lessons.figures",
        "higm_lessons.theme",
    }


def test_every_widget_module_is_in_the_widget_layers():
    widgets = {p.stem for p in (PACKAGE / "widgets").glob("*.py") if p.stem != "__init__"}
    listed = {
        name.strip().removeprefix("higm_lessons.widgets.")
        for layer in CONTRACTS["widgets"]["layers"]
        for name in layer.split("|")
    }
    assert widgets == listed, (
        f"add new widget modules to the 'widgets' contract: {widgets ^ listed}"
    )


def test_lesson_widget_modules_never_import_each_other():
    """Every lesson's widget module (named by topic, such as ``pedigrees``) sits in one layer of
    independent siblings (``|``), and the contract makes no exception: what two lessons share
    lives in a shared widget module. The course home's widget module is a lesson-level module
    too."""
    shared = {"__init__", "common", "quiz", "progress", "prompt", "faded"}
    lessons = {p.stem for p in (PACKAGE / "widgets").glob("*.py")} - shared
    top = CONTRACTS["widgets"]["layers"][0]
    assert ":" not in top, "lesson widget modules must be independent siblings (use '|')"
    assert {n.strip().removeprefix("higm_lessons.widgets.") for n in top.split("|")} == lessons
    assert not CONTRACTS["widgets"].get("ignore_imports"), (
        "no lesson widget module may import another; move the shared code to widgets/common.py"
    )


def test_no_module_imports_another_modules_private_names():
    borrowed = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        borrowed.append(f"{path.relative_to(REPO)}: {node.module}.{alias.name}")
    assert not borrowed, "make these public or move them to a shared module:\n" + "\n".join(
        borrowed
    )


@pytest.fixture(scope="module")
def lint_imports() -> Path:
    path = Path(sys.executable).parent / "lint-imports"
    if not path.exists():
        pytest.fail("import-linter is missing: pip install -e '.[test]' installs it")
    return path


def _demo_package(root: Path, files: dict[str, str]) -> None:
    (root / "demo").mkdir()
    (root / "demo" / "__init__.py").write_text("")
    for name, text in files.items():
        (root / "demo" / name).write_text(textwrap.dedent(text))


def _run(lint_imports: Path, root: Path, config: str) -> subprocess.CompletedProcess:
    (root / ".importlinter").write_text(textwrap.dedent(config))
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo"],
        cwd=root, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_the_cycle_contract_sees_imports_inside_functions(lint_imports, tmp_path):
    _demo_package(
        tmp_path,
        {
            "progress.py": "import demo.assessment\n",
            "assessment.py": "def topic():\n    from demo import progress\n    return progress\n",
        },
    )
    config = """
        [importlinter]
        root_package = demo
        [importlinter:contract:acyclic]
        name = No cycles
        type = acyclic_siblings
        ancestors = demo
    """
    result = _run(lint_imports, tmp_path, config)
    assert result.returncode == 1 and "BROKEN" in result.stdout, result.stdout
    (tmp_path / "demo" / "assessment.py").write_text("def topic():\n    return None\n")
    result = _run(lint_imports, tmp_path, config)
    assert result.returncode == 0 and "KEPT" in result.stdout, result.stdout


def test_the_pure_contract_sees_a_plotly_import_inside_a_function(lint_imports, tmp_path):
    _demo_package(tmp_path, {"pure.py": "def draw():\n    import plotly\n    return plotly\n"})
    config = """
        [importlinter]
        root_package = demo
        include_external_packages = True
        [importlinter:contract:pure]
        name = Pure
        type = forbidden
        source_modules = demo.pure
        forbidden_modules = plotly
    """
    result = _run(lint_imports, tmp_path, config)
    assert result.returncode == 1 and "demo.pure is not allowed to import plotly" in result.stdout
