"""`make class-link`: a class's nbgitpuller link names a release, never main, and the link
keeps working click after click (checked with nbgitpuller itself on a local repository).
`make class-branch`: the class branch is the release's student edition, with no teaching
notes and no instructors' notebook, and a class moved to a newer release merges forward."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "deploy"))
import class_branch
import class_link

HUB = "https://hub.example.edu"


def test_the_link_opens_the_start_page_from_the_class_branch_of_a_release():
    url = class_link.link(HUB + "/", "https://github.com/higm-course/higm-course.git", "v1.2.0")
    parsed = urlparse(url)
    assert url.startswith(f"{HUB}/hub/user-redirect/git-pull?")
    query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
    assert query == {
        "repo": "https://github.com/higm-course/higm-course.git",
        "branch": "class/v1.2.0",
        "urlpath": "lab/tree/higm-course/notebooks/00_start_here.ipynb",
        "targetpath": "higm-course",
    }
    voila = class_link.link(HUB, class_link.DEFAULT_REPO, "v2.0.1", interface="voila")
    assert "urlpath=voila%2Frender%2Fhigm-course%2Fnotebooks" in voila


@pytest.mark.parametrize("ref", ["main", "master", "hub", "v1", "1.2.0", "v1.2.0; rm", ""])
def test_main_or_a_branch_is_refused(ref):
    with pytest.raises(ValueError, match="release tag"):
        class_link.class_branch(ref)


def test_a_bad_hub_address_or_interface_is_refused():
    with pytest.raises(ValueError, match="HUB"):
        class_link.link("hub.example.edu", class_link.DEFAULT_REPO, "v1.0.0")
    with pytest.raises(ValueError, match="interface"):
        class_link.link(HUB, class_link.DEFAULT_REPO, "v1.0.0", interface="classic")
    with pytest.raises(TypeError):
        class_link.class_branch(1.2)


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Course", "-c", "user.email=course@example.org", *args],
        cwd=cwd, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


@pytest.fixture
def releases(tmp_path):
    """A course repository with two release tags."""
    src = tmp_path / "course"
    src.mkdir()
    git(src, "init", "-q", "-b", "main")
    (src / "lesson.ipynb").write_text("release 1\n")
    git(src, "add", ".")
    git(src, "commit", "-qm", "one")
    git(src, "tag", "v1.0.0")
    (src / "new_lesson.ipynb").write_text("release 1.1\n")
    git(src, "add", ".")
    git(src, "commit", "-qm", "two")
    git(src, "tag", "v1.1.0")
    (src / "draft.ipynb").write_text("not released\n")
    git(src, "add", ".")
    git(src, "commit", "-qm", "work in progress on main")
    return src


def test_only_an_existing_tag_makes_a_link(releases):
    assert class_link.tag_exists("v1.0.0", releases) is True
    assert class_link.tag_exists("v9.9.9", releases) is False


def test_a_class_branch_link_works_click_after_click_and_keeps_learners_edits(
    releases, tmp_path
):
    pull = pytest.importorskip("nbgitpuller.pull")
    git(releases, "branch", class_link.class_branch("v1.0.0"), "v1.0.0^{commit}")
    home = tmp_path / "home" / "course"

    def click() -> None:
        for _line in pull.GitPuller(
            f"file://{releases}", str(home), branch="class/v1.0.0"
        ).pull():
            pass

    click()
    assert sorted(p.name for p in home.glob("*.ipynb")) == ["lesson.ipynb"]
    (home / "lesson.ipynb").write_text("release 1\nmy notes\n")
    click()  # the learner comes back the next day
    assert (home / "lesson.ipynb").read_text() == "release 1\nmy notes\n"
    git(releases, "branch", "-f", "class/v1.0.0", "v1.1.0^{commit}")  # the instructor moves on
    click()
    assert sorted(p.name for p in home.glob("*.ipynb")) == ["lesson.ipynb", "new_lesson.ipynb"]
    assert "my notes" in (home / "lesson.ipynb").read_text()
    assert not (home / "draft.ipynb").exists(), "main's work in progress must not reach a class"


def test_a_bare_tag_breaks_on_the_second_click_which_is_why_classes_use_a_branch(
    releases, tmp_path
):
    pull = pytest.importorskip("nbgitpuller.pull")
    home = tmp_path / "tagged"

    def click() -> None:
        for _line in pull.GitPuller(f"file://{releases}", str(home), branch="v1.0.0").pull():
            pass

    click()
    with pytest.raises(subprocess.CalledProcessError):
        click()


def notebook(*cells: tuple[str, list[str]]) -> str:
    """A small notebook's JSON text: (source, tags) per Markdown cell."""
    body = {"cells": [{"cell_type": "markdown", "id": f"c{i}", "metadata": {"tags": tags},
                       "source": text} for i, (text, tags) in enumerate(cells)],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}  # fmt: skip
    return json.dumps(body, indent=1, sort_keys=True) + "\n"


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A course repository whose release v1.0.0 has teaching notes and an instructors'
    notebook, and whose v1.1.0 adds a lesson."""
    for key in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{key}_NAME", "Course")
        monkeypatch.setenv(f"GIT_{key}_EMAIL", "course@example.org")
    src = tmp_path / "course"
    (src / "notebooks").mkdir(parents=True)
    git(src, "init", "-q", "-b", "main")
    (src / "notebooks" / "00_lesson.ipynb").write_text(
        notebook(
            ("# Lesson", []),
            ("**Teaching notes.** Expected wrong answers", ["instructor"]),
            ("A prompt", ["prompt"]),
        )
    )
    (src / "notebooks" / "instructor_class_summary.ipynb").write_text(notebook(("x", [])))
    (src / "README.md").write_text("course\n")
    git(src, "add", ".")
    git(src, "commit", "-qm", "one")
    git(src, "tag", "v1.0.0")
    (src / "notebooks" / "01_lesson.ipynb").write_text(
        notebook(("# Two", []), ("**Teaching notes.** Timing", ["instructor"]))
    )
    git(src, "add", ".")
    git(src, "commit", "-qm", "two")
    git(src, "tag", "v1.1.0")
    return src


def shown(repo: Path, ref: str, path: str) -> str:
    return git(repo, "show", f"{ref}:{path}")


def test_the_class_branch_is_the_student_edition_of_the_release(course):
    commit = class_branch.build("v1.0.0", cwd=course)
    assert git(course, "rev-parse", "class/v1.0.0").strip() == commit
    assert git(course, "rev-parse", f"{commit}^1").strip() == git(
        course, "rev-parse", "v1.0.0^{commit}").strip()  # fmt: skip
    files = git(course, "ls-tree", "-r", "--name-only", "class/v1.0.0").split()
    assert files == ["README.md", "notebooks/00_lesson.ipynb"]  # no instructors' notebook
    lesson = shown(course, "class/v1.0.0", "notebooks/00_lesson.ipynb")
    assert "Teaching notes" not in lesson and "A prompt" in lesson and '"prompt"' in lesson
    cells = json.loads(lesson)["cells"]
    assert [(c["id"], c["source"]) for c in cells] == [("c0", "# Lesson"), ("c2", "A prompt")]
    assert lesson.startswith('{\n "cells": [') and lesson.endswith("}\n")  # as nbformat writes


def test_moving_a_class_on_merges_forward_and_keeps_a_learners_edits(course, tmp_path):
    class_branch.build("v1.0.0", cwd=course)
    first = git(course, "rev-parse", "class/v1.0.0").strip()
    moved = class_branch.build("v1.1.0", branch="class/v1.0.0", cwd=course)
    assert git(course, "rev-parse", f"{moved}^2").strip() == first  # the old head is a parent
    assert "Teaching notes" not in shown(course, "class/v1.0.0", "notebooks/01_lesson.ipynb")
    pull = pytest.importorskip("nbgitpuller.pull")
    home = tmp_path / "home" / "course"
    git(course, "branch", "-f", "class/v1.0.0", first)

    def click() -> None:
        for _line in pull.GitPuller(f"file://{course}", str(home), branch="class/v1.0.0").pull():
            pass

    click()
    mine = home / "notebooks" / "00_lesson.ipynb"
    mine.write_text(mine.read_text().replace("A prompt", "A prompt (my notes)"))
    class_branch.build("v1.1.0", branch="class/v1.0.0", cwd=course)
    click()
    assert "my notes" in mine.read_text()
    assert (home / "notebooks" / "01_lesson.ipynb").exists()
    assert "Teaching notes" not in (home / "notebooks" / "01_lesson.ipynb").read_text()


def test_a_class_branch_needs_a_release_tag_and_a_class_branch_name(course):
    with pytest.raises(ValueError, match=r"no tag v9\.9\.9"):
        class_branch.build("v9.9.9", cwd=course)
    with pytest.raises(ValueError, match="REF must be a release tag"):
        class_branch.build("main", cwd=course)
    with pytest.raises(ValueError, match="BRANCH must be a class branch"):
        class_branch.build("v1.0.0", branch="main", cwd=course)
