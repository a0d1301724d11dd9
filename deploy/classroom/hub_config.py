"""The live classroom's part of a JupyterHub configuration, shared by every deployment.

``configure(c, ...)`` registers the classroom service with the hub, defines the
instructor scope, gives it to the ``instructors`` group through a role, lets every
user reach the service, and gives each notebook server a token that can call it
(an instructor's also carries the instructor scope: the hub hands each user only
the scopes they hold). Used by ``deploy/class-test/jupyterhub_config.py`` and
``deploy/tljh/higm_classroom.py``; ``deploy/z2jh/config.yaml`` states the same in
YAML (``tests/test_deploy.py`` checks that they agree).
"""

from __future__ import annotations

from typing import Any

SERVICE = "classroom"
INSTRUCT = "custom:classroom:instruct"
CUSTOM_SCOPES = {
    INSTRUCT: {"description": "Open live classroom sessions, see answers, lock, re-vote, release"}
}
ROLES = [
    {"name": "user", "scopes": ["self", f"access:services!service={SERVICE}"]},
    {"name": "classroom-instructor", "scopes": [INSTRUCT], "groups": ["instructors"]},
]
SERVER_TOKEN_SCOPES = [
    "users:activity!user",
    "access:servers!server",
    f"access:services!service={SERVICE}",
    INSTRUCT,
]


def configure(
    c: Any,
    *,
    python: str,
    source: str,
    port: int,
    data_dir: str,
    client_url: str,
    instructors: list[str] | None = None,
) -> None:
    """Add the classroom to the JupyterHub config ``c``.

    ``python`` runs the service (the hub's own environment: it needs jupyterhub and
    tornado); ``source`` is the folder holding ``higm_classroom``; it listens on
    127.0.0.1:``port`` and keeps ``classroom.sqlite`` in ``data_dir`` (the hub's data
    directory); ``client_url`` is the service's address as notebooks reach it."""
    c.JupyterHub.services = [
        *[s for s in c.JupyterHub.get("services", []) if s.get("name") != SERVICE],
        {
            "name": SERVICE,
            "url": f"http://127.0.0.1:{port}",
            "command": [python, "-m", "higm_classroom", "--db", "classroom.sqlite"],
            "cwd": data_dir,
            "environment": {"PYTHONPATH": source},
            "oauth_no_confirm": True,
            "oauth_client_allowed_scopes": [INSTRUCT],
        },
    ]
    c.JupyterHub.custom_scopes = {**c.JupyterHub.get("custom_scopes", {}), **CUSTOM_SCOPES}
    c.JupyterHub.load_roles = ROLES
    groups = dict(c.JupyterHub.get("load_groups", {}))
    if instructors is not None:
        groups["instructors"] = {"users": list(instructors)}
    groups.setdefault("instructors", {"users": []})
    c.JupyterHub.load_groups = groups
    c.Spawner.server_token_scopes = SERVER_TOKEN_SCOPES
    c.Spawner.environment = {
        **c.Spawner.get("environment", {}),
        "HIGM_CLASSROOM_URL": client_url,
    }
