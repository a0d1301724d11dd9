"""JupyterHub configuration for the class rehearsal (`make class-test`): loopback only.

Read by the real ``jupyterhub`` that ``rehearsal.py`` starts. Everything it needs
comes from environment variables the rehearsal sets for one run:

* ``HIGM_CLASS_RUN``: the run's folder (hub database, cookie secret, learners'
  homes, the classroom service's SQLite file);
* ``HIGM_CLASS_PORTS``: ``public,api,hub,service`` ports, free ports on 127.0.0.1;
* ``HIGM_CLASS_PASSWORDS``: a JSON file (mode 0600) of test users and the
  passwords generated for this run; ``HIGM_CLASS_INSTRUCTORS``: comma-separated
  instructors;
* ``HIGM_CLASS_PROXY``: the ``configurable-http-proxy`` installed by ``npm ci``;
* ``HIGM_CLASS_DEADLINE`` and ``HIGM_CLASS_PARENT``: the hub stops itself (and with it
  every server it started) at the deadline or when the rehearsal is gone.

The live-classroom parts (service, custom scope, roles, ``instructors`` group,
server token scopes) come from ``deploy/classroom/hub_config.py``, as on TLJH.
"""

import hmac
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

from jupyterhub.auth import Authenticator

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

RUN = Path(os.environ["HIGM_CLASS_RUN"])
REPO = Path(__file__).resolve().parents[2]
PUBLIC, API, HUB, SERVICE = (int(p) for p in os.environ["HIGM_CLASS_PORTS"].split(","))
PASSWORDS = json.loads(Path(os.environ["HIGM_CLASS_PASSWORDS"]).read_text())
INSTRUCTORS = [u for u in os.environ.get("HIGM_CLASS_INSTRUCTORS", "").split(",") if u]
LOOPBACK = {"127.0.0.1", "::1"}


def _watchdog() -> None:
    """Stop the hub when the rehearsal that started it is gone or the deadline passes."""
    deadline = float(os.environ.get("HIGM_CLASS_DEADLINE", time.time() + 1800))
    parent = int(os.environ.get("HIGM_CLASS_PARENT", os.getppid()))
    while time.time() < deadline:
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            break
        time.sleep(2)
    os.kill(os.getpid(), signal.SIGTERM)


threading.Thread(target=_watchdog, name="rehearsal-watchdog", daemon=True).start()


class RehearsalAuthenticator(Authenticator):
    """Test users only, each with a password generated for this run; loopback only."""

    async def authenticate(self, handler, data):
        if handler.request.remote_ip not in LOOPBACK:
            return None
        expected = PASSWORDS.get(data.get("username", ""))
        given = data.get("password", "")
        if expected and hmac.compare_digest(expected.encode(), given.encode()):
            return data["username"]
        return None


# ------------------------------------------------------------------ the hub, on loopback
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = PUBLIC
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = HUB
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{API}"
c.ConfigurableHTTPProxy.command = [os.environ["HIGM_CLASS_PROXY"]]
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.db_url = f"sqlite:///{RUN / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(RUN / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(RUN / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True
c.JupyterHub.authenticator_class = RehearsalAuthenticator
c.Authenticator.allowed_users = set(PASSWORDS)

# ------------------------------------------------ each learner: a local process, own home
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = str(RUN / "home" / "{username}")
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
c.Spawner.args = ["--ServerApp.ip=127.0.0.1"] + (["--allow-root"] if os.getuid() == 0 else [])
c.Spawner.notebook_dir = str(REPO)
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {"PYTHONPATH": str(REPO)}  # the checkout's course package

# -------------------------------------------------------------------- the live classroom
sys.path.insert(0, str(REPO / "deploy" / "classroom"))
from hub_config import configure  # noqa: E402 (the shared part of every deployment)

configure(
    c,
    python=sys.executable,
    source=str(REPO / "deploy" / "classroom"),
    port=SERVICE,
    data_dir=str(RUN),  # the hub's data directory for this run
    client_url=f"http://127.0.0.1:{PUBLIC}/services/classroom/",  # through the proxy
    instructors=INSTRUCTORS,
)
