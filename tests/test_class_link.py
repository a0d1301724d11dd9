"""`make class-link`: a class's nbgitpuller link names a release, never main, and the link
keeps working click after click (checked with nbgitpuller itself on a local repository)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "deploy"))
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
