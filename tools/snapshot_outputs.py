"""Store the outputs of cells marked ``# NBVAL_CHECK_OUTPUT`` for nbval to compare.

Usage: python tools/snapshot_outputs.py [notebooks/NN_name.ipynb ...]

Runs each notebook in a fresh kernel and writes the text outputs of its checked
cells to tests/expected_outputs/<notebook>.json. Review the diff before
committing: these are the numbers the lesson text relies on.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.run_notebook import execute

ROOT = Path(__file__).resolve().parent.parent
MARK = "# NBVAL_CHECK_OUTPUT"


def snapshot(path: Path) -> dict:
    nb, _seconds = execute(path)
    result = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and MARK in cell.source:
            outputs = []
            for out in cell.outputs:
                if out.output_type == "stream":
                    outputs.append({"output_type": "stream", "name": out.name, "text": out.text})
                elif out.output_type in ("execute_result", "display_data"):
                    data = {k: v for k, v in out.data.items() if k == "text/plain"}
                    entry = {"output_type": out.output_type, "data": data, "metadata": {}}
                    if out.output_type == "execute_result":
                        entry["execution_count"] = 1
                    outputs.append(entry)
            result[cell.id] = outputs
    return result


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    target = ROOT / "tests" / "expected_outputs"
    target.mkdir(parents=True, exist_ok=True)
    for path in paths:
        result = snapshot(path)
        out = target / f"{path.stem}.json"
        if result:
            out.write_text(
                json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            print(f"{out.relative_to(ROOT)}: {len(result)} checked cells")
        elif out.exists():
            out.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
