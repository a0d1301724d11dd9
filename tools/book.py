"""Build the course's static edition: ``make book`` -> build/book/ (a site) and build/book/pdf/.

Usage: python tools/book.py [--no-pdf] [--jobs N] [--out DIR]

1. Every student page (the lessons of data/lessons.csv, the course home and the glossary;
   not the instructors' notebook, and no cell tagged ``instructor``) runs top to bottom in
   a fresh kernel with the course's notebook runner (tools/run_notebook.py), N at a time.
2. tools/book_pages.py turns each into a static page: launch links, widgets switched off
   with a "needs Python" line, folded answers, plotly figures drawn by the site, and the
   lesson's kernel-free interaction (higm_lessons/figures/kernel_free.py).
3. Sphinx (myst-nb, sphinx-book-theme; settings in book/conf.py) writes the site, with the
   course map, the glossary, the references and search. Nothing is downloaded: plotly.js
   comes from the plotly package, the widget manager from book/_static/vendor/.
4. Headless Chromium prints one PDF per lesson (build/book/pdf/).

Environment: HIGM_BOOK_RELEASE (the tag the Binder and nbgitpuller links point at; default
``v`` + the package version) and HIGM_BOOK_HUB (a class JupyterHub's address; without it
the nbgitpuller link is shown as a template).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import html
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from higm_lessons import course  # noqa: E402
from higm_lessons.data import load_table  # noqa: E402
from higm_lessons.references import citation  # noqa: E402
from tools import book_pages  # noqa: E402
from tools.run_notebook import execute_notebook  # noqa: E402

TEMPLATE = ROOT / "book"
NOTEBOOKS = ROOT / "notebooks"
EXTRA_PAGES = ("course_home.ipynb", "glossary.ipynb")
"""Student pages that are not lessons (the instructors' notebook is left out)."""


def release_tag() -> str:
    """The release the launch links point at: HIGM_BOOK_RELEASE, else v<package version>."""
    if os.environ.get("HIGM_BOOK_RELEASE"):
        return os.environ["HIGM_BOOK_RELEASE"]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return f"v{project['version']}"


def pages() -> list[tuple[str, str | None]]:
    """(notebook file, lesson slug or None) of every page, lessons first in course order."""
    table = course.lessons()
    lessons = [
        (nb, slug)
        for nb, slug, ok in zip(table["notebook"], table["slug"], table["available"], strict=True)
        if ok
    ]
    return lessons + [(name, None) for name in EXTRA_PAGES if (NOTEBOOKS / name).exists()]


def build_page(notebook: str, slug: str | None, src: str, pdf: bool) -> tuple[str, float, dict]:
    """Execute one notebook and write its static page into ``src``/notebooks/ (runs in a
    worker process: each has its own kernel and progress file)."""
    from higm_lessons.figures.kernel_free import KERNEL_FREE, kernel_free_figure

    nb = nbformat.read(NOTEBOOKS / notebook, as_version=4)
    nb.cells = book_pages.student_cells(nb.cells)
    nb, seconds = execute_notebook(nb, NOTEBOOKS, timeout=300)
    links = book_pages.links_for(notebook, release=release_tag(),
                                 hub=os.environ.get("HIGM_BOOK_HUB") or None,
                                 pdf=pdf and slug is not None)  # fmt: skip
    free = None
    if slug is not None:
        entry = KERNEL_FREE[slug]
        spec = kernel_free_figure(slug).to_plotly_json()
        free = book_pages.KernelFreeCell(slug, entry.anchor, entry.caption,
                                         _plain(spec))  # fmt: skip
    page, counts = book_pages.static_page(nb, links, free)
    nbformat.write(page, Path(src) / "notebooks" / notebook)
    return notebook, seconds, counts


def _plain(spec: dict) -> dict:
    """A plotly figure dict as plain JSON values (numpy arrays become plotly's typed arrays)."""
    import json

    import plotly.io as pio

    return json.loads(pio.to_json(spec, validate=False))


def student_notebook(notebook: str, target: Path) -> None:
    """The notebook learners download: committed (no outputs), instructor cells left out."""
    nb = nbformat.read(NOTEBOOKS / notebook, as_version=4)
    nb.cells = book_pages.student_cells(nb.cells)
    nbformat.write(nb, target / notebook)


def course_map(entries: list[tuple[str, str | None]]) -> str:
    """The course map table of the home page, from data/lessons.csv."""
    table = course.lessons().set_index("notebook")
    rows = ["| # | Lesson | What you do | Time |", "| --- | --- | --- | --- |"]
    for notebook, slug in entries:
        if slug is None:
            continue
        row = table.loc[notebook]
        rows.append(f"| {row['number']} | [{row['title']}](notebooks/{notebook}) | "
                    f"{row['summary']} | {row['minutes']} min |")  # fmt: skip
    return "\n".join(rows)


def index_page(entries: list[tuple[str, str | None]], release: str) -> str:
    lessons = "\n".join(f"notebooks/{nb}" for nb, slug in entries if slug is not None)
    others = "\n".join(f"notebooks/{nb}" for nb, slug in entries if slug is None)
    binder = book_pages.links_for("00_start_here.ipynb", release=release, hub=None, pdf=False)
    return f"""# Hyper-IgM syndrome (HIGM): an interactive course

*The read-only edition.* Every lesson here has already been run, so you can read it on any
device, offline, without waiting for a server. The widgets need Python and are switched off
on these pages; each lesson's central model still responds, through a figure with its own
slider or menu marked **Try it here, without Python**. To answer the prompts, commit your
predictions and keep your progress, [run the course live on Binder]({binder.binder}) or
download a lesson's notebook from its page.

> **Educational use only.** The course teaches how HIGM works and how doctors reason about
> it. It is not a medical device and gives no advice about any real person.

## The course map

{course_map(entries)}

Every abbreviation is defined in the [course glossary](notebooks/glossary.ipynb); every
source is listed under [References](references.md). Each lesson also has a PDF for printing
(linked at the top of its page).

```{{toctree}}
:caption: Lessons
:maxdepth: 1
:hidden:

{lessons}
```

```{{toctree}}
:caption: Course
:maxdepth: 1
:hidden:

{others}
references
```
"""


def references_page() -> str:
    """Every source of data/sources.csv (the course's one bibliography), as a page."""
    table = load_table("sources.csv")
    lines = ["# References", "",
             "Every source the course cites, from `data/sources.csv`. In the lessons a source "
             "is named by its key in square brackets.", ""]  # fmt: skip
    for row in table.to_dict("records"):
        url = (
            f' <a href="{html.escape(str(row["url"]))}">{html.escape(str(row["url"]))}</a>'
            if row.get("url")
            else ""
        )
        lines.append(f'<p class="higm-reference" id="ref-{html.escape(row["key"])}">'
                     f"<code>[{html.escape(row['key'])}]</code> "
                     f"{html.escape(citation(row))}{url}</p>\n")  # fmt: skip
    return "\n".join(lines)


def stage(src: Path, entries: list[tuple[str, str | None]], release: str) -> None:
    """The Sphinx source folder: settings, assets, the home and reference pages, downloads."""
    if src.exists():
        shutil.rmtree(src)
    shutil.copytree(TEMPLATE, src)
    import plotly

    plotly_dir = Path(plotly.__file__).parent
    vendor = src / "_static" / "vendor" / "plotly"
    vendor.mkdir(parents=True)
    shutil.copy(plotly_dir / "package_data" / "plotly.min.js", vendor)
    licence = next(plotly_dir.parent.glob("plotly-*.dist-info/licenses/LICENSE*"), None)
    if licence is not None:
        shutil.copy(licence, vendor / "LICENSE.txt")
    (src / "notebooks").mkdir()
    downloads = src / "extra" / "download"
    downloads.mkdir(parents=True)
    for notebook, _slug in entries:
        student_notebook(notebook, downloads)
    (src / "index.md").write_text(index_page(entries, release), encoding="utf-8")
    (src / "references.md").write_text(references_page(), encoding="utf-8")


def execute_pages(src: Path, entries: list[tuple[str, str | None]], jobs: int, pdf: bool
                  ) -> None:  # fmt: skip
    """Run every page's notebook, ``jobs`` at a time, and write its static page."""
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(build_page, nb, slug, str(src), pdf) for nb, slug in entries]
        for future in concurrent.futures.as_completed(futures):
            notebook, seconds, counts = future.result()
            print(f"  {notebook}: ran in {seconds:.1f} s; {counts}", flush=True)


def sphinx(src: Path, out: Path, release: str) -> None:
    """Sphinx over the staged pages; any warning fails the build (a broken link, a bad page)."""
    if out.exists():
        shutil.rmtree(out)
    env = {**os.environ, "HIGM_BOOK_RELEASE": release}
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going",
               "-d", str(src.parent / "book-doctrees"), str(src), str(out)]  # fmt: skip
    subprocess.run(command, check=True, env=env, cwd=ROOT)


def lesson_pages(out: Path, entries: list[tuple[str, str | None]]) -> list[Path]:
    return [out / "notebooks" / f"{Path(nb).stem}.html" for nb, slug in entries if slug]


def print_pdfs(out: Path, entries: list[tuple[str, str | None]]) -> None:
    """One PDF per lesson, printed by headless Chromium from the built page."""
    from playwright.sync_api import sync_playwright

    from tools.book_browser import chromium, wait_drawn

    target = out / "pdf"
    target.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = chromium(p)
        # As wide as an A4 page's printable width (190 mm at 96 px per inch), so figures are
        # drawn at the width they are printed at, and the theme's side bars fold away.
        page = browser.new_page(viewport={"width": 718, "height": 1000})
        for html_path in lesson_pages(out, entries):
            page.goto(html_path.resolve().as_uri())
            wait_drawn(page)
            page.emulate_media(media="print")
            page.pdf(path=str(target / f"{html_path.stem}.pdf"), format="A4",
                     print_background=True, margin={"top": "12mm", "bottom": "12mm",
                                                    "left": "10mm", "right": "10mm"})  # fmt: skip
            page.emulate_media(media="screen")
        browser.close()


def size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-pdf", action="store_true", help="skip the lesson PDFs")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks run at once (2)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "book")
    args = parser.parse_args(argv)
    release = release_tag()
    src = args.out.parent / "book-src"
    entries = pages()
    start = time.perf_counter()
    stage(src, entries, release)
    print(f"Running {len(entries)} notebooks ({args.jobs} at a time)", flush=True)
    execute_pages(src, entries, args.jobs, pdf=not args.no_pdf)
    ran = time.perf_counter()
    sphinx(src, args.out, release)
    (args.out / ".nojekyll").touch()  # for static hosts that would run Jekyll over _static/
    built = time.perf_counter()
    if not args.no_pdf:
        print_pdfs(args.out, entries)
    done = time.perf_counter()
    print(f"Built {args.out} ({size_mb(args.out):.1f} MB) for release {release} in "
          f"{done - start:.0f} s: notebooks {ran - start:.0f} s, Sphinx {built - ran:.0f} s, "
          f"PDFs {done - built:.0f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
