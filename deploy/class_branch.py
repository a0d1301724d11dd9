"""Build a class branch: the student edition of a release, for a class hub's link.

    make class-branch REF=v1.2.0                      # creates class/v1.2.0
    make class-branch REF=v1.3.0 BRANCH=class/v1.2.0  # moves that class to v1.3.0

Learners on a hub open the notebooks nbgitpuller pulls from the class branch, so the
branch must hold what learners may see: the release's notebooks without the cells
tagged ``instructor`` (the teaching notes: timing, demo sequence, expected wrong
answers), and without the instructors' own notebooks, as ``make editions`` builds
``build/student/``. Everything else is the release as tagged.

The branch's new commit has the tagged commit as its first parent. When the branch
already exists (a class moved to a newer release), its old head is the second parent,
so a learner's next click merges forward and keeps their own edits.

Standard library and git only; run with any Python 3.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from class_link import class_branch

REPO_DIR = Path(__file__).resolve().parent.parent
TAG = "instructor"
NOTEBOOKS = "notebooks/"


def git(*args: str, cwd: Path, env: dict[str, str] | None = None, data: str | None = None) -> str:
    found = subprocess.run(
        ["git", *args], cwd=cwd, input=data, capture_output=True, text=True, check=False,
        env={**os.environ, **(env or {})},
    )  # fmt: skip
    if found.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {found.stderr.strip()}")
    return found.stdout


def instructor_only(path: str) -> bool:
    """The instructors' own notebooks, which the student edition leaves out."""
    return Path(path).name.startswith("instructor_")


def student_text(text: str) -> str:
    """A notebook's JSON text without its instructor cells (written as nbformat writes)."""
    notebook = json.loads(text)
    cells = notebook.get("cells", [])
    kept = [c for c in cells if TAG not in c.get("metadata", {}).get("tags", [])]
    if len(kept) == len(cells):
        return text
    notebook["cells"] = kept
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _student_tree(commit: str, cwd: Path) -> str:
    """The tree of ``commit`` with its notebooks made the student edition."""
    with tempfile.TemporaryDirectory() as folder:
        env = {"GIT_INDEX_FILE": str(Path(folder) / "index")}
        git("read-tree", commit, cwd=cwd, env=env)
        listed = git("ls-tree", "-r", "--name-only", commit, "--", NOTEBOOKS, cwd=cwd)
        for path in listed.splitlines():
            if not path.endswith(".ipynb"):
                continue
            if instructor_only(path):
                git("update-index", "--force-remove", "--", path, cwd=cwd, env=env)
                continue
            text = git("show", f"{commit}:{path}", cwd=cwd)
            student = student_text(text)
            if student != text:
                blob = git("hash-object", "-w", "--stdin", cwd=cwd, data=student).strip()
                git("update-index", "--cacheinfo", f"100644,{blob},{path}", cwd=cwd, env=env)
        return git("write-tree", cwd=cwd, env=env).strip()


def build(tag: str, branch: str | None = None, cwd: Path = REPO_DIR) -> str:
    """Point ``branch`` (default ``class/<tag>``) at a new commit holding the student edition
    of release ``tag``; return the commit."""
    branch = branch or class_branch(tag)
    if not branch.startswith("class/"):
        raise ValueError(f"BRANCH must be a class branch such as class/v1.2.0, not {branch!r}")
    class_branch(tag)  # checks that tag names a release
    try:
        tagged = git("rev-parse", "--verify", "--quiet", f"refs/tags/{tag}^{{commit}}", cwd=cwd)
    except RuntimeError:
        raise ValueError(f"there is no tag {tag} in {cwd} (git tag --list)") from None
    parents = ["-p", tagged.strip()]
    with contextlib.suppress(RuntimeError):  # a new class branch has no head yet
        parents += ["-p", git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}",
                              cwd=cwd).strip()]  # fmt: skip
    tree = _student_tree(tagged.strip(), cwd)
    message = f"Student edition of {tag}: teaching notes and instructors' notebooks left out"
    commit = git("commit-tree", tree, *parents, "-m", message, cwd=cwd).strip()
    git("update-ref", f"refs/heads/{branch}", commit, cwd=cwd)
    return commit


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", required=True, help="a release tag, such as v1.2.0")
    parser.add_argument("--branch", help="the class branch to move (default class/<ref>)")
    args = parser.parse_args(argv)
    try:
        commit = build(args.ref, args.branch or None)
    except (ValueError, TypeError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    branch = args.branch or class_branch(args.ref)
    print(f"{branch} is now {commit[:12]}: the student edition of {args.ref}.")
    print(f"Publish it: git push origin {branch}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
