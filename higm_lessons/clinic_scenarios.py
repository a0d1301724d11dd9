"""Clinic scenarios: a fixed patient an instructor writes in TOML.

A scenario file ``clinic/<name>.toml`` (in the course's ``data/clinic`` folder or in
``$HIGM_LESSONS_DATA/clinic``, which replaces a course file of the same name) names a
seed and may fix the condition, the setting, the age, the sex, any finding and the
story. Everything not fixed is drawn from the seed as for any patient, so "everyone
sees patient 42" and a scenario are the same machinery. Every file is validated on
load; a mistake is reported with the file and the field.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from higm_lessons import checks, diagnosis, labs
from higm_lessons.clinic_patient import (
    CHOICE_FINDINGS,
    LAB_FINDINGS,
    PRESENTING,
    Patient,
    draw,
    girls_share,
    possible_at,
    settings,
)
from higm_lessons.data import (
    DataError,
    cached,
    data_files,
    data_path,
    files_by_id,
    load_toml,
)

Code = Literal[diagnosis.CODES]  # type: ignore[valid-type]


class ScenarioError(DataError):
    """A scenario file is damaged or breaks the scenario rules."""


class Scenario(BaseModel):
    """One validated clinic scenario."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=1)
    seed: int = Field(ge=0)
    condition: Code | None = None
    setting: str = "referral clinic"
    age_days: int | None = Field(default=None, ge=1, lt=labs.LAST_DAY)
    sex: Literal["M", "F"] | None = None
    findings: dict[str, str] = Field(default_factory=dict)
    story: str = ""
    guide: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @field_validator("findings")
    @classmethod
    def _known_findings(cls, value: dict[str, str]) -> dict[str, str]:
        for finding, choice in value.items():
            allowed = _allowed(finding)
            if choice not in allowed:
                raise ValueError(
                    f"finding {finding!r} must be one of {list(allowed)}, not {choice!r}"
                )
        return value


def _allowed(finding: str) -> tuple[str, ...]:
    if finding in LAB_FINDINGS:
        return ("absent", "very_low", "low", "normal", "high")
    if finding in CHOICE_FINDINGS:
        return diagnosis.FINDINGS[finding]
    if finding in PRESENTING:
        return ("yes", "no")
    raise ValueError(
        f"unknown finding {finding!r}; accepted: {[*LAB_FINDINGS, *CHOICE_FINDINGS, *PRESENTING]}"
    )


def _rules(scenario: Scenario, name: str, known_sources: frozenset[str]) -> list[str]:
    problems = []
    if scenario.setting not in settings():
        problems.append(f"{name}, field 'setting': must be one of {list(settings())}")
    unknown = [k for k in scenario.sources if k not in known_sources]
    if unknown:
        problems.append(f"{name}, field 'sources': unknown source keys {unknown}")
    patient = draw(scenario.seed, condition=scenario.condition, setting="practice")
    age = scenario.age_days or patient.age_days
    if scenario.condition and not possible_at(scenario.condition, age):
        problems.append(
            f"{name}, field 'age_days': {scenario.condition} is not diagnosed at {age} days"
        )
    share = girls_share(patient.condition, age)
    if (scenario.sex == "F" and share == 0) or (scenario.sex == "M" and share == 1):
        problems.append(f"{name}, field 'sex': {patient.condition} does not occur in that sex")
    return problems


def _parse(path: Path, known_sources: frozenset[str]) -> Scenario:
    name = f"clinic/{path.name}"
    try:
        scenario = Scenario.model_validate(load_toml(path))
    except DataError as exc:
        raise ScenarioError(str(exc)) from None
    except ValidationError as exc:
        lines = [
            f"{name}, field {'.'.join(str(p) for p in e['loc']) or 'scenario'!r}: {e['msg']}"
            for e in exc.errors()
        ]
        raise ScenarioError("\n".join(lines)) from None
    problems = _rules(scenario, name, known_sources)
    if problems:
        raise ScenarioError("\n".join(problems))
    return scenario


def _load(_sources: Path, *files: Path) -> dict[str, Scenario]:
    return files_by_id("clinic", files, _parse, ScenarioError)


def scenarios() -> dict[str, Scenario]:
    """Every scenario by id (validated; cached until a file changes)."""
    return dict(cached(_load, data_path("sources.csv"), *data_files("clinic", "*.toml")))


def scenario_patient(name: str) -> Patient:
    """The patient of scenario ``name``: drawn from its seed, then its fixed parts applied."""
    found = scenarios()
    scenario = found[checks.one_of("scenario", name, found)]
    patient = draw(scenario.seed, condition=scenario.condition, setting=scenario.setting)
    age = scenario.age_days or patient.age_days
    recovery = patient.recovery_age_days
    if recovery is not None:
        recovery = max(recovery, age + 180)
    return dataclasses.replace(
        patient,
        age_days=age,
        sex=scenario.sex or patient.sex,
        findings={**patient.findings, **scenario.findings},
        story=scenario.story,
        recovery_age_days=recovery,
        name=scenario.id,
        extra={"title": scenario.title, "guide": list(scenario.guide)},
    )
