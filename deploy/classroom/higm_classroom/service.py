"""The live classroom, a JupyterHub service (tornado, authenticated by the hub).

Every request is authenticated by JupyterHub (``HubOAuthenticated``): a browser
through the hub's OAuth, a notebook through its server's API token
(``$JUPYTERHUB_API_TOKEN``). The hub's role-based scopes decide who may do what:

* ``access:services!service=classroom`` lets a user reach the service at all
  (students and instructors);
* ``custom:classroom:instruct`` (given by a role to the ``instructors`` group)
  lets a user open sessions, read distributions and the report, and lock,
  re-vote and release questions.

A student can vote, read a question's state (round, locked, released) and read
their own votes, nothing else. Routes, under the service prefix
(``/services/classroom/``)::

    GET  api/me                                  who the hub says you are
    POST api/sessions            {lesson}        open a session      (instructor)
    GET  api/sessions                            your sessions       (instructor)
    GET  api/sessions/CODE                       the session and its questions' states
    POST api/sessions/CODE/close                 close it            (instructor)
    POST api/sessions/CODE/votes {item, kind, response, confidence, correct}
    GET  api/sessions/CODE/votes/mine            your own votes
    GET  api/sessions/CODE/questions/ITEM        a question's state
    POST api/sessions/CODE/questions/ITEM/ACTION lock|unlock|revote|release (instructor)
    GET  api/sessions/CODE/distribution          answer and confidence counts (instructor)
    GET  api/sessions/CODE/report                every vote as CSV, anonymous (instructor)

Run by the hub as ``python -m higm_classroom --db <hub data dir>/classroom.sqlite``.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
from jupyterhub.utils import url_path_join
from tornado import ioloop, web

from higm_classroom.store import ACTIONS, ClassroomStore, ClosedError

INSTRUCT_SCOPE = "custom:classroom:instruct"


class Handler(HubOAuthenticated, web.RequestHandler):  # type: ignore[misc]
    """JSON in and out; errors as ``{"error": message}`` with a status code."""

    def initialize(self, store: ClassroomStore) -> None:
        self.store = store

    @property
    def user_name(self) -> str:
        return str(self.current_user["name"])

    @property
    def instructor(self) -> bool:
        return INSTRUCT_SCOPE in (self.current_user or {}).get("scopes", [])

    def require_instructor(self) -> None:
        if not self.instructor:
            raise web.HTTPError(403, "only instructors may do this")

    def body(self) -> dict[str, Any]:
        try:
            data = json.loads(self.request.body or b"{}")
        except ValueError:
            raise web.HTTPError(400, "the body must be JSON") from None
        if not isinstance(data, dict):
            raise web.HTTPError(400, "the body must be a JSON object")
        return data

    def send(self, data: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(data))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        reason = self._reason
        exc = kwargs.get("exc_info", (None, None))[1]
        if isinstance(exc, web.HTTPError) and exc.log_message:
            reason = exc.log_message
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"error": reason}))

    def guarded(self, action: Callable[[], Any], status: int = 200) -> None:
        """Run ``action`` and send its result; map the store's errors to HTTP codes."""
        try:
            result = action()
        except ClosedError as exc:
            raise web.HTTPError(409, str(exc)) from None
        except LookupError as exc:
            raise web.HTTPError(404, str(exc)) from None
        except (TypeError, ValueError) as exc:
            raise web.HTTPError(400, str(exc)) from None
        self.send(result, status)


class MeHandler(Handler):
    @web.authenticated
    def get(self) -> None:
        self.send({"name": self.user_name, "instructor": self.instructor})


class SessionsHandler(Handler):
    @web.authenticated
    def get(self) -> None:
        self.require_instructor()
        self.guarded(lambda: self.store.sessions(self.user_name))

    @web.authenticated
    def post(self) -> None:
        self.require_instructor()
        lesson = self.body().get("lesson")
        self.guarded(lambda: self.store.open_session(lesson, self.user_name), 201)


class SessionHandler(Handler):
    @web.authenticated
    def get(self, code: str) -> None:
        self.guarded(
            lambda: {**self.store.session(code), "questions": self.store.questions(code)}
        )


class CloseHandler(Handler):
    @web.authenticated
    def post(self, code: str) -> None:
        self.require_instructor()
        self.guarded(lambda: self.store.close_session(code))


class VotesHandler(Handler):
    @web.authenticated
    def post(self, code: str) -> None:
        data = self.body()
        self.guarded(
            lambda: self.store.vote(
                code,
                data.get("item"),
                self.user_name,
                kind=data.get("kind"),
                response=data.get("response"),
                confidence=data.get("confidence"),
                correct=data.get("correct"),
            ),
            201,
        )


class MineHandler(Handler):
    @web.authenticated
    def get(self, code: str) -> None:
        self.guarded(lambda: self.store.own_votes(code, self.user_name))


class QuestionHandler(Handler):
    @web.authenticated
    def get(self, code: str, item: str) -> None:
        self.guarded(lambda: self.store.question(code, item))

    @web.authenticated
    def post(self, code: str, item: str, action: str) -> None:
        self.require_instructor()
        self.guarded(lambda: self.store.act(code, item, action))


class DistributionHandler(Handler):
    @web.authenticated
    def get(self, code: str) -> None:
        self.require_instructor()
        self.guarded(lambda: self.store.distribution(code))


class ReportHandler(Handler):
    @web.authenticated
    def get(self, code: str) -> None:
        self.require_instructor()
        try:
            text = self.store.report(code)
        except LookupError as exc:
            raise web.HTTPError(404, str(exc)) from None
        self.set_header("Content-Type", "text/csv; charset=utf-8")
        self.set_header(
            "Content-Disposition", f'attachment; filename="classroom_{code.upper()}.csv"'
        )
        self.finish(text)


def make_app(store: ClassroomStore, prefix: str) -> web.Application:
    """The tornado application under ``prefix`` (the service's URL prefix)."""
    code, item = r"([A-Za-z0-9]{6})", r"([A-Za-z0-9_.:\-]{1,200})"
    actions = "|".join(ACTIONS)
    routes: list[tuple[str, type[web.RequestHandler]]] = [
        (r"api/me", MeHandler),
        (r"api/sessions", SessionsHandler),
        (rf"api/sessions/{code}", SessionHandler),
        (rf"api/sessions/{code}/close", CloseHandler),
        (rf"api/sessions/{code}/votes", VotesHandler),
        (rf"api/sessions/{code}/votes/mine", MineHandler),
        (rf"api/sessions/{code}/questions/{item}", QuestionHandler),
        (rf"api/sessions/{code}/questions/{item}/({actions})", QuestionHandler),
        (rf"api/sessions/{code}/distribution", DistributionHandler),
        (rf"api/sessions/{code}/report", ReportHandler),
    ]
    handlers: list[Any] = [
        (url_path_join(prefix, pattern), handler, {"store": store}) for pattern, handler in routes
    ]
    handlers.append((url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler))
    return web.Application(
        handlers,
        cookie_secret=os.urandom(32),
        xsrf_cookies=False,  # the hub's auth checks XSRF for cookie-authenticated requests
    )


def listen_address(hostname: str | None) -> str:
    """Where to listen: the service URL's own IP address (127.0.0.1 on one server), or every
    interface when the URL names a host, such as ``hub`` in a Kubernetes cluster."""
    try:
        return str(ipaddress.ip_address(hostname or "127.0.0.1"))
    except ValueError:
        return "0.0.0.0"  # a cluster service: the network policy limits who reaches it


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the SQLite file (under the hub's data dir)")
    args = parser.parse_args(argv)
    url = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/classroom/")
    app = make_app(ClassroomStore(args.db), prefix)
    app.listen(url.port or 80, listen_address(url.hostname))
    ioloop.IOLoop.current().start()
