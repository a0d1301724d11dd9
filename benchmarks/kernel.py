"""Lessons in a real kernel: top-to-bottom run time (nbclient), then the main control's
reaction through the same kernel, with the bytes of widget messages each change sends.

A reaction is timed from sending the change (an execute request setting the control's
value, as the kernel would receive a browser's change) to the kernel reporting idle; by
then every observer has run and every widget update (the control's own and the figures',
tables' and texts') has been serialised and sent on IOPub. The bytes are those of the
``comm_msg`` messages that change caused (JSON content plus binary buffers).
"""

from __future__ import annotations

import json
import os
import queue
import tempfile
import textwrap
import time
from pathlib import Path

import nbformat
from jupyter_client import BlockingKernelClient
from nbclient import NotebookClient

from benchmarks.lessons import KernelReaction

FINDER = textwrap.dedent(
    """
    def _bench_setup(panel, control, values, click):
        import ipywidgets.widgets.widget as _widget
        boxes = [x for x in list(_widget._instances.values())
                 if panel in getattr(x, "_dom_classes", ())]
        if not boxes:
            raise LookupError(f"no widget with class {panel} in this lesson")
        box = boxes[-1]
        target = eval(control, {"box": box})
        if not click and not values:
            options = list(target._options_values)
            start = options.index(target.value) if target.value in options else -1
            values = [options[(start + 1 + i) % len(options)] for i in range(20)]
        return box, target, list(values)

    def _bench_step(i):
        box, target, values, click = _BENCH
        status = getattr(box.inner, "status", None)
        if click:
            target.click()
        else:
            target.value = values[i % len(values)]
        if status is not None and "higm-msg-error" in status.value:
            raise RuntimeError("the lesson showed an error: " + status.value)
    """
)


def _bytes(msg: dict) -> int:
    content = len(json.dumps(msg["content"], default=str, separators=(",", ":")))
    return content + sum(len(memoryview(b).cast("B")) for b in msg.get("buffers") or ())


def _run(client: BlockingKernelClient, code: str, timeout: float = 60) -> dict:
    """Execute ``code``; return seconds to idle, comm messages and bytes, and any error."""
    start = time.perf_counter()
    msg_id = client.execute(code, store_history=False)
    comm, size, error = 0, 0, None
    deadline = time.monotonic() + timeout
    while True:
        try:
            msg = client.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            raise TimeoutError(f"no idle from the kernel within {timeout} s for {code!r}") from None
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "comm_msg":
            comm += 1
            size += _bytes(msg)
        elif kind == "error":
            error = f"{msg['content']['ename']}: {msg['content']['evalue']}"
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            seconds = time.perf_counter() - start
            break
    return {"seconds": seconds, "comm_msgs": comm, "bytes": size, "error": error}


def _reactions(client: BlockingKernelClient, spec: KernelReaction, changes: int) -> dict:
    setup = _run(
        client,
        FINDER
        + f"_BENCH = (*_bench_setup({spec.panel!r}, {spec.control!r}, {list(spec.values)!r}, "
        f"{spec.click!r}), {spec.click!r})",
    )
    if setup["error"]:
        raise RuntimeError(f"{spec.name}: {setup['error']}")
    floor = [_run(client, "pass")["seconds"] for _ in range(5)]
    steps = [_run(client, f"_bench_step({i})") for i in range(changes)]
    errors = [s["error"] for s in steps if s["error"]]
    if errors:
        raise RuntimeError(f"{spec.name}: {errors[0]}")
    quiet = [s for s in steps if s["comm_msgs"] < 2]  # only the control itself: a no-op
    if quiet:
        raise RuntimeError(f"{spec.name}: {len(quiet)} changes sent no update beyond the control")
    return {
        "ms": [1000 * s["seconds"] for s in steps],
        "bytes": [s["bytes"] for s in steps],
        "comm_msgs": [s["comm_msgs"] for s in steps],
        "floor_ms": 1000 * sorted(floor)[len(floor) // 2],
    }


def run_lesson(path: Path, spec: KernelReaction | None, changes: int = 20) -> dict:
    """Run the notebook at ``path`` top to bottom in a fresh kernel (nbclient, as Run All),
    then, in the same kernel, time ``changes`` changes of the lesson's main control."""
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        env_before = os.environ.get("HIGM_LESSONS_PROGRESS")
        os.environ["HIGM_LESSONS_PROGRESS"] = str(Path(tmp) / "progress.sqlite")
        try:
            client = NotebookClient(
                nb, kernel_name="python3", timeout=120,
                resources={"metadata": {"path": str(path.parent)}},
            )  # fmt: skip
            start = time.perf_counter()
            with client.setup_kernel():
                for index, cell in enumerate(nb.cells):
                    client.execute_cell(cell, index)
                seconds = time.perf_counter() - start
                errors = [
                    o for c in nb.cells if c.cell_type == "code"
                    for o in c.get("outputs", []) if o.get("output_type") == "error"
                ]  # fmt: skip
                if errors:
                    raise RuntimeError(f"{path.name}: {errors[0]['ename']}: {errors[0]['evalue']}")
                result = {"run_s": seconds}
                if spec is not None:
                    observer = BlockingKernelClient()
                    observer.load_connection_info(client.km.get_connection_info())
                    observer.start_channels()
                    try:
                        observer.wait_for_ready(timeout=60)
                        result.update(_reactions(observer, spec, changes))
                    finally:
                        observer.stop_channels()
        finally:
            if env_before is None:
                os.environ.pop("HIGM_LESSONS_PROGRESS", None)
            else:
                os.environ["HIGM_LESSONS_PROGRESS"] = env_before
    return result
