"""The nbgitpuller link a class clicks, pinned to a release of the course.

    make class-link REF=v1.2.0 HUB=https://hub.example.edu

A class must not follow ``main``: the course would change under it mid-term. The
link points at a release. nbgitpuller 1.3.0 clones a tag but fails on every
later click of the same link (it compares with ``origin/<tag>``, which does not
exist for a tag), and a learner clicks the class link every time they come back.
So the link names a **class branch**, ``class/<tag>``: the student edition of the
tagged release (its teaching notes and the instructors' notebooks left out), built by
``make class-branch`` (``deploy/class_branch.py``); this prints the commands that
build and publish it. To move a class to a newer release on purpose, build the newer
tag onto the same branch (``make class-branch REF=<new tag> BRANCH=class/<old tag>``)
or hand out a new link. Learners' own edits are kept either way (nbgitpuller merges,
keeping theirs).

Standard library only; run with any Python 3.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode, urlparse

REPO_DIR = Path(__file__).resolve().parent.parent
DEFAULT_HUB = "https://hub.example.edu"
DEFAULT_REPO = "https://github.com/higm-course/higm-course"
TAG = re.compile(r"v\d+\.\d+(\.\d+)?([-.]?(rc|post)\d+)?")
START = "notebooks/00_start_here.ipynb"


def class_branch(tag: str) -> str:
    """The class branch for a release tag: ``class/v1.2.0``."""
    if not isinstance(tag, str):
        raise TypeError(f"REF must be a release tag such as v1.2.0, not {tag!r}")
    if not TAG.fullmatch(tag):
        raise ValueError(
            f"REF must be a release tag such as v1.2.0 (never main or a branch), not {tag!r}"
        )
    return f"class/{tag}"


def link(hub: str, repo: str, tag: str, *, page: str = START, interface: str = "lab") -> str:
    """The nbgitpuller link: clone (or update) the class branch of ``repo``, open ``page``."""
    parsed = urlparse(hub)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"HUB must be the hub's address, such as {DEFAULT_HUB}, not {hub!r}")
    if interface not in ("lab", "voila"):
        raise ValueError(f"interface must be 'lab' or 'voila', not {interface!r}")
    folder = Path(urlparse(repo).path).name.removesuffix(".git") or "course"
    target = f"{folder}/{page}"
    urlpath = f"lab/tree/{target}" if interface == "lab" else f"voila/render/{target}"
    query = urlencode({"repo": repo, "branch": class_branch(tag), "urlpath": urlpath,
                       "targetpath": folder})  # fmt: skip
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def tag_exists(tag: str, cwd: Path = REPO_DIR) -> bool | None:
    """True/False when ``cwd`` is a git checkout that has/lacks the tag; None without git."""
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}^{{commit}}"],
            cwd=cwd, capture_output=True, text=True, check=False,
        )  # fmt: skip
    except OSError:
        return None
    if found.returncode not in (0, 1):
        return None
    return found.returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", required=True, help="a release tag, such as v1.2.0")
    parser.add_argument("--hub", default=DEFAULT_HUB, help="the hub's address")
    parser.add_argument("--repo", default=DEFAULT_REPO, help="the course repository's URL")
    parser.add_argument("--page", default=START, help="the notebook to open")
    parser.add_argument("--interface", default="lab", choices=("lab", "voila"))
    args = parser.parse_args(argv)
    try:
        url = link(args.hub, args.repo, args.ref, page=args.page, interface=args.interface)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if tag_exists(args.ref) is False:
        print(f"error: there is no tag {args.ref} in this checkout (git tag --list)",
              file=sys.stderr)  # fmt: skip
        return 2
    branch = class_branch(args.ref)
    print("1. Build and publish the class branch (once per release; the student edition):")
    print(f"   make class-branch REF={args.ref} && git push origin {branch}")
    print("2. Hand out this link (students click it every time they come back):")
    print(f"   {url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
