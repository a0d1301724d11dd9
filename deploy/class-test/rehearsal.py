"""A class rehearsal on this machine: a real JupyterHub, N simulated learners, the live
classroom's security and reliability checks, and a table of what it cost.

    python deploy/class-test/rehearsal.py --learners 5 10 20 [--lesson SLUG]

For each N it starts JupyterHub (with configurable-http-proxy from npm and the
classroom service) on free 127.0.0.1 ports, with test users whose passwords are
generated for the run. Each learner, at the same time as the others:

1. logs in through the hub's login form;
2. starts a server (the hub's spawn page), then opens it through the hub's OAuth;
3. opens the lesson (the contents API) and starts a kernel (the sessions API);
4. joins the instructor's classroom session and runs every code cell of the lesson
   through the kernel websocket (Run All);
5. drives the lesson's main widget with real comm messages (a bounded number of
   slider moves), then answers a prompt: picks an option and a confidence and
   clicks Commit; the model answer must not show until the instructor releases it,
   and must show in every learner's widget after.

Then the classroom checks: unauthenticated requests refused; a student token can
neither read distributions nor another student's answers, nor act; an instructor
token can; a restart of the service mid-session keeps every vote; 20 students
voting at once lose none. Everything runs under a time limit and stops by itself;
the hub and everything it started are stopped at the end (and the hub stops itself
if the rehearsal is killed).

The learner journey is one long, stateful conversation with a kernel over a
websocket, not independent HTTP requests, so it is driven by asyncio with httpx and
websockets (already in the environment) rather than a load tool such as locust,
whose users are request/response loops that would need their own kernel client.

Prints a table (spawn time, Run All time, interaction p50/p95, memory per learner,
CPU) and writes build/class-test/results.json. Exit status 1 when a check failed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil
from websockets.asyncio.client import connect

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PROXY = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
RESULTS = REPO / "build" / "class-test"
INSTRUCTOR = "instructor1"
VOTERS = 20
CELL_TIMEOUT = 180.0
RUN_LIMIT = 600.0
"""Seconds one class size may take; the hub stops itself a minute after that at the latest."""
UPDATES = ("update", "echo_update")


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def lesson_notebook(slug: str) -> str:
    with open(REPO / "data" / "lessons.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["slug"] == slug:
                return f"notebooks/{row['number']}_{slug}.ipynb"
    raise SystemExit(f"--lesson must be a slug from data/lessons.csv, not {slug!r}")


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# ------------------------------------------------------------------------- the hub
@dataclass
class Hub:
    run: Path
    users: dict[str, str]
    ports: list[int] = field(default_factory=lambda: free_ports(4))
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.ports[0]}"

    def start(self) -> None:
        secrets_file = self.run / "passwords.json"
        secrets_file.write_text(json.dumps(self.users))
        secrets_file.chmod(0o600)
        env = {
            **os.environ,
            "HIGM_CLASS_RUN": str(self.run),
            "HIGM_CLASS_PORTS": ",".join(map(str, self.ports)),
            "HIGM_CLASS_PASSWORDS": str(secrets_file),
            "HIGM_CLASS_INSTRUCTORS": INSTRUCTOR,
            "HIGM_CLASS_PROXY": str(PROXY),
            "CONFIGPROXY_AUTH_TOKEN": secrets.token_hex(32),
            "HIGM_CLASS_DEADLINE": str(time.time() + RUN_LIMIT + 60),
            "HIGM_CLASS_PARENT": str(os.getpid()),
        }
        log = (self.run / "jupyterhub.log").open("w")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("jupyterhub")), "-f",
             str(HERE / "jupyterhub_config.py")],
            cwd=self.run, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    async def wait_ready(self, seconds: float = 90) -> None:
        end = time.monotonic() + seconds
        async with httpx.AsyncClient() as client:
            while time.monotonic() < end:
                if self.process and self.process.poll() is not None:
                    raise RuntimeError(f"jupyterhub exited; see {self.run / 'jupyterhub.log'}")
                with contextlib.suppress(httpx.HTTPError):
                    reply = await client.get(f"{self.url}/services/classroom/api/me")
                    if reply.status_code in (302, 403):  # the proxy routes the service
                        return
                await asyncio.sleep(0.5)
        raise RuntimeError("jupyterhub did not start in time")

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(30)
        for proc in self.tree():
            with contextlib.suppress(psutil.Error):
                proc.kill()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def tree(self) -> list[psutil.Process]:
        """The hub and every process it started (proxy, service, servers, kernels)."""
        if self.process is None:
            return []
        try:
            root = psutil.Process(self.process.pid)
            return [root, *root.children(recursive=True)]
        except psutil.Error:
            return []

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time so far of the hub's side (hub, proxy, service) and the learners' side."""
        found = {"hub": 0.0, "learners": 0.0, "instructor": 0.0}
        for proc in self.tree():
            with contextlib.suppress(psutil.Error):
                times = proc.cpu_times()
                user = self.learner_of(proc) or ""
                side = "learners" if user.startswith("learner") else "instructor" if user else "hub"
                found[side] += times.user + times.system
        return found

    @staticmethod
    def learner_of(proc: psutil.Process) -> str | None:
        with contextlib.suppress(psutil.Error):
            return proc.environ().get("JUPYTERHUB_USER")
        return None

    def memory_by_learner(self) -> dict[str, dict[str, float]]:
        """Per learner, MiB of unique (USS) and proportional (PSS) memory of server + kernel."""
        found: dict[str, dict[str, float]] = {}
        for proc in self.tree():
            user = self.learner_of(proc)
            if not user or not user.startswith("learner"):
                continue
            with contextlib.suppress(psutil.Error):
                info = proc.memory_full_info()
                row = found.setdefault(user, {"uss": 0.0, "pss": 0.0})
                row["uss"] += info.uss / 2**20
                row["pss"] += getattr(info, "pss", info.uss) / 2**20
        return found

    def service_pid(self) -> int | None:
        for proc in self.tree():
            with contextlib.suppress(psutil.Error):
                if "higm_classroom" in " ".join(proc.cmdline()):
                    return proc.pid
        return None


# --------------------------------------------------------------------- a browser
class Browser:
    """One person's browser: cookies, the hub's XSRF protection, redirects."""

    def __init__(self, hub: Hub, name: str) -> None:
        self.hub, self.name = hub, name
        self.http = httpx.AsyncClient(base_url=hub.url, follow_redirects=True, timeout=120)

    def xsrf(self, path: str) -> str:
        for cookie in self.http.cookies.jar:
            if cookie.name == "_xsrf" and path.startswith(cookie.path.rstrip("/")):
                return cookie.value or ""
        return ""

    async def login(self, password: str) -> None:
        page = await self.http.get("/hub/login")
        token = re.search(r'name="_xsrf"\s+value="([^"]+)"', page.text)
        form = {"username": self.name, "password": password,
                "_xsrf": token.group(1) if token else ""}  # fmt: skip
        reply = await self.http.post("/hub/login?next=/hub/home", data=form)
        if not any(c.name.startswith("jupyterhub-session") for c in self.http.cookies.jar):
            raise RuntimeError(f"{self.name}: login failed ({reply.status_code})")

    async def token(self, scopes: list[str]) -> str:
        """A personal API token, made on the hub's token page (its API, with the cookie)."""
        reply = await self.http.post(
            f"/hub/api/users/{self.name}/tokens",
            json={"note": "class rehearsal", "expires_in": 3600, "scopes": scopes},
            headers={"X-XSRFToken": self.xsrf("/hub/"), "Referer": f"{self.hub.url}/hub/token"},
        )
        reply.raise_for_status()
        return str(reply.json()["token"])

    async def spawn(self) -> float:
        """Start the server as the hub's spawn page does; seconds until it is ready."""
        start = time.monotonic()
        await self.http.get(f"/hub/spawn/{self.name}", follow_redirects=False)
        while time.monotonic() - start < 180:
            model = (await self.http.get(f"/hub/api/users/{self.name}")).json()
            server = model.get("servers", {}).get("")
            if server and server.get("ready"):
                break
            await asyncio.sleep(0.25)
        else:
            raise RuntimeError(f"{self.name}: the server did not start in 180 s")
        took = time.monotonic() - start
        # open the server through the hub's OAuth (sets the server's cookie)
        lab = await self.http.get(f"/user/{self.name}/lab")
        if lab.status_code != 200:
            raise RuntimeError(f"{self.name}: JupyterLab answered {lab.status_code}")
        return took

    async def server(self, method: str, path: str, **kw: Any) -> httpx.Response:
        base = f"/user/{self.name}/"
        headers = {"X-XSRFToken": self.xsrf(base)}
        reply = await self.http.request(method, base + path, headers=headers, **kw)
        reply.raise_for_status()
        return reply

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.http.cookies.jar)


# ---------------------------------------------------------------------- a kernel
class Kernel:
    """The kernel websocket, as JupyterLab speaks it (JSON messages with a channel)."""

    def __init__(self, ws: Any, session: str) -> None:
        self.ws, self.session = ws, session
        self.widgets: dict[str, dict[str, Any]] = {}
        self.updates: list[dict[str, Any]] = []
        self.errors: list[str] = []

    def message(self, msg_type: str, content: dict, channel: str = "shell") -> dict:
        return {
            "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": self.session,
                       "username": "learner", "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "content": content, "buffers": [],
            "channel": channel,
        }  # fmt: skip

    async def request(self, msg_type: str, content: dict, timeout: float = CELL_TIMEOUT) -> float:
        """Send one message; seconds until the kernel is idle again after handling it."""
        msg = self.message(msg_type, content)
        start = time.monotonic()
        await self.ws.send(json.dumps(msg))
        end = start + timeout
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), max(0.1, end - time.monotonic()))
            reply = json.loads(raw)
            self.observe(reply)
            if (reply.get("parent_header", {}).get("msg_id") == msg["header"]["msg_id"]
                    and reply["msg_type"] == "status"
                    and reply["content"].get("execution_state") == "idle"):  # fmt: skip
                return time.monotonic() - start

    def observe(self, reply: dict) -> None:
        kind, content = reply.get("msg_type"), reply.get("content", {})
        if kind == "comm_open":
            self.widgets[content["comm_id"]] = dict(content.get("data", {}).get("state", {}))
        elif kind == "comm_msg" and content.get("data", {}).get("method") in UPDATES:
            state = content["data"].get("state", {})
            self.widgets.setdefault(content["comm_id"], {}).update(state)
            self.updates.append({"id": content["comm_id"], "state": state, "at": time.monotonic()})
        elif kind == "error":
            self.errors.append(f"{content.get('ename')}: {content.get('evalue')}")

    async def run(self, code: str) -> float:
        return await self.request("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True})  # fmt: skip

    async def comm(self, comm_id: str, data: dict) -> float:
        return await self.request("comm_msg", {"comm_id": comm_id, "data": data})

    async def set_state(self, comm_id: str, state: dict) -> float:
        return await self.comm(comm_id, {"method": "update", "state": state, "buffer_paths": []})

    async def click(self, comm_id: str) -> float:
        return await self.comm(comm_id, {"method": "custom", "content": {"event": "click"}})

    async def drain(self, seconds: float) -> None:
        """Read what the kernel sends by itself (a released answer) for up to ``seconds``."""
        end = time.monotonic() + seconds
        with contextlib.suppress(TimeoutError):
            while time.monotonic() < end:
                raw = await asyncio.wait_for(self.ws.recv(), end - time.monotonic())
                self.observe(json.loads(raw))

    # widgets, found in the comm_open states
    def find(self, css: str) -> str | None:
        return next((i for i, s in self.widgets.items() if css in s.get("_dom_classes", [])), None)

    def child(self, comm_id: str, index: int) -> str:
        return str(self.widgets[comm_id]["children"][index]).removeprefix("IPY_MODEL_")

    def main_slider(self) -> str | None:
        """The lesson's first slider (its main figure widget), not a prompt's prediction."""
        for comm_id, state in self.widgets.items():
            if (state.get("_model_name") in ("IntSliderModel", "FloatSliderModel")
                    and not state.get("disabled")
                    and "prediction" not in str(state.get("description", "")).lower()):  # fmt: skip
                return comm_id
        return None


# ------------------------------------------------------------- the instructor
class Dashboard:
    """The instructor's Voilà dashboard, driven through its kernel as the page would."""

    NOTEBOOK = "deploy/classroom/instructor_dashboard.ipynb"

    def __init__(self, browser: Browser, ws: Any, kernel: Kernel, board: str) -> None:
        self.browser, self.ws, self.kernel, self.board = browser, ws, kernel, board
        self.code = ""

    @classmethod
    async def open(cls, hub: Hub, password: str, slug: str) -> Dashboard:
        """Log in, start the server, run the dashboard, pick the lesson, press Open."""
        browser = Browser(hub, INSTRUCTOR)
        await browser.login(password)
        await browser.spawn()
        content = (await browser.server("GET", f"api/contents/{cls.NOTEBOOK}?content=1")).json()
        opened = await browser.server("POST", "api/sessions", json={
            "path": cls.NOTEBOOK, "type": "notebook", "name": "", "kernel": {"name": "python3"}})
        url = (hub.url.replace("http", "ws") + f"/user/{INSTRUCTOR}/api/kernels/"
               f"{opened.json()['kernel']['id']}/channels?session_id={uuid.uuid4().hex}")
        ws = await connect(url, additional_headers={"Cookie": browser.cookie_header()},
                           max_size=None, open_timeout=60)  # fmt: skip
        kernel = Kernel(ws, uuid.uuid4().hex)
        for cell in content["content"]["cells"]:
            if cell["cell_type"] == "code":
                await kernel.run(cell["source"])
        board = kernel.find("higm-live-dashboard")
        if board is None:
            raise RuntimeError(f"the dashboard did not show: {kernel.errors}")
        self = cls(browser, ws, kernel, board)
        controls = kernel.child(board, 0)
        lesson = kernel.child(controls, 0)
        number = lesson_notebook(slug).split("/")[1][:2]
        labels = kernel.widgets[lesson]["_options_labels"]
        index = next(i for i, label in enumerate(labels) if label.startswith(f"{number} "))
        await kernel.set_state(lesson, {"index": index})
        await kernel.click(kernel.child(controls, 1))
        header = str(kernel.widgets[kernel.child(board, 2)].get("value", ""))
        found = re.search(r'join\("([A-Z0-9]{6})"\)', header)
        self.code = found.group(1) if found else ""
        return self

    def panel(self, item: str) -> str | None:
        for comm_id, state in self.kernel.widgets.items():
            if "higm-live-question" in state.get("_dom_classes", []):
                title = self.kernel.widgets.get(self.kernel.child(comm_id, 0), {})
                if f"{item} ·" in str(title.get("value", "")):
                    return comm_id
        return None

    async def release(self, items: list[str], n: int, checks: Checks) -> None:
        """Refresh, check each question's live figures, then press Release the answer."""
        await self.kernel.click(self.kernel.child(self.kernel.child(self.board, 3), 0))
        shown = " ".join(str(s.get("value", "")) for s in self.kernel.widgets.values())
        checks.check("the dashboard names no student", "learner0" not in shown, "")
        for item in items:
            panel = self.panel(item)
            takeaway = "" if panel is None else str(
                self.kernel.widgets[self.kernel.child(panel, 3)].get("value", ""))
            checks.check(f"the dashboard shows all {n} answers to {item} with their confidence",
                         f"{n} answer" in takeaway and "were sure" in takeaway, takeaway)
            if panel is not None:
                buttons = self.kernel.child(panel, 5)
                await self.kernel.click(self.kernel.child(buttons, 2))

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.ws.close()
        await self.browser.http.aclose()


# ---------------------------------------------------------------------- learners
@dataclass
class Learner:
    name: str
    spawn: float = float("nan")
    run_all: float = float("nan")
    latencies: list[float] = field(default_factory=list)
    commit: float = float("nan")
    item: str = ""
    held: bool = False
    released: bool = False
    errors: list[str] = field(default_factory=list)


async def learner_journey(hub: Hub, learner: Learner, password: str, notebook: str,
                          code: str, moves: int, release: asyncio.Event) -> None:  # fmt: skip
    browser = Browser(hub, learner.name)
    try:
        await browser.login(password)
        learner.spawn = await browser.spawn()
        content = (await browser.server("GET", f"api/contents/{notebook}?content=1")).json()
        cells = [c["source"] for c in content["content"]["cells"] if c["cell_type"] == "code"]
        opened = await browser.server("POST", "api/sessions", json={
            "path": notebook, "type": "notebook", "name": "", "kernel": {"name": "python3"}})
        session = opened.json()
        url = (hub.url.replace("http", "ws") + f"/user/{learner.name}/api/kernels/"
               f"{session['kernel']['id']}/channels?session_id={uuid.uuid4().hex}")  # fmt: skip
        async with connect(url, additional_headers={"Cookie": browser.cookie_header()},
                           max_size=None, open_timeout=60) as ws:  # fmt: skip
            kernel = Kernel(ws, uuid.uuid4().hex)
            await kernel.run(f"from higm_lessons.classroom_client import join\njoin({code!r})")
            start = time.monotonic()
            for source in cells:
                await kernel.run(source)
            learner.run_all = time.monotonic() - start
            await drive(kernel, learner, moves)
            await release.wait()
            await kernel.drain(15)
            learner.released = answer_shown(kernel, learner.item)
            learner.errors += kernel.errors
    except Exception as exc:  # reported with the checks
        learner.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        await browser.http.aclose()


async def drive(kernel: Kernel, learner: Learner, moves: int) -> None:
    """Move the main slider ``moves`` times, then answer the first choice prompt."""
    slider = kernel.main_slider()
    if slider is None:
        learner.errors.append("no slider to drive in this lesson")
    else:
        state = kernel.widgets[slider]
        low, high = state["min"], state["max"]
        for step in range(moves):
            value = low + (high - low) * ((step * 7) % 11) / 10
            value = round(value) if state["_model_name"] == "IntSliderModel" else value
            learner.latencies.append(await kernel.set_state(slider, {"value": value}))
    prompt = next((i for i, s in kernel.widgets.items()
                   if "higm-prompt" in s.get("_dom_classes", [])
                   and kernel.widgets.get(kernel.child(i, 1), {}).get("_model_name")
                   == "RadioButtonsModel"), None)  # fmt: skip
    if prompt is None:
        learner.errors.append("no choice prompt in this lesson")
        return
    learner.item = next(c.removeprefix("higm-prompt-")
                        for c in kernel.widgets[prompt]["_dom_classes"]
                        if c.startswith("higm-prompt-"))  # fmt: skip
    bar = kernel.child(prompt, 2)
    await kernel.set_state(kernel.child(prompt, 1), {"index": 0})
    await kernel.set_state(kernel.child(bar, 0), {"index": 1})
    learner.commit = await kernel.click(kernel.child(kernel.child(bar, 1), 0))
    learner.latencies.append(learner.commit)
    learner.held = not answer_shown(kernel, learner.item) and "releases it" in str(
        kernel.widgets[kernel.child(bar, 2)].get("value", ""))


def answer_shown(kernel: Kernel, item: str) -> bool:
    """Whether the prompt's model-answer widget holds the model answer now."""
    prompt = kernel.find(f"higm-prompt-{item}") if item else None
    if prompt is None:
        return False
    return "Model answer." in str(kernel.widgets.get(kernel.child(prompt, 4), {}).get("value"))


# ------------------------------------------------------------- the classroom checks
class Checks:
    """Named pass/fail results with what was seen."""

    def __init__(self) -> None:
        self.results: list[tuple[str, bool, str]] = []

    def check(self, name: str, ok: bool, seen: object = "") -> bool:
        self.results.append((name, bool(ok), str(seen)[:200]))
        return bool(ok)

    @property
    def ok(self) -> bool:
        return all(ok for _name, ok, _seen in self.results)


async def service(client: httpx.AsyncClient, method: str, path: str, token: str | None = None,
                  **kw: Any) -> httpx.Response:  # fmt: skip
    headers = {"Authorization": f"token {token}"} if token else {}
    return await client.request(method, f"/services/classroom/api/{path}", headers=headers,
                                follow_redirects=False, **kw)  # fmt: skip


def counts(distribution: list[dict]) -> dict[tuple[str, int], int]:
    return {(row["item"], row["round"]): row["votes"] for row in distribution}


async def security_checks(hub: Hub, checks: Checks, code: str, teacher: str,
                          students: dict[str, str]) -> None:  # fmt: skip
    async with httpx.AsyncClient(base_url=hub.url, timeout=60) as client:
        names = sorted(students)
        for path in (f"sessions/{code}/distribution", f"sessions/{code}/report",
                     f"sessions/{code}/votes/mine"):  # fmt: skip
            reply = await service(client, "GET", path)
            checks.check(f"unauthenticated GET {path.split('/')[-1]} is refused",
                         reply.status_code in (302, 401, 403) and "responses" not in reply.text,
                         reply.status_code)  # fmt: skip
        reply = await service(client, "POST", f"sessions/{code}/votes",
                              json={"item": "x", "kind": "choice", "response": "a"})  # fmt: skip
        checks.check("unauthenticated vote is refused", reply.status_code in (302, 401, 403),
                     reply.status_code)  # fmt: skip
        one, two = names[0], names[1]
        for user, answer in ((one, "option-a"), (two, "option-b")):
            reply = await service(client, "POST", f"sessions/{code}/votes", students[user], json={
                "item": "rehearsal-private", "kind": "choice", "response": answer,
                "confidence": "sure"})  # fmt: skip
            checks.check(f"a student's vote is taken ({user})", reply.status_code == 201,
                         reply.text)  # fmt: skip
        mine = (await service(client, "GET", f"sessions/{code}/votes/mine", students[one])).json()
        checks.check("a student reads their own votes only",
                     [v["response"] for v in mine if v["item"] == "rehearsal-private"]
                     == ["option-a"], mine)  # fmt: skip
        for method, path in (("GET", f"sessions/{code}/distribution"),
                             ("GET", f"sessions/{code}/report"),
                             ("POST", f"sessions/{code}/questions/rehearsal-private/release"),
                             ("POST", "sessions")):  # fmt: skip
            reply = await service(client, method, path, students[one], json={"lesson": "x"}
                                  if method == "POST" else None)  # fmt: skip
            checks.check(f"a student token cannot {method} {path.split('/', 2)[-1]}",
                         reply.status_code == 403 and "option-b" not in reply.text,
                         reply.status_code)  # fmt: skip
        reply = await service(client, "GET", f"sessions/{code}/distribution", teacher)
        rows = {(r["item"], r["round"]): r for r in reply.json()} if reply.is_success else {}
        private = rows.get(("rehearsal-private", 1), {})
        checks.check("an instructor token reads the distribution",
                     private.get("responses") == {'"option-a"': 1, '"option-b"': 1}, private)
        report = await service(client, "GET", f"sessions/{code}/report", teacher)
        checks.check("an instructor exports the session report, naming no student",
                     report.status_code == 200 and "learner 1" in report.text
                     and not any(n in report.text for n in names), report.status_code)  # fmt: skip
        await burst_and_restart(hub, client, checks, code, teacher, students)


async def burst_and_restart(hub: Hub, client: httpx.AsyncClient, checks: Checks, code: str,
                            teacher: str, students: dict[str, str]) -> None:  # fmt: skip
    voters = sorted(students)[:VOTERS]
    replies = await asyncio.gather(*(
        service(client, "POST", f"sessions/{code}/votes", students[v], json={
            "item": "rehearsal-burst", "kind": "choice", "response": f"option-{i % 4}",
            "confidence": "think so"})
        for i, v in enumerate(voters)))  # fmt: skip
    before = counts((await service(client, "GET", f"sessions/{code}/distribution", teacher)).json())
    checks.check(f"{len(voters)} students voting at once: every vote is kept",
                 all(r.status_code == 201 for r in replies)
                 and before.get(("rehearsal-burst", 1)) == len(voters),
                 f"{sum(r.status_code == 201 for r in replies)} accepted, "
                 f"{before.get(('rehearsal-burst', 1))} counted")  # fmt: skip
    old = hub.service_pid()
    if old is not None:
        os.kill(old, signal.SIGKILL)  # a crash mid-session, not a clean stop
    after: dict = {}
    end = time.monotonic() + 90
    while time.monotonic() < end:
        await asyncio.sleep(1)
        with contextlib.suppress(httpx.HTTPError, ValueError):
            reply = await service(client, "GET", f"sessions/{code}/distribution", teacher)
            if reply.status_code == 200:
                after = counts(reply.json())
                break
    new = hub.service_pid()
    checks.check("the service restarts mid-session and keeps every vote",
                 old is not None and new not in (None, old) and after == before,
                 f"pid {old} -> {new}; {sum(before.values())} votes before, "
                 f"{sum(after.values())} after")  # fmt: skip
    reply = await service(client, "POST", f"sessions/{code}/votes", students[voters[0]], json={
        "item": "rehearsal-after-restart", "kind": "choice", "response": "a"})  # fmt: skip
    checks.check("votes are taken after the restart", reply.status_code == 201, reply.status_code)


# ------------------------------------------------------------------ one rehearsal
async def rehearse(n: int, slug: str, moves: int, run: Path) -> dict[str, Any]:
    """One class of ``n`` learners on a fresh hub; its figures and checks."""
    learners = [f"learner{i:02d}" for i in range(1, n + 1)]
    voters = [f"voter{i:02d}" for i in range(1, VOTERS + 1)]
    users = {u: secrets.token_urlsafe(18) for u in [INSTRUCTOR, *learners, *voters]}
    hub = Hub(run, users)
    checks = Checks()
    hub.start()
    try:
        await hub.wait_ready()
        board = await Dashboard.open(hub, users[INSTRUCTOR], slug)
        code = board.code
        checks.check("the instructor opens a session on the Voilà dashboard", bool(code), code)
        teacher = await board.browser.token(
            ["access:services!service=classroom", "custom:classroom:instruct"])
        release = asyncio.Event()
        crowd = [Learner(name) for name in learners]
        cpu0, wall0, machine0 = hub.cpu_seconds(), time.monotonic(), psutil.cpu_times()
        journeys = [asyncio.create_task(learner_journey(
            hub, learner, users[learner.name], lesson_notebook(slug), code, moves, release))
            for learner in crowd]  # fmt: skip
        await wait_until_committed(crowd, journeys)
        wall, cpu1, machine1 = time.monotonic() - wall0, hub.cpu_seconds(), psutil.cpu_times()
        memory = hub.memory_by_learner()
        await release_items(hub, checks, code, teacher, crowd, board)
        release.set()
        await asyncio.gather(*journeys)
        students = await student_tokens(hub, voters, users)
        await security_checks(hub, checks, code, teacher, students)
        await board.close()
    finally:
        hub.stop()
    return summarise(n, crowd, checks, memory, wall, cpu0, cpu1, machine0, machine1)


async def wait_until_committed(crowd: list[Learner], journeys: list[asyncio.Task]) -> None:
    """Until every learner has committed (or failed); the journeys then wait for the release."""
    end = time.monotonic() + 480
    while time.monotonic() < end:
        if all(j.done() or not math.isnan(learner.commit)
               for learner, j in zip(crowd, journeys, strict=True)):  # fmt: skip
            return
        await asyncio.sleep(0.5)
    raise RuntimeError("the learners did not finish in 8 minutes")


async def release_items(hub: Hub, checks: Checks, code: str, teacher: str,
                        crowd: list[Learner], board: Dashboard) -> None:  # fmt: skip
    items = sorted({learner.item for learner in crowd if learner.item})
    async with httpx.AsyncClient(base_url=hub.url, timeout=60) as client:
        rows = (await service(client, "GET", f"sessions/{code}/distribution", teacher)).json()
        sent = {row["item"]: row["votes"] for row in rows}
        checks.check("every learner's commitment reached the session from their notebook",
                     items and all(sent.get(i) == len(crowd) for i in items), sent)  # fmt: skip
        checks.check("no learner saw the model answer before the release",
                     all(learner.held for learner in crowd), [lr.held for lr in crowd])
    await board.release(items, len(crowd), checks)


async def student_tokens(hub: Hub, voters: list[str], users: dict[str, str]) -> dict[str, str]:
    async def one(name: str) -> str:
        browser = Browser(hub, name)
        try:
            await browser.login(users[name])
            return await browser.token(["access:services!service=classroom"])
        finally:
            await browser.http.aclose()

    tokens = await asyncio.gather(*(one(v) for v in voters))
    return dict(zip(voters, tokens, strict=True))


def summarise(n: int, crowd: list[Learner], checks: Checks, memory: dict, wall: float,
              cpu0: dict, cpu1: dict, machine0: Any, machine1: Any) -> dict[str, Any]:  # fmt: skip
    for learner in crowd:
        checks.check(f"{learner.name}: the whole journey ran without an error",
                     not learner.errors, "; ".join(learner.errors))  # fmt: skip
    checks.check("the release opened the model answer in every learner's widget",
                 all(learner.released for learner in crowd), [lr.released for lr in crowd])
    latencies = [x for learner in crowd for x in learner.latencies]
    spawn = [learner.spawn for learner in crowd]
    run_all = [learner.run_all for learner in crowd]
    busy = sum(getattr(machine1, f) - getattr(machine0, f) for f in ("user", "system", "nice"))
    uss = [m["uss"] for m in memory.values()]
    pss = [m["pss"] for m in memory.values()]
    return {
        "learners": n,
        "spawn_s": {"p50": statistics.median(spawn), "max": max(spawn)},
        "run_all_s": {"p50": statistics.median(run_all), "max": max(run_all)},
        "interaction_ms": {"p50": 1000 * percentile(latencies, 0.5),
                           "p95": 1000 * percentile(latencies, 0.95), "count": len(latencies)},
        "memory_mib_per_learner": {"uss": statistics.mean(uss) if uss else float("nan"),
                                   "pss": statistics.mean(pss) if pss else float("nan")},
        "cpu_s_per_learner": (cpu1["learners"] - cpu0["learners"]) / n,
        "instructor_cpu_s": cpu1["instructor"] - cpu0["instructor"],
        "hub_side_cpu_s": cpu1["hub"] - cpu0["hub"],
        "wall_s": wall,
        "cores_busy_hub_and_learners": (sum(cpu1.values()) - sum(cpu0.values())) / wall,
        "cores_busy_machine": busy / wall,
        "checks": [{"check": c, "ok": ok, "seen": s} for c, ok, s in checks.results],
        "ok": checks.ok,
    }  # fmt: skip


def table(results: list[dict[str, Any]]) -> str:
    head = ("| N | spawn s p50 (max) | Run All s p50 (max) | interaction ms p50 / p95 (n) "
            "| memory MiB/learner USS (PSS) | CPU s/learner | hub-side CPU s "
            "| cores busy: class (machine) | checks |")  # fmt: skip
    lines = [head, "|" + " --- |" * 9]
    for r in results:
        memory = r["memory_mib_per_learner"]
        ok = sum(c["ok"] for c in r["checks"])
        lines.append(
            f"| {r['learners']} | {r['spawn_s']['p50']:.1f} ({r['spawn_s']['max']:.1f}) "
            f"| {r['run_all_s']['p50']:.1f} ({r['run_all_s']['max']:.1f}) "
            f"| {r['interaction_ms']['p50']:.0f} / {r['interaction_ms']['p95']:.0f} "
            f"({r['interaction_ms']['count']}) "
            f"| {memory['uss']:.0f} ({memory['pss']:.0f}) "
            f"| {r['cpu_s_per_learner']:.1f} | {r['hub_side_cpu_s']:.1f} "
            f"| {r['cores_busy_hub_and_learners']:.2f} ({r['cores_busy_machine']:.2f}) "
            f"| {ok}/{len(r['checks'])} |"
        )  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[3])
    parser.add_argument("--lesson", default="antibodies_in_early_life", help="a lesson slug")
    parser.add_argument("--moves", type=int, default=8, help="slider moves per learner")
    parser.add_argument("--keep", action="store_true", help="keep the run folders (logs)")
    args = parser.parse_args(argv)
    if not PROXY.exists():
        raise SystemExit(f"{PROXY} is missing: run `npm ci --prefix {HERE}` (make class-test does)")
    lesson_notebook(args.lesson)
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.learners:
        run = RESULTS / f"run-{n}"
        shutil.rmtree(run, ignore_errors=True)
        run.mkdir(parents=True)
        print(f"rehearsing a class of {n} learners on {args.lesson} ...", flush=True)
        result = asyncio.run(
            asyncio.wait_for(rehearse(n, args.lesson, args.moves, run), RUN_LIMIT))
        results.append(result)
        for c in result["checks"]:
            print(f"  {'PASS' if c['ok'] else 'FAIL'}  {c['check']}"
                  + ("" if c["ok"] else f"  (seen: {c['seen']})"))  # fmt: skip
        if not args.keep and result["ok"]:
            shutil.rmtree(run, ignore_errors=True)
    (RESULTS / "results.json").write_text(json.dumps(results, indent=2))
    print()
    print(table(results))
    passed = sum(c["ok"] for r in results for c in r["checks"])
    failed = sum(not c["ok"] for r in results for c in r["checks"])
    print(f"\n{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
