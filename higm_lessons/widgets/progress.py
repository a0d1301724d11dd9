"""The progress panel: what is saved, a download of it, and a way to bring it back."""

from __future__ import annotations

import base64
import html
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as w

from higm_lessons.progress import ExportContents, read_export_contents
from higm_lessons.widgets.common import (
    LABEL_STYLE,
    boxed,
    button,
    guarded,
    message_html,
    progress_store,
    show_message,
)


def summary_text() -> str:
    """One line on what the progress store holds."""
    store = progress_store()
    latest = store.latest()
    attempts = len(store.answers())
    others = len(store.attempts())
    if latest.empty and not others:
        return f"No answers saved yet. They will be kept in {store.path}."
    right = int(latest["correct"].sum())
    return (
        f"{len(latest)} questions answered ({right} right at the latest try, "
        f"{attempts} attempts in all) and {others} other commitments (prompts, predictions, "
        f"case stages), saved in {store.path}."
    )


def contents_text(contents: ExportContents) -> str:
    """What an export file holds, lesson by lesson: quiz answers and other attempts."""
    lessons: dict[str, list[int]] = {}
    for row in contents.answers:
        lessons.setdefault(row[0], [0, 0])[0] += 1
    for attempt in contents.attempts:
        lessons.setdefault(attempt[0], [0, 0])[1] += 1
    if not lessons:
        return "The file holds no answers."
    parts = [
        f"lesson {lesson}: {answers} quiz answer{'s' * (answers != 1)}, "
        f"{attempts} other attempt{'s' * (attempts != 1)}"
        for lesson, (answers, attempts) in sorted(lessons.items())
    ]
    return "The file holds " + "; ".join(parts) + "."


def download_link_html(path: Path) -> str:
    """A link that downloads the exported file straight from the page (Binder, Voilà, Lab)."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    name = html.escape(path.name, quote=True)
    return (
        f'<a class="higm-download" download="{name}" '
        f'href="data:application/json;base64,{data}" style="color:#0072B2;'
        f'text-decoration:underline;font-weight:bold">⬇ Download {name}</a>'
    )


class ProgressPanel(w.VBox):
    """Shows saved progress; exports it to a downloadable file; imports an earlier export."""

    def __init__(self, folder: str | Path = "."):
        self.folder = Path(folder)
        self.summary = w.HTML()
        self.status = w.HTML()
        self.link = w.HTML()
        self.refresh_button = button(
            "Refresh", icon="refresh", tooltip="Count the saved answers again"
        )
        self.export_button = button(
            "Export my progress",
            icon="download",
            primary=True,
            tooltip="Save all your answers to a file you can download",
        )
        self.upload = w.FileUpload(
            accept=".json",
            multiple=False,
            description="Import progress file",
            tooltip="Bring back answers from a file you exported earlier",
            layout=w.Layout(width="auto"),
        )
        self.name = w.Text(
            description="Your name (optional)",
            placeholder="as your instructor knows you",
            style=LABEL_STYLE,
        )
        self.class_code = w.Text(
            description="Class code (optional)",
            placeholder="if your instructor gave one",
            style=LABEL_STYLE,
        )
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.export_button.on_click(lambda _b: self.export())
        self.upload.observe(self._on_upload, "value")
        super().__init__(
            [
                self.summary,
                w.HBox([self.name, self.class_code]),
                w.HBox([self.refresh_button, self.export_button, self.upload]),
                self.link,
                self.status,
            ]
        )
        self.refresh()

    def refresh(self) -> None:
        @guarded(lambda: self.status)
        def run() -> None:
            self.summary.value = message_html(summary_text(), "info")

        run()

    def export(self) -> Path | None:
        @guarded(lambda: self.status)
        def run() -> Path:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            path = progress_store().export_json(
                self.folder / f"higm_progress_{stamp}.json",
                name=self.name.value,
                class_code=self.class_code.value,
            )
            self.link.value = download_link_html(path)
            show_message(
                self.status,
                f"Saved {path.name} next to this notebook as well. Keep the "
                "downloaded file: a Binder session is deleted when it ends.",
                "ok",
            )
            self.refresh()
            return path

        return run()

    def import_bytes(self, content: bytes, name: str = "upload.json") -> int | None:
        @guarded(lambda: self.status)
        def run() -> int:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / Path(name).name
                path.write_bytes(content)
                contents = read_export_contents(path)
                added = progress_store().import_json(path)
            show_message(
                self.status,
                f"Imported {name}: {added} new answers added. {contents_text(contents)} "
                "Run a lesson's cells again to see its answers restored.",
                "ok",
            )
            self.refresh()
            return added

        return run()

    def _on_upload(self, change: Any) -> None:
        for item in change["new"] or ():
            self.import_bytes(bytes(item["content"]), item.get("name", "upload.json"))


def progress_panel(folder: str | Path = ".") -> w.VBox:
    """The progress panel, in a bordered box."""
    return boxed(ProgressPanel(folder), "higm-progress")
