"""The static edition (``make book``) in Chromium, with every request outside the site blocked.

The site is built once per test session (tools/book.py, with the course's notebook runner;
about two minutes on two cores), into a temporary folder, and served on 127.0.0.1. Set
HIGM_BOOK_SITE to a built site (for example build/book after `make book`) to test that
instead of building. Chromium missing is a failure under HIGM_REQUIRE_BROWSER=1 (as in
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
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from higm_lessons import course
from tests.browser.conftest import ARTIFACTS, _require_or_skip
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
        _require_or_skip("Chromium is not installed")
    if os.environ.get("HIGM_BOOK_SITE"):
        return Path(os.environ["HIGM_BOOK_SITE"]).resolve()
    out = tmp_path_factory.mktemp("book") / "site"
    subprocess.run([sys.executable, "tools/book.py", "--no-pdf", "--out", str(out)],
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
def book_browser(site_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = chromium(p)
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
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))


PAGE_STATE_JS = """() => {
  const figures = [...document.querySelectorAll('.higm-plotly')];
  const views = document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]').length;
  const live = [...document.querySelectorAll(
      '.widget-subarea button, .widget-subarea input, .widget-subarea select, '
      + '.widget-subarea textarea')]
    .filter(el => !el.disabled).map(el => el.outerHTML.slice(0, 120));
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


def test_every_page_is_whole_and_stays_inside_the_site(book_site, watched):
    pages = site_pages(book_site)
    assert {f"notebooks/{name}" for name, _ in LESSONS} <= set(pages)
    assert {"index.html", "references.html", "search.html", "notebooks/glossary.html"} <= set(pages)
    for path in pages:
        watched.open(path)
        state = watched.page.evaluate(PAGE_STATE_JS)
        assert watched.problems == [], (path, watched.problems)
        assert state["drawn"] == state["figures"], (path, state)
        assert state["rendered"] == state["views"], (path, state)
        assert state["errors"] == [], (path, state["errors"])
        assert state["live"] == [], f"{path}: controls that look alive but need Python"


SVG_JS = """(root) => root.querySelector('.main-svg') ? [...root.querySelectorAll('.main-svg')]
  .map(s => s.outerHTML).join('') : ''"""


def _change(page, block) -> None:
    """Use the kernel-free control as a reader would: pick the dropdown's second entry, or
    click the slider's rail near its end."""
    if block.locator(".updatemenu-header-group").count():
        block.locator(".updatemenu-header-group").first.click()
        block.locator(".updatemenu-button").nth(1).click()
    else:
        rail = block.locator(".slider-rail-rect").first.bounding_box()
        assert rail is not None
        page.mouse.click(rail["x"] + rail["width"] - 3, rail["y"] + rail["height"] / 2)
    page.wait_for_timeout(300)


@pytest.mark.parametrize(("name", "slug"), LESSONS)
def test_each_lesson_responds_without_a_kernel(watched, name, slug):
    watched.open(f"notebooks/{name}")
    blocks = watched.page.locator(f'.higm-kernel-free[data-slug="{slug}"]')
    assert blocks.count() == 1, f"{name} has no kernel-free interaction"
    block = blocks.first
    block.scroll_into_view_if_needed()
    before = block.evaluate(SVG_JS)
    title = block.locator(".gtitle").first.text_content()
    _change(watched.page, block)
    after = block.evaluate(SVG_JS)
    assert before and after and after != before, f"{name}: the figure did not change"
    assert watched.problems == [], watched.problems
    ARTIFACTS.mkdir(exist_ok=True)
    block.screenshot(path=str(ARTIFACTS / f"book-{slug}-kernel-free.png"))
    assert title  # every frame is titled


@pytest.mark.parametrize(("name", "slug"), LESSONS)
def test_each_lesson_offers_launch_links_and_folds_its_answers(watched, book_site, name, slug):
    watched.open(f"notebooks/{name}")
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
    finally:
        phone.context.close()


def test_search_finds_a_lesson_offline(watched):
    watched.page.goto(urllib.parse.urljoin(watched.base, "search.html?q=nadir"))
    watched.page.wait_for_selector("#search-results li a", timeout=30_000)
    hits = watched.page.locator("#search-results li a").all_text_contents()
    assert any("Antibodies in early life" in hit for hit in hits), hits
    assert watched.problems == []
