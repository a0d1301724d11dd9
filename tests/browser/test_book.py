"""The static edition (``make book``) in Chromium, with every request outside the site blocked.

`make test` builds the site first (`make book`, only when its inputs changed) and points
HIGM_BOOK_SITE at it; run alone, this file builds the site once per session (tools/book.py,
with the course's notebook runner: 2 to 5 minutes on two cores) into a temporary folder.
The site is served on 127.0.0.1. Chromium missing is a failure under HIGM_REQUIRE_BROWSER=1 (as in
`make test`), never a silent skip.

Every page: no page error, no failed request, no request leaving the site, every plotly
figure drawn, every embedded widget rendered and no control that looks alive but needs
Python. Every lesson: its kernel-free interaction changes what is shown; its launch links;
its answers folded; and at 390x844 no sideways scrolling of the page.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from higm_lessons import course
from tests.browser.conftest import ARTIFACTS, require_or_skip
from tools.book_browser import chromium, chromium_path, wait_drawn

pytestmark = [pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
LESSONS = [
    (f"{Path(nb).stem}.html", slug)
    for nb, slug, ok in zip(*(course.lessons()[c] for c in ("notebook", "slug", "available")),
                            strict=True)
    if ok
]  # fmt: skip
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def fresh_progress():
    """The static site keeps no progress: no JupyterLab server is needed here."""
    yield


@pytest.fixture(scope="session")
def book_site(tmp_path_factory) -> Path:
    if chromium_path() is None:
        require_or_skip("Chromium is not installed")
    if os.environ.get("HIGM_BOOK_SITE"):
        return Path(os.environ["HIGM_BOOK_SITE"]).resolve()
    out = tmp_path_factory.mktemp("book") / "site"
    subprocess.run([sys.executable, "tools/book.py", "--out", str(out)],
                   cwd=ROOT, check=True, timeout=900)  # fmt: skip
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(book_site) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(book_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def book_browser(site_url, playwright_driver):
    browser = chromium(playwright_driver)
    yield browser
    browser.close()


class Watched:
    """A page whose errors, failed requests and requests outside the site are recorded."""

    def __init__(self, browser, base: str, viewport: dict[str, int]):
        self.base = base
        self.context = browser.new_context(viewport=viewport)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        self.page.on("response", lambda r: r.status >= 400
                     and self.problems.append(f"HTTP {r.status}: {r.url}"))  # fmt: skip
        self.page.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.base) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.problems.append(f"request outside the site: {url}")
            route.abort()

    def open(self, path: str) -> None:
        self.page.goto(urllib.parse.urljoin(self.base, path))
        wait_drawn(self.page)


@pytest.fixture
def watched(book_browser, site_url) -> Iterator[Watched]:
    w = Watched(book_browser, site_url, {"width": 1280, "height": 900})
    yield w
    w.context.close()


def site_pages(site: Path) -> list[str]:
    """Every page of the site (not the theme's template snippets under _static/)."""
    found = (p.relative_to(site) for p in site.rglob("*.html"))
    return sorted(str(p) for p in found if p.parts[0] != "_static")


PAGE_STATE_JS = """() => {
  const figures = [...document.querySelectorAll('.higm-plotly')];
  const views = document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]').length;
  const live = [...document.querySelectorAll(
      '.widget-subarea button, .widget-subarea input, .widget-subarea select, '
      + '.widget-subarea textarea')]
    .filter(el => !el.disabled && !el.closest('.higm-plotly'))
    .map(el => el.outerHTML.slice(0, 120));
  return {
    figures: figures.length,
    drawn: figures.filter(f => f.dataset.drawn === 'yes' && f.querySelector('.main-svg')).length,
    views: views,
    rendered: document.querySelectorAll('.widget-subarea > .jupyter-widgets').length,
    errors: [...document.querySelectorAll('.jupyter-widgets.widget-error, .jp-RenderedText'
      + '[data-mime-type="application/vnd.jupyter.stderr"]')].map(e => e.textContent),
    live: live,
  };
}"""


def assert_whole(watched: Watched, path: str) -> None:
    """No page error or failed or outside request; every figure drawn, every widget rendered,
    and no control that looks alive but needs Python."""
    state = watched.page.evaluate(PAGE_STATE_JS)
    assert watched.problems == [], (path, watched.problems)
    assert state["drawn"] == state["figures"], (path, state)
    assert state["rendered"] == state["views"], (path, state)
    assert state["errors"] == [], (path, state["errors"])
    assert state["live"] == [], f"{path}: controls that look alive but need Python"


def test_every_other_page_is_whole_and_stays_inside_the_site(book_site, watched):
    pages = site_pages(book_site)
    lessons = {f"notebooks/{name}" for name, _ in LESSONS}
    assert lessons <= set(pages)
    assert {"index.html", "references.html", "search.html", "notebooks/glossary.html",
            "notebooks/course_home.html"} <= set(pages)  # fmt: skip
    for path in sorted(set(pages) - lessons):
        watched.open(path)
        assert_whole(watched, path)
    watched.open("index.html")
    assert watched.page.locator("table a").count() == len(LESSONS), "the map links every lesson"


SVG_JS = """(root) => root.querySelector('.main-svg') ? [...root.querySelectorAll('.main-svg')]
  .map(s => s.outerHTML).join('') : ''"""


def _change(page, block) -> str:
    """Use the kernel-free control with the keyboard, as a reader might: the menu's next
    entry, or the slider's last setting. Returns the setting the page then names."""
    control = block.locator(".higm-kf-input")
    control.focus()
    page.keyboard.press("ArrowDown" if control.evaluate("e => e.tagName") == "SELECT" else "End")
    page.wait_for_timeout(300)
    return block.locator(".higm-kf-value").text_content()


def check_kernel_free(watched: Watched, name: str, slug: str) -> None:
    """The lesson's kernel-free figure is there, labelled, and its control changes it."""
    blocks = watched.page.locator(f'.higm-kernel-free[data-slug="{slug}"]')
    assert blocks.count() == 1, f"{name} has no kernel-free interaction"
    block = blocks.first
    block.scroll_into_view_if_needed()
    before = block.evaluate(SVG_JS)
    control = block.locator(".higm-kf-input")
    assert block.locator("label").text_content().strip(), "the control is labelled"
    assert block.locator("label").get_attribute("for") == control.get_attribute("id")
    first = block.locator(".higm-kf-value").text_content()
    setting = _change(watched.page, block)
    after = block.evaluate(SVG_JS)
    assert setting != first, f"{name}: the control did not move"
    assert before and after and after != before, f"{name}: the figure did not change"
    assert block.locator(".gtitle").first.text_content(), "every frame is titled"
    ARTIFACTS.mkdir(exist_ok=True)
    block.screenshot(path=str(ARTIFACTS / f"book-{slug}-kernel-free.png"))


def check_launch_links_and_folds(watched: Watched, book_site: Path, name: str) -> None:
    page = watched.page
    notebook = f"{Path(name).stem}.ipynb"
    binder = page.locator("a.higm-launch-binder").get_attribute("href")
    assert binder.startswith("https://mybinder.org/v2/gh/higm-course/higm-course/v")
    assert urllib.parse.quote(f"lab/tree/notebooks/{notebook}", safe="") in binder
    hub = page.locator(".higm-launch-hub code").last.text_content()
    assert "git-pull?" in hub and urllib.parse.quote(notebook) in hub
    download = page.locator("a.higm-launch-download").get_attribute("href")
    assert (book_site / "notebooks" / download).resolve().is_file()
    answers = page.locator("details.higm-folded-answer")
    assert answers.count() >= 1
    for i in range(answers.count()):
        fold = answers.nth(i)
        assert "try it in the live course first" in fold.locator("summary").text_content()
        assert fold.get_attribute("open") is None
        assert not fold.locator("summary ~ *").first.is_visible()


@pytest.mark.parametrize(("name", "slug"), LESSONS)
def test_each_lesson_is_whole_and_responds_without_a_kernel(watched, book_site, name, slug):
    path = f"notebooks/{name}"
    watched.open(path)
    assert_whole(watched, path)
    check_launch_links_and_folds(watched, book_site, name)
    check_kernel_free(watched, name, slug)
    assert watched.problems == [], watched.problems


@pytest.mark.parametrize(("name", "slug"), LESSONS)
def test_on_a_phone_no_lesson_scrolls_sideways(book_browser, site_url, name, slug):
    phone = Watched(book_browser, site_url, PHONE)
    try:
        phone.open(f"notebooks/{name}")
        wide = phone.page.evaluate("""() => {
          window.scrollTo(10000, window.scrollY);
          return {scrollX: window.scrollX,
                  overflow: document.documentElement.scrollWidth - window.innerWidth};
        }""")
        assert wide == {"scrollX": 0, "overflow": 0}, f"{name} scrolls sideways on a phone"
        assert phone.problems == []
        ARTIFACTS.mkdir(exist_ok=True)
        phone.page.screenshot(path=str(ARTIFACTS / f"book-{slug}-phone.png"))
        block = phone.page.locator(".higm-kernel-free").first
        box = block.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        block.screenshot(path=str(ARTIFACTS / f"book-{slug}-phone-kernel-free.png"))
    finally:
        phone.context.close()


def test_search_finds_a_lesson_offline(watched):
    watched.page.goto(urllib.parse.urljoin(watched.base, "search.html?q=nadir"))
    watched.page.wait_for_selector("#search-results li a", timeout=30_000)
    hits = watched.page.locator("#search-results li a").all_text_contents()
    assert any("Antibodies in early life" in hit for hit in hits), hits
    assert watched.problems == []


def test_each_lesson_has_its_pdf(book_site):
    for name, _slug in LESSONS:
        page = (book_site / "notebooks" / name).read_text(encoding="utf-8")
        link = re.search(r'class="higm-launch-pdf" href="([^"]+)"', page)
        assert link, f"{name} links no PDF"
        data = (book_site / "notebooks" / link.group(1)).resolve().read_bytes()
        assert data.startswith(b"%PDF-"), name
        pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
        assert pages >= 2, f"{name}: {pages} page(s)"
