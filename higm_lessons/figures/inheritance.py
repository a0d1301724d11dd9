"""Figures and tables for the inheritance lessons (04-05): Punnett squares, risks,
simulated families, carrier risk tables and CD40L flow cytometry."""

from __future__ import annotations

import html
from fractions import Fraction

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from higm_lessons import theme
from higm_lessons.carrier_testing import GATE, expected_positive_share, simulate_flow
from higm_lessons.figures._fast import fast_figure
from higm_lessons.inheritance import (
    affected_sex_ratio,
    offspring_risks,
    punnett_square,
)
from higm_lessons.pedigree import format_risk, label_sort_key

STATUS_STYLE = {  # colour, bar pattern and a text mark: never colour alone
    "affected": (theme.OKABE_ITO["vermillion"], "x", "■ affected"),
    "carrier": (theme.OKABE_ITO["orange"], "/", "◩ carrier"),
    "non-carrier": (theme.OKABE_ITO["sky_blue"], "", "□ non-carrier"),
}


def _sup(label: str) -> str:
    """``X^a`` -> ``X<sup>a</sup>`` (escaped)."""
    parts = [html.escape(p) for p in label.split(" ")]
    return " ".join(
        f"{p.split('^')[0]}<sup>{p.split('^')[1]}</sup>" if "^" in p else p for p in parts
    )


def fraction_text(p: float) -> str:
    """A probability as an exact fraction and a percentage: ``1/4 (25%)``."""
    f = Fraction(p).limit_denominator(64)
    return (
        f"{f.numerator}/{f.denominator} ({100 * p:.0f}%)"
        if 0 < p < 1
        else f"{int(p)} ({100 * p:.0f}%)"
    )


def punnett_html(mode: str, mother: str, father: str) -> str:
    """The Punnett square as an HTML table: eggs down the side, sperm across, daughters
    (father's X) in the left block and sons (father's Y) in the right block."""
    square = punnett_square(mode, mother, father)
    eggs = list(dict.fromkeys(square["egg"]))
    sperm = (
        square[["sperm", "sex"]].drop_duplicates().sort_values("sex", kind="stable").to_numpy()
    )  # "daughter" sorts before "son"
    n_d = int(sum(1 for _, s in sperm if s == "daughter"))
    head = (
        "<tr><th rowspan='2' scope='col'>Mother's egg ↓ · father's sperm →</th>"
        f"<th colspan='{n_d}' scope='colgroup' class='higm-daughters'>Daughters (sperm with X)</th>"
        f"<th colspan='{len(sperm) - n_d}' scope='colgroup' class='higm-sons'>"
        "Sons (sperm with Y)</th></tr><tr>"
        + "".join(f"<th scope='col'>{_sup(s)}</th>" for s, _ in sperm)
        + "</tr>"
    )
    rows = []
    for egg in eggs:
        cells = []
        for s, sex in sperm:
            row = square[(square["egg"] == egg) & (square["sperm"] == s)].iloc[0]
            colour, _, mark = STATUS_STYLE[row["status"]]
            border = "border-left:3px solid #222;" if sex == "son" and s == sperm[n_d][0] else ""
            cells.append(
                f"<td style='{border}background:{colour}33;padding:4px 8px'>"
                f"<b>{_sup(row['child'])}</b><br>{html.escape(sex)}: {html.escape(mark)}</td>"
            )
        rows.append(f"<tr><th scope='row'>{_sup(egg)}</th>{''.join(cells)}</tr>")
    return (
        "<table class='higm-punnett' style='border-collapse:collapse;text-align:center'>"
        f"<caption>Punnett square, {html.escape(mode)}: mother {html.escape(mother)}, "
        f"father {html.escape(father)}. Each box is equally likely.</caption>"
        f"{head}{''.join(rows)}</table>"
    )


def risk_table_html(mode: str, mother: str, father: str) -> str:
    """The exact risks for each son and each daughter as an HTML table."""
    risks = offspring_risks(mode, mother, father)
    head = "".join(f"<th scope='col'>{html.escape(STATUS_STYLE[c][2])}</th>" for c in risks.columns)
    body = "".join(
        f"<tr><th scope='row'>each {sex}</th>"
        + "".join(f"<td>{fraction_text(float(risks.loc[sex, c]))}</td>" for c in risks.columns)
        + "</tr>"
        for sex in risks.index
    )
    return (
        "<table class='higm-risks' style='border-collapse:collapse'>"
        "<caption>Exact chance for each child (every pregnancy is independent)</caption>"
        f"<tr><th></th>{head}</tr>{body}</table>"
    )


def risk_figure(mode: str, mother: str, father: str) -> go.Figure:
    """Stacked bars: the chance that each son / daughter is affected, a carrier or neither."""
    risks = offspring_risks(mode, mother, father)
    data = []
    for status in risks.columns:
        colour, pattern, mark = STATUS_STYLE[status]
        values = [100 * float(risks.loc[s, status]) for s in ("daughter", "son")]
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": mark,
                "y": ["each daughter", "each son"],
                "x": values,
                "text": [f"{v:.0f}%" if v else "" for v in values],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "marker": {
                    "color": colour,
                    "pattern": {"shape": pattern, "fgcolor": "#222", "fillmode": "overlay"},
                    "line": {"color": "#222", "width": 1},
                },
                "hovertemplate": f"%{{y}}: %{{x:.0f}}% {status}<extra></extra>",
            }
        )
    return fast_figure(
        title=f"Chance for each child ({mode}; mother {mother}, father {father})",
        x_title="Chance (%)",
        y_title="Child",
        data=data,
        barmode="stack",
        height=300,
        xaxis={"range": [0, 100]},
        legend={"orientation": "h", "y": -0.3, "x": 0},
        margin={"l": 140, "r": 20, "t": 60, "b": 90},
    )


def risk_takeaway(mode: str, mother: str, father: str) -> str:
    """One sentence on the exact risks."""
    r = offspring_risks(mode, mother, father)
    parts = []
    for sex in ("son", "daughter"):
        parts.append(
            f"each {sex} is affected with chance {fraction_text(float(r.loc[sex, 'affected']))} "
            f"and a carrier with chance {fraction_text(float(r.loc[sex, 'carrier']))}"
        )
    return f"With a {mother} mother and a {father} father ({mode}), " + "; ".join(parts) + "."


# --------------------------------------------------------------------------- simulation
LINES = {  # series -> (colour, dash, marker)
    "affected sons": (theme.OKABE_ITO["vermillion"], "solid", "circle"),
    "affected daughters": (theme.OKABE_ITO["reddish_purple"], "dot", "square"),
    "carrier sons": (theme.OKABE_ITO["blue"], "dashdot", "triangle-up"),
    "carrier daughters": (theme.OKABE_ITO["bluish_green"], "dash", "diamond"),
}


def convergence_figure(conv: pd.DataFrame, *, title: str) -> go.Figure:
    """Running shares against the number of families (log scale), with exact values dashed."""
    data = []
    for name, (colour, dash, marker) in LINES.items():
        if name not in conv:
            continue
        exact = float(conv[f"exact {name}"].iloc[0])
        data.append(
            {"type": "scatter", "mode": "lines+markers", "name": f"{name} (simulated)",
             "x": conv["families"].tolist(), "y": (100 * conv[name]).round(3).tolist(),
             "line": {"color": colour, "dash": dash, "width": 2},
             "marker": {"symbol": marker, "size": 6, "color": colour}}
        )  # fmt: skip
        data.append(
            {"type": "scatter", "mode": "lines", "name": f"{name}: exact {100 * exact:.0f}%",
             "x": [1, int(conv["families"].iloc[-1])], "y": [100 * exact, 100 * exact],
             "line": {"color": colour, "dash": "longdash", "width": 1}, "hoverinfo": "skip"}
        )  # fmt: skip
    return fast_figure(
        title=title,
        x_title="Families simulated (log scale)",
        y_title="Share of children<br>of that sex (%)",  # two lines fit a projector's plot
        data=data,
        height=420,
        xaxis={"type": "log"},
        yaxis={"range": [-2, 102]},
        legend={"orientation": "h", "y": -0.22, "x": 0, "font": {"size": 12}},
        margin={"l": 70, "r": 20, "t": 60, "b": 130},
    )


def summary_html(summary: pd.DataFrame, chi: dict) -> str:
    """Observed against exact counts, with the chi-square test, as HTML."""
    rows = "".join(
        f"<tr><td>{html.escape(r.sex)}s</td><td>{html.escape(r.status)}</td>"
        f"<td>{r.observed:,}</td><td>{100 * r.observed_share:.2f}%</td>"
        f"<td>{100 * r.exact:.0f}%</td><td>{r.z:+.2f}</td></tr>"
        for r in summary.itertuples()
    )
    verdict = (
        "no sign of a difference from the exact risks"
        if chi["p_value"] >= 0.05
        else "a difference this large happens by chance less than 1 time in 20"
    )
    return (
        "<table class='higm-sim-summary' style='border-collapse:collapse'>"
        "<caption>Simulated children against the exact risks</caption>"
        "<tr><th>children</th><th>status</th><th>observed</th><th>observed share</th>"
        "<th>exact</th><th>standard errors apart</th></tr>"
        f"{rows}</table><p>Chi-square test: statistic {chi['statistic']:.2f} with "
        f"{chi['dof']} degrees of freedom, p = {chi['p_value']:.3f}: {verdict}.</p>"
    )


def simulation_takeaway(sims: pd.DataFrame, mode: str) -> str:
    """One sentence on the simulated families: size and who is affected."""
    ratio = affected_sex_ratio(sims)
    kids = int(sims["sons"].sum() + sims["daughters"].sum())
    if ratio["share_boys"] is None:
        who = "no child was affected"
    else:
        who = (
            f"{ratio['boys'] + ratio['girls']:,} children were affected, "
            f"{100 * ratio['share_boys']:.1f}% of them boys"
        )
    return f"{len(sims):,} families, {kids:,} children ({mode}): {who}."


# --------------------------------------------------------------------------- carrier risk
def risk_table_women_html(ped: pd.DataFrame, risks: pd.Series, labels: pd.Series) -> str:
    """Every woman's carrier probability, as an HTML table ordered by pedigree label."""
    women = ped.loc[ped["sex"].eq("F"), "id"]
    rows = sorted(
        ((labels[p], p, float(risks[p])) for p in women), key=lambda r: label_sort_key(r[0])
    )
    body = "".join(
        f"<tr><td>{html.escape(label)}</td><td>{html.escape(str(pid))}</td>"
        f"<td>{html.escape(format_risk(p))}</td></tr>"
        for label, pid, p in rows
    )
    return (
        "<table class='higm-women-risks' style='border-collapse:collapse'>"
        "<caption>Carrier probability of every woman</caption>"
        f"<tr><th>person</th><th>id</th><th>carrier probability</th></tr>{body}</table>"
    )


def bayes_html(table: pd.DataFrame, label: str) -> str:
    """The prior / conditional / joint / posterior table as HTML."""

    def cell(v: float) -> str:
        if np.isnan(v):
            return "not defined (prior 0)"
        return f"{v:.4g}"

    body = "".join(
        f"<tr><th scope='row'>{html.escape(h)}</th>"
        + "".join(f"<td>{cell(float(table.loc[h, c]))}</td>" for c in table.columns)
        + "</tr>"
        for h in table.index
    )
    return (
        "<table class='higm-bayes' style='border-collapse:collapse'>"
        f"<caption>Bayesian carrier risk for {html.escape(label)}</caption>"
        "<tr><th>hypothesis</th><th>prior</th><th>conditional (what her descendants show)</th>"
        f"<th>joint</th><th>posterior</th></tr>{body}</table>"
    )


# --------------------------------------------------------------------------- flow cytometry
def flow_figure(person: str, *, working_x_share: float = 0.5, seed: int = 0) -> go.Figure:
    """Histogram of simulated CD40L fluorescence with the positive gate marked."""
    cells = simulate_flow(person, working_x_share=working_x_share, seed=seed)
    counts, edges = np.histogram(cells["cd40l"], bins=60, range=(-0.5, 4.5))
    centres = (edges[:-1] + edges[1:]) / 2
    positive = centres > GATE
    share = float(cells["positive"].mean())
    data = [
        {"type": "bar", "name": name, "x": centres[mask].tolist(), "y": counts[mask].tolist(),
         "width": float(edges[1] - edges[0]),
         "marker": {"color": colour, "pattern": {"shape": shape, "fgcolor": "#222"},
                    "line": {"color": "#222", "width": 0.5}}}
        for name, mask, colour, shape in (
            ("CD40L-negative cells", ~positive, theme.OKABE_ITO["sky_blue"], ""),
            ("CD40L-positive cells", positive, theme.OKABE_ITO["vermillion"], "/"),
        )
    ]  # fmt: skip
    label = {"control": "healthy control", "carrier": "carrier woman", "patient": "affected boy"}
    return fast_figure(
        title=f"CD40L on activated CD4 T cells: {label[person]} ({100 * share:.0f}% positive)",
        x_title="CD40L fluorescence (log10, arbitrary units)",
        y_title="Cells (count)",
        data=data,
        height=380,
        barmode="overlay",
        shapes=[{"type": "line", "x0": GATE, "x1": GATE, "y0": 0, "y1": 1, "yref": "paper",
                 "line": {"color": "#222", "dash": "dash", "width": 2}}],
        annotations=[{"x": GATE, "y": 1, "yref": "paper", "text": "gate", "showarrow": False,
                      "xanchor": "left", "yanchor": "top"}],
        legend={"orientation": "h", "y": -0.25, "x": 0},
    )  # fmt: skip


def flow_takeaway(person: str, *, working_x_share: float = 0.5, seed: int = 0) -> str:
    """One sentence comparing the simulated share of positive cells with the expected one."""
    cells = simulate_flow(person, working_x_share=working_x_share, seed=seed)
    expected = expected_positive_share(person, working_x_share)
    text = (
        f"{100 * cells['positive'].mean():.0f}% of simulated cells are above the gate "
        f"(expected {100 * expected:.0f}%)"
    )
    if person == "carrier":
        text += (
            f"; {100 * working_x_share:.0f}% of her T cells use the X with the working gene, "
            "so two populations appear"
        )
        if working_x_share < 0.2:
            text += ". With X-inactivation this skewed she could be ill like an affected boy"
    return text + "."
