"""Sphinx settings of the course's static edition (built by `make book`, see tools/book.py).

tools/book.py copies this folder next to the executed pages and runs Sphinx on them;
everything the site loads is served by the site itself (no CDN, no fonts from elsewhere).
"""

import os

project = "Hyper-IgM syndrome (HIGM): an interactive course"
author = "The HIGM course contributors"
copyright = "The HIGM course contributors; lesson content CC BY 4.0, code MIT"
release = os.environ.get("HIGM_BOOK_RELEASE", "")

extensions = ["myst_nb"]
exclude_patterns = ["_build", "extra", "**.ipynb_checkpoints"]

# The pages are executed by tools/book.py (with the course's notebook runner), not here.
nb_execution_mode = "off"
nb_merge_streams = True
# Widgets: the site's own copy of the widget manager (myst-nb's default loads it from a CDN).
nb_ipywidgets_js = {"vendor/html-manager/embed.js": {}}

html_theme = "sphinx_book_theme"
html_title = "HIGM course · read-only edition"
html_static_path = ["_static"]
html_extra_path = ["extra"]
html_css_files = ["higm_book.css"]
# plotly.js before the widget manager; the course script draws figures as they appear.
html_js_files = [
    ("vendor/plotly/plotly.min.js", {"priority": 400}),
    ("higm_book.js", {"priority": 600}),
]
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "navigation_with_keys": False,
}
# No page has math. Sphinx needs a MathJax path all the same; this local name (never
# served) keeps it from pointing at a CDN, and the browser test would fail on its request
# if a page ever had math.
mathjax_path = "no-mathjax-on-this-site.js"
suppress_warnings = ["misc.highlighting_failure"]
# The light theme unless the reader picks another (also keeps the theme from logging an
# error about an unset mode on a first visit).
html_context = {"default_mode": "light"}
