"""JupyterHub configuration for the class rehearsal (`make class-test`): loopback only.

Read by the real ``jupyterhub`` that ``rehearsal.py`` starts. Everything it needs
comes from environment variables the rehearsal sets for one run:

* ``HIGM_CLASS_RUN``: the run's folder (hub database, cookie secret, learners'
  homes, the classroom service's SQLite file);
* ``HIGM_CLASS_PORTS``: ``public,api,hub,service`` ports, free ports on 127.0.0.1;
* ``HIGM_CLASS_PASSWORDS``: a JSON file (mode 0600) of test users and the
  passwords generated for this run; ``HIGM_CLASS_INSTRUCTORS``: comma-separated
  instructors;
* ``HIGM_CLASS_PROXY``: the ``configurable-http-proxy`` installed by ``npm ci``.

The live-classroom parts (service, custom scope, roles, ``instructors`` group,
server token scopes) are the same as in ``deploy/tljh`` and ``deploy/z2jh``.
"""

import hmac
import json
import os
import sys
from pathlib import Path

from jupyterhub.auth import Authenticator

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

RUN = Path(os.environ["HIGM_CLASS_RUN"])
REPO = Path(__file__).resolve().parents[2]
PUBLIC, API, HUB, SERVICE = (int(p) for p in os.environ["HIGM_CLASS_PORTS"].split(","))
PASSWORDS = json.loads(Path(os.environ["HIGM_CLASS_PASSWORDS"]).read_text())
INSTRUCTORS = [u for u in os.environ.get("HIGM_CLASS_INSTRUCTORS", "").split(",") if u]
LOOPBACK = {"127.0.0.1", "::1"}
INSTRUCT = "custom:classroom:instruct"


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
c.JupyterHub.load_groups = {"instructors": {"users": INSTRUCTORS}}

# ------------------------------------------------ each learner: a local process, own home
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = str(RUN / "home" / "{username}")
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
c.Spawner.args = ["--ServerApp.ip=127.0.0.1"] + (["--allow-root"] if os.getuid() == 0 else [])
c.Spawner.notebook_dir = str(REPO)
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {
    "PYTHONPATH": str(REPO),  # the checkout's course package
    "HIGM_CLASSROOM_URL": f"http://127.0.0.1:{PUBLIC}/services/classroom/",
}

# -------------------------------------------------------------------- the live classroom
c.JupyterHub.services = [
    {
        "name": "classroom",
        "url": f"http://127.0.0.1:{SERVICE}",
        "command": [sys.executable, "-m", "higm_classroom", "--db", "classroom.sqlite"],
        "cwd": str(RUN),  # the hub's data directory for this run
        "environment": {"PYTHONPATH": str(REPO / "deploy" / "classroom")},
        "oauth_no_confirm": True,
        "oauth_client_allowed_scopes": [INSTRUCT],
    }
]
c.JupyterHub.custom_scopes = {
    INSTRUCT: {"description": "Open live classroom sessions, see answers, lock, re-vote, release"}
}
c.JupyterHub.load_roles = [
    {"name": "user", "scopes": ["self", "access:services!service=classroom"]},
    {"name": "classroom-instructor", "scopes": [INSTRUCT], "groups": ["instructors"]},
]
# A notebook's own token reaches the classroom; an instructor's also carries the
# instructor scope (the hub gives each user only the scopes they hold).
c.Spawner.server_token_scopes = [
    "users:activity!user",
    "access:servers!server",
    "access:services!service=classroom",
    INSTRUCT,
]
