"""Figures and HTML for the virtual clinic: the results timeline and the differential over time."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from higm_lessons import diagnosis, labs, theme
from higm_lessons.clinic_patient import band
from higm_lessons.clinic_workup import Result, Workup, tests
from higm_lessons.figures._fast import fast_figure

FLAG_TEXT = {"L": "▼ L (low)", "N": "● N (in band)", "H": "▲ H (high)"}
LINE_COLOURS = [theme.OKABE_ITO[k] for k in ("vermillion", "blue", "bluish_green", "orange",
                                             "reddish_purple", "sky_blue")]  # fmt: skip
FINDING_LABELS = {
    "CD40L": "CD40 ligand on activated CD4 T cells",
    "CD40": "CD40 on B cells",
    "switched_memory_B": "Switched memory B cells",
    "vaccine_response": "Vaccine responses",
    "variant_gene": "Disease-causing variant found in",
}


def _flag(analyte: str, value: float, age_days: int) -> str:
    low, high = band(analyte, age_days)
    return str(labs.flag(value, low, high))


def _cell_rows(result: Result, age_days: int) -> list[tuple[str, str, str, str]]:
    """(what, result as shown, flag, age band) for one result."""
    rows = []
    for finding, shown in result.shown.items():
        if finding in labs.ANALYTES:
            value = result.values[finding]
            low, high = band(finding, age_days)
            rows.append((
                finding, shown, FLAG_TEXT[_flag(finding, value, age_days)[0]],
                labs.interval_text(low, high, labs.DEFAULT_UNITS[finding]),
            ))  # fmt: skip
        else:
            text = "none found" if finding == "variant_gene" and shown == "none" else shown
            rows.append((FINDING_LABELS.get(finding, finding), text, "", ""))
    return rows


def results_html(workup: Workup) -> str:
    """Every result that has arrived, oldest first, in the units the laboratory used, with
    flags against the age band (symbols and words, not colour alone) and notes; then the
    tests still pending. All text escaped."""
    arrived, pending = workup.results(), workup.pending()
    if not arrived and not pending:
        return "<p><i>No tests ordered yet. Choose one from the menu.</i></p>"
    body = []
    for result in arrived:
        name = tests()[result.test].short
        for i, (what, shown, flag, interval) in enumerate(_cell_rows(result, result.age_days)):
            first = f"day {result.ordered_day} → {result.ready_day}" if i == 0 else ""
            test = name if i == 0 else ""
            cells = [first, test, what, shown, flag, interval]
            body.append("<tr><td>" + "</td><td>".join(html.escape(c) for c in cells) + "</td></tr>")
        for note in result.notes:
            body.append(f'<tr><td></td><td colspan="5"><i>⚠ {html.escape(note)}</i></td></tr>')
    for result in pending:
        cells = [f"day {result.ordered_day} → {result.ready_day}", tests()[result.test].short,
                 "pending", "", "", ""]  # fmt: skip
        body.append("<tr><td>" + "</td><td>".join(html.escape(c) for c in cells) + "</td></tr>")
    head = "".join(f"<th>{h}</th>" for h in ("Drawn → ready", "Test", "Finding", "Result",
                                             "Flag", "Age band"))  # fmt: skip
    return (
        '<table class="higm-clinic-results" style="border-collapse:collapse" border="1" '
        f'cellpadding="4"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    )


def timeline_figure(frame: pd.DataFrame, *, top: int = 4) -> go.Figure:
    """The clinic's score of the ``top`` conditions (highest at the end, or ever) on day 0
    and on each day a result arrived: one line per condition, each with its own colour,
    marker and dash, labelled at its last point."""
    if not isinstance(frame, pd.DataFrame) or "day" not in frame.columns:
        raise TypeError("frame must be the DataFrame returned by clinic.timeline()")
    peak = frame[list(diagnosis.CODES)].max().sort_values(ascending=False)
    shown = list(peak.index[:top])
    days = frame["day"].tolist()
    data = []
    for i, code in enumerate(shown):
        scores = frame[code].round(4).tolist()
        data.append({
            "type": "scatter", "mode": "lines+markers+text", "name": code,
            "x": days, "y": scores,
            "text": [""] * (len(days) - 1) + [f"{code} {scores[-1]:.2f}"],
            "textposition": "middle right", "cliponaxis": False,
            "line": {"color": LINE_COLOURS[i], "dash": theme.DASHES[i % len(theme.DASHES)],
                     "width": 3},
            "marker": {"symbol": theme.SYMBOLS[i], "size": 10, "color": LINE_COLOURS[i]},
            "hovertemplate": f"{code}: %{{y:.2f}} on day %{{x}}<extra></extra>",
        })  # fmt: skip
    span = max(days) if days else 1
    return fast_figure(
        title="How the differential changed as results arrived",
        x_title="Day of the work-up",
        y_title="Clinic score (base rate × evidence)",
        data=data,
        height=380,
        xaxis={"range": [-0.05 * span - 0.5, span * 1.35 + 1]},
        yaxis={"range": [0, 1.05]},
        legend={"orientation": "h", "y": -0.2, "x": 0},
        margin={"l": 70, "r": 30, "t": 60, "b": 90},
    )


def timeline_takeaway(frame: pd.DataFrame) -> str:
    """One sentence: where the differential started and where it ended."""
    first, last = frame.iloc[0], frame.iloc[-1]
    start, end = str(first["leader"]), str(last["leader"])
    text = (
        f"On the story alone {start} led ({first[start]:.2f}); after the last result "
        f"(day {int(last['day'])}) {end} led ({last[end]:.2f})."
    )
    return text + (" The front-runner changed on the way." if start != end else "")
