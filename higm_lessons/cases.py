"""Teaching cases from ``data/cases/*.toml``, revealed in five stages.

Each case file holds one synthetic patient built from published aggregate
patterns (never a real patient): age, sex, the expected diagnosis (a code of
:mod:`higm_lessons.diagnosis`), an explanation, teaching points, sources, and
five ``[[stages]]`` in this order: ``presentation``, ``examination``, ``labs``,
``flow_cytometry``, ``genetics``. A stage has ``text`` and optional
``findings`` (keys and values accepted by :func:`higm_lessons.diagnosis.differential`).

Files come from the course's ``data/cases`` folder and from
``$HIGM_LESSONS_DATA/cases``; an instructor's file replaces the course's file of
the same name, and any new file is added. Every file is validated on load; a
mistake is reported with the file and the field.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from higm_lessons import checks, diagnosis, labs
from higm_lessons.data import (
    DataError,
    cached,
    data_dir,
    data_files,
    data_path,
    files_by_id,
    load_toml,
)

STAGES = ("presentation", "examination", "labs", "flow_cytometry", "genetics")
STAGE_TITLES = {
    "presentation": "Presentation and history",
    "examination": "Examination",
    "labs": "Laboratory tests",
    "flow_cytometry": "Flow cytometry",
    "genetics": "Genetic testing",
}


class CaseError(DataError):
    """A case file is damaged or breaks the case rules."""


class Stage(BaseModel):
    """One reveal of a case."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
    kind: Literal["presentation", "examination", "labs", "flow_cytometry", "genetics"]
    text: str = Field(min_length=1)
    findings: dict[str, bool | str | float | int] = Field(default_factory=dict)

    @field_validator("findings")
    @classmethod
    def _no_age_or_sex(
        cls, value: dict[str, bool | str | float | int]
    ) -> dict[str, bool | str | float | int]:
        for key in ("age_years", "sex"):
            if key in value:
                raise ValueError(f"{key} belongs at the top of the case file, not in findings")
        return value


class Case(BaseModel):
    """One validated teaching case."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=1)
    age_years: float = Field(ge=0, lt=labs.MAX_AGE_YEARS)
    sex: Literal["M", "F"]
    expected: Literal[diagnosis.CODES]  # type: ignore[valid-type]
    explanation: str = Field(min_length=1)
    teaching_points: tuple[str, ...] = Field(min_length=2)
    sources: tuple[str, ...] = Field(min_length=1)
    stages: tuple[Stage, ...]

    @field_validator("stages")
    @classmethod
    def _five_stages_in_order(cls, value: tuple[Stage, ...]) -> tuple[Stage, ...]:
        kinds = tuple(stage.kind for stage in value)
        if kinds != STAGES:
            raise ValueError(
                f"stages must be exactly {list(STAGES)} in this order, not {list(kinds)}"
            )
        return value

    def patient(self, stage: int) -> dict[str, Any]:
        """Everything known after revealing stages 0..``stage`` (a patient for differential())."""
        stage = _stage(stage)
        known: dict[str, Any] = {"age_years": self.age_years, "sex": self.sex}
        for revealed in self.stages[: stage + 1]:
            known.update(revealed.findings)
        return known

    def differential(self, stage: int) -> pd.DataFrame:
        """The differential diagnosis with what is known after ``stage``."""
        return diagnosis.differential(self.patient(stage))

    @property
    def age_text(self) -> str:
        """``'10 months'`` or ``'24 years'``."""
        return labs.age_text(self.age_years)


def _stage(stage: object) -> int:
    """A stage number: a whole number from 0 (the first reveal) to 4 (the last)."""
    return checks.whole("stage", stage, low=0, high=len(STAGES) - 1)


def _case_files() -> list[Path]:
    """Course case files, with an instructor's files of the same name replacing them."""
    return data_files("cases", "*.toml")


def _parse(path: Path, known_sources: frozenset[str]) -> Case:
    name = f"cases/{path.name}"
    try:
        raw = load_toml(path)
    except DataError as exc:
        raise CaseError(str(exc)) from None
    try:
        case = Case.model_validate(raw)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"]) or "case"
            lines.append(f"{name}, field {where!r}: {error['msg']}")
        raise CaseError("\n".join(lines)) from None
    problems = []
    unknown = [k for k in case.sources if k not in known_sources]
    if unknown:
        problems.append(f"{name}, field 'sources': unknown source keys {unknown}")
    for number, stage in enumerate(case.stages):
        try:
            diagnosis.check_patient(
                {"age_years": case.age_years, "sex": case.sex, **stage.findings}
            )
        except (ValueError, TypeError) as exc:
            problems.append(f"{name}, stage {number + 1} ({stage.kind}), findings: {exc}")
    if problems:
        raise CaseError("\n".join(problems))
    return case


def _load(_sources: Path, *files: Path) -> dict[str, Case]:
    return files_by_id("cases", files, _parse, CaseError)


def load_cases() -> dict[str, Case]:
    """Every case by id, in file-name order (validated; cached until a file changes)."""
    files = _case_files()
    if not files:
        raise CaseError(f"no case files found in {data_dir() / 'cases'}")
    return dict(cached(_load, data_path("sources.csv"), *files))


def get_case(case_id: str) -> Case:
    """One case by its id, with a clear error listing the ids."""
    cases = load_cases()
    return cases[checks.one_of("case_id", case_id, cases)]


def stage_labs(case: Case, stage: int) -> pd.DataFrame:
    """The lab results revealed at ``stage``, interpreted against the case's age band."""
    if not isinstance(case, Case):
        raise TypeError("case must be a Case from load_cases()")
    findings = case.stages[_stage(stage)].findings
    results = {k: v for k, v in findings.items() if k in labs.ANALYTES}
    if not results:
        return pd.DataFrame(columns=["analyte", "value", "unit", "low", "high", "flag", "source"])
    return labs.interpret(results, age_years=case.age_years, sex=case.sex)


FINDING_WORDS = {
    "opportunistic_infection": "opportunistic infection",
    "lymphoid_hyperplasia": "enlarged lymph nodes or tonsils",
    "ectodermal_dysplasia": "ectodermal dysplasia",
    "recurrent_infections": "recurrent infections",
    "on_ivig": "on immunoglobulin replacement",
    "follow_up_normal_igg": "IgG normal on follow-up",
    "CD40L": "CD40 ligand on activated CD4 T cells",
    "CD40": "CD40 on B cells",
    "switched_memory_B": "switched memory B cells",
    "vaccine_response": "vaccine antibody responses",
    "variant_gene": "disease-causing variant found in",
}


def stage_findings(case: Case, stage: int) -> list[str]:
    """The non-lab findings revealed at ``stage``, as short phrases."""
    if not isinstance(case, Case):
        raise TypeError("case must be a Case from load_cases()")
    phrases = []
    for key, value in case.stages[_stage(stage)].findings.items():
        if key in labs.ANALYTES:
            continue
        label = FINDING_WORDS.get(key, re.sub("_", " ", key))
        if isinstance(value, bool):
            phrases.append(f"{label}: {'yes' if value else 'no'}")
        elif key == "variant_gene":
            phrases.append(
                "no disease-causing variant found" if value == "none" else f"{label} {value}"
            )
        else:
            phrases.append(f"{label}: {value}")
    return phrases
