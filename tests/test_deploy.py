"""The deployments in deploy/ agree with the rehearsed hub settings and pin a release.

`make class-test` runs the classroom on a real JupyterHub configured by
deploy/classroom/hub_config.py; the TLJH recipe uses the same file, and the Zero to
JupyterHub values must state the same service, scopes and roles in YAML."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from traitlets.config import Config

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy" / "classroom"))
import hub_config  # noqa: E402

Z2JH = yaml.safe_load((ROOT / "deploy" / "z2jh" / "config.yaml").read_text())


def tljh_config() -> Config:
    text = (ROOT / "deploy" / "tljh" / "higm_classroom.py").read_text()
    text = text.replace("@COURSE@", str(ROOT)).replace("@INSTRUCTORS@", "dr-ada dr-bo")
    c = Config()
    exec(compile(text, "higm_classroom.py", "exec"), {"c": c})
    return c


def test_tljh_registers_the_classroom_with_the_shared_settings():
    c = tljh_config()
    [service] = c.JupyterHub.services
    assert service["name"] == "classroom" and service["url"] == "http://127.0.0.1:10101"
    assert service["command"][:3] == ["/opt/tljh/hub/bin/python", "-m", "higm_classroom"]
    assert service["cwd"] == "/opt/tljh/state"
    assert service["environment"] == {"PYTHONPATH": f"{ROOT}/deploy/classroom"}
    assert c.JupyterHub.load_roles == hub_config.ROLES
    assert c.JupyterHub.load_groups == {"instructors": {"users": ["dr-ada", "dr-bo"]}}
    assert c.Spawner.server_token_scopes == hub_config.SERVER_TOKEN_SCOPES
    assert c.Spawner.environment["HIGM_CLASSROOM_URL"].startswith("http://127.0.0.1:10101/")


def test_zero_to_jupyterhub_states_the_same_service_scopes_and_roles():
    hub = Z2JH["hub"]
    assert hub["config"]["JupyterHub"]["custom_scopes"] == hub_config.CUSTOM_SCOPES
    assert hub["config"]["Spawner"]["server_token_scopes"] == hub_config.SERVER_TOKEN_SCOPES
    roles = [{"name": name, **role} for name, role in hub["loadRoles"].items()]
    assert roles == hub_config.ROLES
    service = hub["services"]["classroom"]
    assert service["command"][:3] == ["python3", "-m", "higm_classroom"]
    assert service["command"][-1].startswith("/srv/jupyterhub/"), "the hub's data volume"
    assert service["oauth_client_allowed_scopes"] == [hub_config.INSTRUCT]
    mounted = {f["mountPath"].rsplit("/", 1)[-1] for f in hub["extraFiles"].values()}
    shipped = {p.name for p in (ROOT / "deploy/classroom/higm_classroom").glob("*.py")}
    assert mounted == shipped, "every file of the service must be mounted into the hub pod"


def test_zero_to_jupyterhub_pins_a_release_and_culls_idle_servers():
    single = Z2JH["singleuser"]
    assert re.fullmatch(r"v\d+\.\d+(\.\d+)?", single["image"]["tag"])
    assert Z2JH["cull"]["enabled"] is True and Z2JH["cull"]["timeout"] <= 4 * 3600

    def mib(text: str) -> float:
        number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)([MG])", text).groups()
        return float(number) * (1024 if unit == "G" else 1)

    assert mib(single["memory"]["guarantee"]) <= mib(single["memory"]["limit"])
    assert single["cpu"]["guarantee"] <= single["cpu"]["limit"]


def test_the_learners_image_has_the_hub_and_nbgitpuller():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    names = {p.split("==")[0] for p in pins}
    assert {"jupyterhub", "nbgitpuller"} <= names
    assert "pip install --no-deps -e ." in (ROOT / "postBuild").read_text()


def test_the_tljh_recipe_refuses_to_run_without_a_release_tag():
    script = ROOT / "deploy" / "tljh" / "install.sh"
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0
    env = {k: v for k, v in os.environ.items() if k not in ("REF", "ADMIN")}
    done = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True,
                          check=False)  # fmt: skip
    assert done.returncode != 0 and "REF" in done.stderr


@pytest.mark.parametrize(("host", "address"), [("127.0.0.1", "127.0.0.1"), (None, "127.0.0.1"),
                                                ("hub", "0.0.0.0"), ("::1", "::1")])  # fmt: skip
def test_the_service_listens_on_loopback_unless_its_url_names_a_cluster_host(host, address):
    service = pytest.importorskip("higm_classroom.service")
    assert service.listen_address(host) == address
