"""Hygiene: every notebook is clean, follows the lesson skeleton, and cites real sources;
every data table validates; the Binder environment agrees with the project's pins."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml

from higm_lessons import (
    assessment,
    cases,
    data,
    diagnosis,
    glossary,
    practice,
    prompts,
    quiz,
    review,
)
from higm_lessons.course import lessons
from tools.link_glossary import has_answer_block, relink

ROOT = Path(__file__).resolve().parent.parent
ALL_NOTEBOOKS = sorted(
    p for p in (ROOT / "notebooks").glob("*.ipynb") if p.name != "glossary.ipynb"
)
"""Lessons and instructors' notebooks (the glossary page has its own test)."""
NOTEBOOKS = [p for p in ALL_NOTEBOOKS if re.match(r"\d\d_", p.name)]
"""The lessons, in the learners' sequence (Previous / Next)."""
INSTRUCTOR_NOTEBOOKS = {"instructor_class_summary.ipynb": "13"}
"""Notebooks for instructors, not lessons: not in lessons.csv nor in the Previous / Next
chain, linked from the README's instructor section; each shows prompts of one lesson."""
HOME = "course_home.ipynb"
"""The learner's course home: not a lesson (not in lessons.csv nor in the Previous / Next
chain) and no prompts of its own; linked from lesson 00 and the README."""
PROMPTED_NOTEBOOKS = [p for p in ALL_NOTEBOOKS if p.name != HOME]
"""The lessons and instructors' notebooks: every interactive is followed by a prompt."""
LESSONS = lessons().set_index("number")
SOURCES = set(data.load_table("sources.csv")["key"])
FACTS = data.load_table("facts.csv")
REQUIRED_H2 = ["In this lesson", "Check your understanding", "Key points", "References"]
ALLOWED_CELL_METADATA = {"tags"}
GLOSSARY = glossary.glossary().set_index("abbreviation")


def _nb(path: Path):
    return nbformat.read(path, as_version=4)


PROMPT_CALL = re.compile(r"""\bprompt\(\s*["'](\d\d)["']\s*,\s*["']([^"']+)["']\s*\)""")


def _prompt_calls(source: str) -> list[tuple[str, str]]:
    return PROMPT_CALL.findall(source)


def _prompt_text(lesson: str, prompt_id: str) -> str:
    """The words a learner reads in a prompt widget: prompt, options, feedback, model answer."""
    item = prompts.get(lesson, prompt_id)
    parts = [item.prompt, *(f"{o.text}\n{o.feedback}" for o in item.options), item.model_answer]
    return "\n\n".join(parts)


def _markdown(nb) -> list[str]:
    """The prose of a lesson, in reading order, with each prompt's text where it is called."""
    texts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            texts.append(cell.source)
        elif cell.cell_type == "code":
            texts.extend(_prompt_text(*call) for call in _prompt_calls(cell.source))
    return texts


def _prose(nb) -> str:
    """Markdown text without code spans, HTML tags and link targets."""
    text = glossary.unlink("\n".join(_markdown(nb)))
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


_NUMBER_TOKEN = re.compile(r"(?<![\w.,])(?:\d+(?:[.,]\d+)*\s?%|1 in \d+(?:,\d{3})*(?![\d.,]\d))")


def _number_tokens(text: str) -> set[str]:
    """Percentages and "1 in N" figures in ``text``, each a whole token ("5%" is not found
    inside "15%", nor "1 in 4" inside "1 in 40"); a space before "%" is dropped."""
    return {re.sub(r"\s+%", "%", m.group(0)) for m in _NUMBER_TOKEN.finditer(text)}


def _contains_whole(text: str, phrase: str) -> bool:
    """``phrase`` occurs in ``text`` not glued to a longer word or number: "13%" is not
    found in "113%", nor "485" in "4850" or "485.5"."""
    before = r"(?<![\w.,])" if phrase[:1].isalnum() else ""
    after = r"(?![\w]|[.,]\d)" if phrase[-1:].isalnum() or phrase.endswith("%") else ""
    return re.search(before + re.escape(phrase) + after, text) is not None


def _number(path: Path) -> str:
    """A lesson's number; for an instructors' notebook, the lesson whose prompts it shows."""
    return INSTRUCTOR_NOTEBOOKS.get(path.name, path.name[:2])


def _citations(nb) -> set[str]:
    keys = set()
    for match in re.finditer(
        r"\[([a-z0-9_]+(?:;\s*[a-z0-9_]+)*)\](?!\()", "\n".join(_markdown(nb))
    ):
        keys.update(k.strip() for k in match.group(1).split(";"))
    return keys


def _reference_call_keys(nb) -> list[str]:
    for cell in nb.cells:
        if cell.cell_type == "code" and "references(" in cell.source:
            match = re.search(r"references\(\s*\[([^\]]*)\]", cell.source)
            assert match, "the references(...) call must take a literal list of keys"
            return re.findall(r"[\"']([a-z0-9_]+)[\"']", match.group(1))
    return []


def test_there_are_notebooks_for_every_available_lesson():
    assert NOTEBOOKS, "no notebooks found"
    names = {p.name for p in NOTEBOOKS}
    assert names == set(LESSONS.loc[LESSONS["available"], "notebook"])
    assert names <= set(LESSONS["notebook"]), "every notebook must be listed in data/lessons.csv"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_valid_nbformat_with_cell_ids(path):
    nb = _nb(path)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) >= (4, 5)
    ids = [c.get("id") for c in nb.cells]
    assert all(ids) and len(set(ids)) == len(ids), "every cell needs a unique id"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_stripped_of_outputs_and_widget_state(path):
    nb = _nb(path)
    assert "widgets" not in nb.metadata, "notebook metadata holds widget state"
    for cell in nb.cells:
        extra = set(cell.metadata) - ALLOWED_CELL_METADATA
        assert not extra, f"cell {cell.id} has metadata {sorted(extra)}"
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {cell.id} has stored outputs"
            assert cell.execution_count is None, f"cell {cell.id} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_skeleton(path):
    nb = _nb(path)
    lesson = LESSONS.loc[_number(path)]
    headings = [
        (len(m.group(1)), m.group(2).strip())
        for text in _markdown(nb)
        for m in re.finditer(r"^(#{1,6})\s+(.*)$", text, re.M)
    ]
    assert headings[0] == (1, f"Lesson {_number(path)} · {lesson['title']}")
    assert [h for h in headings if h[0] == 1] == [headings[0]], "exactly one H1"
    for (before, _), (after, title) in itertools.pairwise(headings):
        assert after <= before + 1, f"heading {title!r} skips a level"
    h2 = [t for level, t in headings if level == 2]
    positions = [h2.index(t) if t in h2 else -1 for t in REQUIRED_H2]
    assert -1 not in positions, (
        f"missing sections: {[t for t, p in zip(REQUIRED_H2, positions, strict=True) if p < 0]}"
    )
    assert positions[0] == 0 and positions[1:] == sorted(positions[1:]), "sections out of order"
    intro = next(t for t in _markdown(nb) if t.startswith("## In this lesson"))
    assert "**Objectives.**" in intro and "**Prerequisites:**" in intro
    assert f"**Estimated time:** {lesson['minutes']} minutes." in intro, (
        "time must match lessons.csv"
    )


@pytest.mark.parametrize("path", PROMPTED_NOTEBOOKS, ids=lambda p: p.stem)
def test_every_interactive_has_a_question_beside_it(path):
    nb = _nb(path)
    cells = nb.cells
    interactives = [i for i, c in enumerate(cells) if "interactive" in c.metadata.get("tags", [])]
    assert interactives, "a lesson needs at least one interactive cell (tag 'interactive')"
    for i in interactives:
        following = []
        for cell in cells[i + 1 :]:
            if cell.cell_type != "markdown":
                break
            following.append(cell.source)
        after = cells[i + 1 + len(following)] if i + 1 + len(following) < len(cells) else None
        calls = _prompt_calls(after.source) if after and after.cell_type == "code" else []
        if calls:  # the question is a prompt widget: it asks, then shows the model answer
            following.append(_prompt_text(*calls[0]))
        text = "\n".join(following)
        assert re.search(r"\*\*(Try it|Think)\.\*\*", text) and "?" in text, (
            f"interactive cell {cells[i].id} needs a 'Try it.' or 'Think.' question right after it"
        )
        assert calls, f"the question after {cells[i].id} must be a prompt(\"NN\", \"id\") call"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_no_answer_sits_in_a_details_block(path):
    """Ask before telling: an answer behind "Show the answer" can be read without an attempt."""
    nb = _nb(path)
    blocks = [c.id for c in nb.cells if c.cell_type == "markdown" and has_answer_block(c.source)]
    assert not blocks, f"cells {blocks} hold a <details> answer: make each a prompt"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_every_prompt_call_names_a_prompt_of_its_lesson(path):
    nb = _nb(path)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for lesson, prompt_id in _prompt_calls(cell.source):
            assert lesson == _number(path), f"{prompt_id}: a lesson calls only its own prompts"
            item = prompts.get(lesson, prompt_id)  # raises for a prompt that does not exist
            assert item.model_answer.strip(), f"{prompt_id} has no model answer"
        if "prompt(" in cell.source and "import prompt" in cell.source:
            assert _prompt_calls(cell.source), (
                f'cell {cell.id}: call prompt with two literal strings, prompt("NN", "id")'
            )


def test_every_prompt_has_a_model_answer_and_is_used_once():
    called = [
        call
        for path in ALL_NOTEBOOKS
        for cell in _nb(path).cells
        if cell.cell_type == "code"
        for call in _prompt_calls(cell.source)
    ]
    assert len(called) == len(set(called)), "a prompt is shown once in the course"
    for item in prompts.all_prompts():
        assert item.model_answer.strip() and item.sources
        assert (item.lesson, item.id) in called, f"prompt {item.id} is in no notebook"


def test_instructor_notebooks_are_not_lessons_and_are_linked_for_instructors():
    """Every notebook is a lesson of lessons.csv or an instructors' notebook; an instructors'
    notebook says so in its title, is in no lesson's Previous / Next links, and the README
    links to it in its instructor section."""
    lessons_listed = set(LESSONS["notebook"])
    for path in ALL_NOTEBOOKS:
        assert path.name in lessons_listed or path.name in {*INSTRUCTOR_NOTEBOOKS, HOME}, (
            f"{path.name} is neither a lesson in data/lessons.csv, the course home nor an "
            "instructors' notebook"
        )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    instructors = readme.split("## For instructors", 1)[1].split("\n## ", 1)[0]
    for name in INSTRUCTOR_NOTEBOOKS:
        assert name not in lessons_listed
        nb = _nb(ROOT / "notebooks" / name)
        assert nb.cells[0].source.startswith("# Instructors · ")
        assert f"(notebooks/{name})" in instructors, f"README's instructor section must link {name}"
        for lesson in NOTEBOOKS:
            assert name not in _nb(lesson).cells[-1].source, f"{lesson.name} links to {name}"


TITLE_TRAP_WORDS = (
    "trap", "mimic", "classic", "typical", "textbook", "never sweats", "sweat", "tonsil",
    "normal", "unreadable", "IgG", "IgA", "IgM", "IgE", "immunoglobulin", "IVIG", "SCIG",
    "B cells", "Pneumocystis", "Cryptosporidium", "agammaglobulinaemia", "agammaglobulinemia",
    "hyper-IgM", "hyper IgM", "hypogammaglobulinaemia", "immunodeficiency", "IgA deficiency",
    "ectodermal", "healthy", "transient",
)  # fmt: skip
"""Words a case title must not hold: they name or point to the answer, or flag a trap."""
TITLE_PATTERN = re.compile(r"^An? (\d+)-(week|month|year)-old (boy|girl|man|woman) \S")


def _differential_terms() -> set[str]:
    """Every name and code of a condition on the differential: codes (and their parts, as
    HIGM, CD40L, AID, NEMO), full names and the names in their brackets, genes, and the
    conditions of data/condition_priors.csv."""
    terms = set(diagnosis.CODES) | set(data.load_table("condition_priors.csv")["condition"])
    terms |= {part for code in diagnosis.CODES for part in code.split("_")}
    terms |= {gene for genes in diagnosis.GENES.values() for gene in genes}
    for name in diagnosis.NAMES.values():
        main, _, inner = name.partition(" (")
        terms.add(main)
        terms.update(p.strip(" )") for p in re.split(r",| or | with ", inner) if p.strip(" )"))
    return {t for t in terms if len(t) > 2}


def _title_problems(title: str) -> list[str]:
    words = sorted(_differential_terms() | set(TITLE_TRAP_WORDS), key=str.lower)
    return [w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}", title, re.IGNORECASE)]


def test_case_titles_give_age_sex_and_problem_only():
    """A case title is what the learner knows on arrival: age, sex and the presenting problem.
    It names no condition of the differential and no trap."""
    assert {"HIGM", "XLA", "CVID", "SCID", "NEMO", "THI", "Selective IgA deficiency"} <= (
        _differential_terms()
    )
    assert _title_problems("Trap: a 2-year-old boy with XLA") == ["trap", "XLA"]
    assert {"hyper-IgM", "tonsil"} <= set(_title_problems("A boy with hyper-IgM, tiny tonsils"))
    assert _title_problems("A girl with selective IgA deficiency") == [
        "IgA",
        "IgA deficiency",
        "Selective IgA deficiency",
    ]
    assert _title_problems("A 3-year-old boy with a cold every month") == []
    unit_days = {"week": 7, "month": 365.25 / 12, "year": 365.25}
    for case in cases.load_cases().values():
        assert not _title_problems(case.title), (
            f"case {case.id}: title {case.title!r} gives away {_title_problems(case.title)}"
        )
        match = TITLE_PATTERN.match(case.title)
        assert match, f"case {case.id}: a title starts 'A(n) N-week/month/year-old boy/girl...'"
        number, unit, person = match.groups()
        assert int(number) == int(case.age_years * 365.25 / unit_days[unit] + 1e-9), case.id
        assert case.sex == ("M" if person in ("boy", "man") else "F"), case.id


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_self_check_uses_the_lesson_bank(path):
    nb = _nb(path)
    number = _number(path)
    calls = [c for c in nb.cells if "self-check" in c.metadata.get("tags", [])]
    assert len(calls) == 1 and f'quiz("{number}")' in calls[0].source
    assert len(quiz.load_bank(number)) >= 4, "a lesson needs at least four self-check questions"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_links_to_notebooks_resolve(path):
    text = "\n".join(_markdown(_nb(path)))
    targets = re.findall(r"\]\(([^)#\s]+\.ipynb)(?:#[^)]*)?\)", text)
    for target in targets:
        assert (path.parent / target).exists(), f"link to {target} does not resolve"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_previous_and_next_links(path):
    nb = _nb(path)
    last = nb.cells[-1].source
    number = int(_number(path))
    for label, other in (("Previous", number - 1), ("Next", number + 1)):
        key = f"{other:02d}"
        assert f"**{label}:**" in last
        if key not in LESSONS.index:
            continue
        row = LESSONS.loc[key]
        if row["available"]:
            assert f"({row['notebook']})" in last, f"{label} must link to {row['notebook']}"
        else:
            assert f"Lesson {key} · {row['title']} (coming soon)" in last


def test_course_map_lists_every_lesson():
    map_cell = next(
        t
        for t in _markdown(_nb(ROOT / "notebooks/00_start_here.ipynb"))
        if t.startswith("## 3. The course map")
    )
    for key, row in LESSONS.iterrows():
        if row["available"]:
            assert f"| {key} · [{row['title']}]({row['notebook']}) |" in map_cell
        else:
            assert f"| {key} · {row['title']} (coming soon) |" in map_cell
        assert f"| {row['minutes']} min |" in map_cell


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_citations_exist_and_are_listed(path):
    nb = _nb(path)
    listed = _reference_call_keys(nb)
    assert listed, "the References section must call references([...])"
    assert set(listed) <= SOURCES, f"unknown keys {set(listed) - SOURCES}"
    cited = _citations(nb)
    assert cited <= SOURCES, f"unknown citation keys {cited - SOURCES}"
    # [course] marks the course's own judgement: it needs no bibliography entry
    unlisted = cited - set(listed) - {"course"}
    assert not unlisted, f"cited but not listed in References: {unlisted}"
    for key in ("myigsource_higm", "gard_higm1"):
        assert key in listed, "both seed pages belong in every lesson's references"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_numbers_in_prose_come_from_facts(path):
    nb = _nb(path)
    prose = _prose(nb)
    facts = FACTS[FACTS["lesson"] == _number(path)]
    listed = set(_reference_call_keys(nb))
    for quote, source in zip(facts["quote"], facts["source"], strict=True):
        assert _contains_whole(prose, quote), (
            f"facts.csv quote {quote!r} does not appear in the lesson as a whole phrase"
        )
        assert set(k.strip() for k in source.split(";")) - {"course"} <= listed, (
            f"source of {quote!r} not listed"
        )
    quoted = set().union(*map(_number_tokens, facts["quote"]))
    for number in _number_tokens(prose):
        assert number in quoted, f"{number!r} in the text has no row in data/facts.csv"


def test_number_tokens_are_whole():
    assert _number_tokens("15% of boys, 1 in 40, 2.5 %") == {"15%", "1 in 40", "2.5%"}
    assert "5%" not in _number_tokens("15%") and "1 in 4" not in _number_tokens("1 in 40")
    assert _number_tokens("11 in 40; 1 in 1,030,000, and 1 in 4.") == {"1 in 1,030,000", "1 in 4"}
    assert _number_tokens("1.5% or 0,5%") == {"1.5%", "0,5%"}
    assert _number_tokens("1 in 1030000 births") == {"1 in 1030000"}


def test_facts_quotes_match_whole_phrases():
    assert _contains_whole("about 13% of them", "13%")
    assert not _contains_whole("about 113% of them", "13%")
    assert not _contains_whole("4850 genes", "485") and not _contains_whole("485.5", "485")
    assert _contains_whole("listed 485.", "485") and _contains_whole("(485)", "485")


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_every_abbreviation_is_in_the_glossary_and_linked_at_first_use(path):
    """The glossary is the one home of definitions: every abbreviation a lesson uses (in its
    prose or its prompts) has an entry, and its first use in the lesson's prose shows that
    entry on hover (tools/link_glossary.py writes the links)."""
    # The lesson title (the H1) may use a short name that the first paragraph links.
    prose = re.sub(r"(?m)^# .*$", " ", _prose(_nb(path)))
    used = set()
    for match in re.finditer(r"(?<![\w-])([A-Z][A-Z0-9]{1,})(?![\w-])", prose):
        before = prose[max(0, match.start() - 2) : match.start()]
        if not (before.endswith("*") and prose[match.end() : match.end() + 1] == "*"):
            used.add(match.group(1))  # (an italic *CD40LG* is a gene symbol, not an abbreviation)
    missing = used - set(GLOSSARY.index)
    assert not missing, f"{sorted(missing)} are used but not in data/glossary.csv"
    assert not relink(path, write=False), (
        "the first uses are not linked to the current glossary: run tools/link_glossary.py"
    )
    cells = _nb(path).cells
    linked = "\n".join(  # teaching notes leave the student edition: they link nothing
        c.source
        for c in cells
        if c.cell_type == "markdown"
        and not has_answer_block(c.source)
        and "instructor" not in c.metadata.get("tags", [])
    )
    for abbreviation in sorted(used):
        if glossary.uses(glossary.unlink(linked), glossary.token_pattern([abbreviation])):
            assert glossary.tag(abbreviation) in linked, f"{abbreviation} is never linked"


def test_the_course_home_is_linked_from_lesson_00_and_the_readme_and_is_no_lesson():
    assert f"({HOME})" in "\n".join(_markdown(_nb(ROOT / "notebooks/00_start_here.ipynb")))
    assert f"(notebooks/{HOME})" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert HOME not in set(LESSONS["notebook"])
    page = _nb(ROOT / "notebooks" / HOME)
    assert page.cells[0].source.startswith("# Course home\n")
    code = "\n".join(c.source for c in page.cells if c.cell_type == "code")
    assert "course_home()" in code and "progress_panel()" in code
    assert not _prompt_calls(code), "the home has no prompt of its own"
    assert "(00_start_here.ipynb)" in page.cells[-1].source, "the page links back to lesson 00"
    for lesson in NOTEBOOKS:
        assert HOME not in _nb(lesson).cells[-1].source, f"{lesson.name} chains to the home"


def test_the_glossary_page_is_linked_from_lesson_00_and_the_readme():
    assert "(glossary.ipynb)" in "\n".join(_markdown(_nb(ROOT / "notebooks/00_start_here.ipynb")))
    assert "(notebooks/glossary.ipynb)" in (ROOT / "README.md").read_text(encoding="utf-8")
    page = _nb(ROOT / "notebooks/glossary.ipynb")
    assert any("glossary_table()" in c.source for c in page.cells if c.cell_type == "code")
    nbformat.validate(page)
    assert len({c.get("id") for c in page.cells}) == len(page.cells), "unique cell ids"
    assert all(c.outputs == [] for c in page.cells if c.cell_type == "code"), "strip it"
    assert "(00_start_here.ipynb)" in page.cells[-1].source, "the page links back to lesson 00"


DEEP_DIVES = {
    "00": [],
    "01": [],
    "02": [],
    "03": ["the forms that are not autosomal recessive", "the same pattern, another cause"],
    "04": ["standard errors and the chi-square test"],
    "05": [],
    "06": ["when mutation rates differ between the sexes"],
    "07": ["where the flag letters come from", "how the zlog value is computed"],
    "08": [],
    "09": [],
    "10": ["a patient for the whole class"],
    "11": ["checking the model against a study", "what the check means for the simulator"],
    "12": [],
    "13": [],
}
"""Each lesson's optional deep dives, by their summary after "Deep dive (optional): ". A lesson
with none is all core. The topics a learner may skip on a first pass (standard errors and the
chi-square test, sex-specific mutation rates, the HL7/FHIR flag codes, the zlog formula, the
model check, the look-alikes and the dominant related forms) must sit inside them."""
SKIPPABLE = {
    "03": ["*BTK*", "*NFKBIA*"],
    "04": ["combines all the categories"],
    "06": ["mutation-rate ratio of about 3.1"],
    "07": ["Health Level Seven", "zlog = "],
    "11": ["lowest and highest mean doses"],
}
DEEP_DIVE_BLOCK = re.compile(
    r'<details class="deep-dive"><summary>Deep dive \(optional\): ([^<]+)</summary>\n\n.*?\n\n'
    r"</details>",
    re.S,
)


def test_every_lesson_declares_its_deep_dives():
    assert set(DEEP_DIVES) == {_number(p) for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_deep_dives_are_marked_folded_and_listed(path):
    """A deep dive folds away and says so: <details class="deep-dive"> with a summary that
    starts "Deep dive (optional):" and blank lines so its markdown renders; a section heading
    that names a deep dive says "Deep dive (optional)"."""
    texts = [c.source for c in _nb(path).cells if c.cell_type == "markdown"]
    text = "\n".join(texts)
    found = [m.group(1) for m in DEEP_DIVE_BLOCK.finditer(text)]
    assert text.count('<details class="deep-dive">') == len(found), (
        'a deep dive must read <details class="deep-dive"><summary>Deep dive (optional): ...'
        "</summary>, then a blank line, its text, a blank line and </details>"
    )
    assert found == DEEP_DIVES[_number(path)], "list the lesson's deep dives in DEEP_DIVES"
    for source in texts:
        for summary in re.findall(r"<summary>([^<]*)</summary>", source):
            if summary.lower().startswith("deep dive"):
                assert '<details class="deep-dive"><summary>' + summary in source
        for heading in re.findall(r"(?m)^#+ .*[Dd]eep dive.*$", source):
            assert "Deep dive (optional)" in heading, heading
    inside = "\n".join(m.group(0) for m in DEEP_DIVE_BLOCK.finditer(text))
    for phrase in SKIPPABLE.get(_number(path), []):
        assert phrase in inside and phrase not in DEEP_DIVE_BLOCK.sub("", text), (
            f"{phrase!r} belongs in a deep dive only"
        )


def test_every_data_table_and_question_bank_validates():
    loaders = [quiz.all_questions, prompts.all_prompts, assessment.question_pool]
    assert data.validate_all(loaders) == []


def test_environment_yml_agrees_with_the_project_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    python = next(d for d in deps if isinstance(d, str) and d.startswith("python="))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert python == "python=3.11"
    assert project["requires-python"] == ">=3.11"
    pip = next(d["pip"] for d in deps if isinstance(d, dict) and "pip" in d)
    env_pins = dict(re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", p).groups() for p in pip)
    constraints = {}
    for line in (ROOT / "requirements" / "constraints.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            constraints[name.lower().replace("_", "-")] = version.strip()
    exact = {}
    for dep in project["dependencies"]:
        if "==" in dep:
            name, version = dep.split("==")
            exact[name.lower().replace("_", "-")] = version
    normal = {k.lower().replace("_", "-"): v for k, v in env_pins.items()}
    for name, version in exact.items():
        assert normal.get(name) == version, f"environment.yml must pin {name}=={version}"
    for name, version in normal.items():
        assert constraints.get(name) == version, (
            f"{name}: environment.yml {version}, constraints {constraints.get(name)}"
        )


def test_postbuild_installs_the_package_without_touching_pins():
    text = (ROOT / "postBuild").read_text()
    assert "pip install --no-deps -e ." in text


def test_jupyter_settings_install_where_lab_and_voila_read_them(tmp_path, monkeypatch):
    """Voilà renders progressively (widget views wait for their models), from the command
    line and inside JupyterLab; the keyboard overrides and the notification settings (no
    news or update toasts) reach JupyterLab; the projector template reaches Voilà."""
    import importlib.util
    import json
    import sys

    spec = importlib.util.spec_from_file_location(
        "install_jupyter_settings", ROOT / "tools" / "install_jupyter_settings.py"
    )
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "elsewhere"))
    assert tool.main(["--prefix", str(tmp_path)]) == 0
    voila = {"VoilaConfiguration": {"progressive_rendering": True}}
    etc = tmp_path / "etc" / "jupyter"
    assert json.loads((etc / "voila.json").read_text()) == voila
    assert (
        json.loads((etc / "jupyter_server_config.d" / "higm_lessons_voila.json").read_text())
        == voila
    )
    lab = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    overrides = json.loads(lab.read_text())
    assert "@jupyterlab/shortcuts-extension:shortcuts" in overrides
    assert overrides["@jupyterlab/apputils-extension:notification"] == {
        "fetchNews": "false",
        "checkForUpdates": False,
    }
    template = tmp_path / "share" / "jupyter" / "voila" / "templates" / "higm-present"
    assert json.loads((template / "conf.json").read_text())["base_template"] == "lab"
    assert (template / "index.html.j2").read_text() == (
        ROOT / "jupyter-config" / "voila" / "templates" / "higm-present" / "index.html.j2"
    ).read_text()
    assert not (tmp_path / "elsewhere").exists()
    assert "install_jupyter_settings.py" in (ROOT / "postBuild").read_text()


def test_make_present_rejects_an_unknown_lesson():
    # -o: do not rebuild the environment just to run this check.
    result = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", "-o", ".venv/bin/python", "present", "LESSON=42"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "lesson must be one of ['00'" in result.stderr
    assert "Presenting" not in result.stdout


def test_make_present_serves_the_folder_in_the_projector_theme():
    """``make present`` (with or without a lesson) serves the whole notebooks folder, so the
    lessons' Previous/Next links work, in the projector template, with presenting kernels."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("present", ROOT / "tools" / "present.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    command = tool.command("127.0.0.1", 9999)
    assert str(ROOT / "notebooks") in command and "--template=higm-present" in command
    assert "--VoilaConfiguration.progressive_rendering=True" in command
    env = tool.environment({"JUPYTER_PATH": "/somewhere"})
    assert env["HIGM_PRESENT"] == "1"
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(ROOT / "jupyter-config"), "/somewhere"]
    assert (ROOT / "jupyter-config" / "voila" / "templates" / "higm-present" / "conf.json").exists()
    assert tool.start_url("127.0.0.1", 9999, None) == "http://127.0.0.1:9999/"
    first = lessons().iloc[0]
    assert tool.start_url("127.0.0.1", 9999, first["number"]) == (
        f"http://127.0.0.1:9999/voila/render/{first['notebook']}"
    )
    assert "present: $(STAMP)" in (ROOT / "Makefile").read_text()


# --------------------------------------------------------------------------- objectives
UNTAGGED_PROMPTS = {"13-class-files", "13-class-difficulty", "13-class-duplicate"}
"""Prompts of the instructors' notebook: they teach reading a class summary, which is no
learner objective."""


def _tagged_items() -> list[tuple[str, str, tuple[str, ...]]]:
    """(item id, its lesson, its objectives) of every question, final-test case, prompt
    and generated kind of problem that the review queue serves."""
    items = [(q.id, q.lesson, q.objectives) for q in quiz.all_questions()]
    items += [(q.id, "13", q.objectives) for q in assessment.final_bank().questions]
    items += [(p.id, p.lesson, p.objectives) for p in prompts.all_prompts()]
    items += [
        (f"{review.PRACTICE}{kind}", lesson, tags)
        for kind, (lesson, tags) in review.COURSE_PRACTICE.items()
    ]
    return items


def test_every_item_names_the_objectives_it_tests():
    untagged = [
        item for item, _lesson, tags in _tagged_items() if not tags and item not in UNTAGGED_PROMPTS
    ]
    assert not untagged, f"tag these with objectives = [...] from data/objectives.csv: {untagged}"
    assert set(review.COURSE_PRACTICE) == set(practice.KINDS), "tag every generated kind"


def test_every_objective_has_at_least_two_items():
    table = data.load_table("objectives.csv")
    counts = {o: 0 for o in table["id"]}
    for _item, _lesson, tags in _tagged_items():
        for tag in tags:
            counts[tag] += 1
    thin = sorted(o for o, n in counts.items() if n < 2)
    assert not thin, f"objectives with fewer than two items: {thin}"


def test_no_item_tests_an_objective_of_a_later_lesson():
    lesson_of = dict(
        zip(*data.load_table("objectives.csv")[["id", "lesson"]].T.values, strict=True)
    )
    later = [
        (item, tag)
        for item, lesson, tags in _tagged_items()
        for tag in tags
        if lesson_of[tag] > lesson
    ]
    assert not later


def test_objectives_are_the_lessons_objective_lists():
    """objectives.csv says what each lesson's "In this lesson" box lists, in its order."""
    table = data.load_table("objectives.csv")
    for path in NOTEBOOKS:
        lesson = path.name[:2]
        box = next(c.source for c in _nb(path).cells if "**Objectives.**" in c.source)
        listed = re.findall(r"^\d+\. (.+)$", box.split("**Estimated")[0], re.MULTILINE)
        rows = table[table["lesson"] == lesson]
        assert list(rows["id"]) == [f"{lesson}-{k}" for k in range(1, len(listed) + 1)]
        for text, item in zip(rows["text"], listed, strict=True):
            plain = re.sub(r'<abbr title="[^"]*">([^<]*)</abbr>', r"\1", item).replace("*", "")
            assert text.lower() == plain.strip().rstrip(";.").lower(), path.name


# --------------------------------------------------------------------------- option lengths
LONGEST_KEY_SHARE = 0.40
"""At most this share of a bank's single-answer questions may key the longest option:
test-wise learners pick the longest option, so a key that stands out by length gives
the answer away."""


def _banks() -> dict[str, list[quiz.Question | prompts.Prompt]]:
    """Single-answer items by file: question banks, and prompt files (one-choice prompts)."""
    banks: dict[str, list[quiz.Question | prompts.Prompt]] = {}
    for question in quiz.all_questions():
        if question.kind == "single":
            banks.setdefault(f"questions/lesson_{question.lesson}.toml", []).append(question)
    banks["questions/final_test.toml"] = [
        q for q in assessment.final_bank().questions if q.kind == "single"
    ]
    for item in prompts.all_prompts():
        if item.kind == "choice":
            banks.setdefault(f"prompts/lesson_{item.lesson}.toml", []).append(item)
    return banks


def _key_is_longest(item: quiz.Question | prompts.Prompt) -> bool:
    """The keyed option is strictly longer than every other option."""
    lengths = {o.id: len(o.text) for o in item.options}
    key = lengths.pop(str(item.answer))
    return key > max(lengths.values())


@pytest.mark.parametrize("bank", sorted(_banks()))
def test_the_key_is_not_usually_the_longest_option(bank):
    single = _banks()[bank]
    longest = [q.id for q in single if _key_is_longest(q)]
    assert len(longest) <= LONGEST_KEY_SHARE * len(single), (
        f"{bank}: the key is the longest option in {len(longest)} of {len(single)} "
        f"single-answer questions: {longest}"
    )
