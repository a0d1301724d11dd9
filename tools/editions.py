"""Build the student and instructor editions of the course from one source (``make editions``).

Usage: python tools/editions.py [--out build] [--update-student]

* ``build/student/``: every notebook of ``notebooks/`` with the cells tagged
  ``instructor`` removed (nbconvert's TagRemovePreprocessor); the instructors' own
  notebooks (``instructor_*.ipynb``) are left out. This is what learners and Binder see.
* ``build/instructor/``: every notebook with its instructor cells kept and highlighted
  (a banner, as a quoted block), and each lesson's facilitator guide
  (``data/facilitator/<slug>.toml``) as an instructor cell after its title.
* ``build/instructor/facilitator_guides.html``: every guide on one printable page (one
  lesson per printed page), and ``build/instructor/guides/<notebook>.html`` one each.

``--update-student`` (what ``make lab`` runs) only brings ``build/student/`` up to date for a
learner who works in it: a notebook is written when it is missing or its source changed,
and a copy the learner changed since it was written is first kept in
``build/student/earlier/``.

Teaching notes are Markdown cells tagged ``instructor``: expected wrong answers,
follow-up questions, timing, a demo sequence. Code never hides in them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

import nbformat
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from higm_lessons.course import lessons  # noqa: E402
from higm_lessons.facilitator import guide_markdown, guide_page  # noqa: E402

TAG = "instructor"
GUIDE_ID = "facilitator-guide"
BANNER = "**For the instructor** (this cell is not in the student edition)"


def instructor_only(name: str) -> bool:
    """Notebooks for instructors only, left out of the student edition."""
    return name.startswith("instructor_")


class HighlightInstructorCells(Preprocessor):  # type: ignore[misc]
    """Mark each instructor cell with a banner, its text as a quoted block."""

    def preprocess_cell(self, cell, resources, index):  # type: ignore[no-untyped-def]
        if TAG in cell.metadata.get("tags", []) and cell.cell_type == "markdown":
            quoted = "\n".join(f"> {line}" if line else ">" for line in cell.source.splitlines())
            cell.source = f"> {BANNER}\n>\n{quoted}"
        return cell, resources


def guide_cell(slug: str) -> nbformat.NotebookNode:
    """A lesson's facilitator guide as an instructor cell."""
    cell = nbformat.v4.new_markdown_cell(guide_markdown(slug))
    cell.id = GUIDE_ID
    cell.metadata["tags"] = [TAG]
    return cell


def student_edition(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook without its instructor cells."""
    remove = TagRemovePreprocessor(remove_cell_tags={TAG}, enabled=True)
    result, _ = remove.preprocess(notebook, {})
    return result


def instructor_edition(notebook: nbformat.NotebookNode, slug: str | None) -> nbformat.NotebookNode:
    """The notebook with its facilitator guide (a lesson, by ``slug``) and highlighted notes."""
    if slug is not None:
        notebook.cells.insert(1, guide_cell(slug))
    result, _ = HighlightInstructorCells().preprocess(notebook, {})
    return result


def build(out: Path, source: Path = ROOT / "notebooks") -> dict[str, list[Path]]:
    """Write both editions and the printable guides below ``out``; return what was written."""
    slugs = {row.notebook: row.slug for row in lessons().itertuples() if row.available}
    written: dict[str, list[Path]] = {"student": [], "instructor": [], "guides": []}
    shutil.rmtree(out / "instructor", ignore_errors=True)
    (out / "instructor").mkdir(parents=True)
    update_student(out, source)  # keeps a learner's changed copies (make lab works in it)
    written["student"] = [out / "student" / p.name for p in sorted(source.glob("*.ipynb"))
                          if not instructor_only(p.name)]  # fmt: skip
    for path in sorted(source.glob("*.ipynb")):
        notebook = instructor_edition(nbformat.read(path, as_version=4), slugs.get(path.name))
        nbformat.write(notebook, out / "instructor" / path.name)
        written["instructor"].append(out / "instructor" / path.name)
    pages = out / "instructor" / "guides"
    pages.mkdir()
    for name, slug in sorted(slugs.items()):
        page = pages / f"{Path(name).stem}.html"
        page.write_text(guide_page([slug]), encoding="utf-8")
        written["guides"].append(page)
    everything = out / "instructor" / "facilitator_guides.html"
    everything.write_text(guide_page(), encoding="utf-8")
    written["guides"].append(everything)
    return written


WRITTEN = ".written.json"
"""In ``build/student/``: the digest of each notebook as it was last written."""


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def update_student(out: Path, source: Path = ROOT / "notebooks") -> list[Path]:
    """Bring ``out/student`` up to date for a learner working in it; return what was written.

    A notebook is written when it is missing or its source changed since it was last
    written. If the learner changed the copy since then, it is first moved to
    ``out/student/earlier/<name>-<time>.ipynb``, so nothing they typed is lost.
    """
    folder = out / "student"
    folder.mkdir(parents=True, exist_ok=True)
    record = folder / WRITTEN
    written: dict[str, str] = json.loads(record.read_text()) if record.is_file() else {}
    updated = []
    for path in sorted(source.glob("*.ipynb")):
        if instructor_only(path.name):
            continue
        text = nbformat.writes(student_edition(nbformat.read(path, as_version=4))) + "\n"
        target = folder / path.name
        if target.is_file() and written.get(path.name) == _digest(text):
            continue  # its source has not changed
        if target.is_file() and _digest(target.read_text(encoding="utf-8")) not in (
            written.get(path.name), _digest(text)
        ):
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            (folder / "earlier").mkdir(exist_ok=True)
            target.rename(folder / "earlier" / f"{path.stem}-{stamp}.ipynb")
        target.write_text(text, encoding="utf-8")
        written[path.name] = _digest(text)
        updated.append(target)
    record.write_text(json.dumps(written, indent=1, sort_keys=True) + "\n")
    return updated


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the student and instructor editions.")
    parser.add_argument("--out", type=Path, default=ROOT / "build")
    parser.add_argument("--update-student", action="store_true",
                        help="only bring the student edition up to date, keeping a learner's "
                        "changed copies (make lab)")  # fmt: skip
    args = parser.parse_args(argv)
    if args.update_student:
        updated = update_student(args.out)
        print(f"student edition: {len(updated)} notebooks updated in {args.out / 'student'}")
        return 0
    written = build(args.out)
    for kind, paths in written.items():
        print(f"{kind}: {len(paths)} files in {paths[0].parent if paths else args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
