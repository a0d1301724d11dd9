"""Install the course's Jupyter settings into the running Python environment.

Usage: python tools/install_jupyter_settings.py [--prefix PREFIX]   (default: sys.prefix)

- jupyter-config/overrides.json goes to <sys.prefix>/share/jupyter/lab/settings/.
  It keeps JupyterLab's notebook shortcuts for ArrowUp/ArrowDown (and J/K)
  everywhere except inside widgets, so keyboard users can step through a
  dropdown, a radio group or a slider without the notebook moving to another cell.
  It also switches off JupyterLab's news and update notifications (no "Would you like
  to get notified about official Jupyter news?" toast over a lesson on a projector).
- jupyter-config/voila.json goes to <sys.prefix>/etc/jupyter/ twice: as voila.json
  for `voila` on the command line (`make present`), and in jupyter_server_config.d/
  for Voilà inside JupyterLab and on Binder. It turns on progressive rendering:
  each cell's output appears as soon as the cell has run, and a widget's view is
  drawn only once its model has arrived. Without it, on a busy machine, a lesson
  with many widgets could show "Error displaying widget: model not found" (the
  widget manager gives up waiting for a model after 2 s while the page is still
  busy building the others).
- jupyter-config/voila/templates/higm-present/ goes to
  <sys.prefix>/share/jupyter/voila/templates/: the projector theme, used by
  `make present` and by Voila inside JupyterLab with `?template=higm-present`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / "jupyter-config"


def _copy(source: Path, target: Path) -> None:
    json.loads(source.read_text())  # refuse to install a broken file
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    print(f"installed {source.name} as {target}")


def _copy_template(source: Path, target: Path) -> None:
    json.loads((source / "conf.json").read_text())  # refuse to install a broken template
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    print(f"installed the Voila template {source.name} as {target}")


def install(prefix: Path) -> None:
    """Install the settings and the projector template below ``prefix``."""
    _copy(CONFIG / "overrides.json", prefix / "share/jupyter/lab/settings/overrides.json")
    etc = prefix / "etc" / "jupyter"
    _copy(CONFIG / "voila.json", etc / "voila.json")
    _copy(CONFIG / "voila.json", etc / "jupyter_server_config.d" / "higm_lessons_voila.json")
    for template in sorted((CONFIG / "voila" / "templates").iterdir()):
        _copy_template(template, prefix / "share/jupyter/voila/templates" / template.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Install the course's Jupyter settings.")
    parser.add_argument("--prefix", type=Path, default=Path(sys.prefix))
    install(parser.parse_args(argv).prefix)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
