"""Install the course's JupyterLab settings overrides into the running Python environment.

Usage: python tools/install_lab_settings.py

Copies jupyter-config/overrides.json to <sys.prefix>/share/jupyter/lab/settings/.
The overrides keep JupyterLab's notebook shortcuts for ArrowUp/ArrowDown (and
J/K) everywhere except inside widgets, so keyboard users can step through a
dropdown, a radio group or a slider without the notebook moving to another cell.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "jupyter-config" / "overrides.json"


def main() -> int:
    target_dir = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / "overrides.json"
    json.loads(SOURCE.read_text())  # refuse to install a broken file
    shutil.copyfile(SOURCE, target)
    print(f"installed JupyterLab settings overrides in {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
