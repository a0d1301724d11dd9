"""TLJH: the live classroom (copied into /opt/tljh/config/jupyterhub_config.d/ by install.sh,
which fills in @COURSE@ and @INSTRUCTORS@). The shared settings are in
deploy/classroom/hub_config.py; here only the TLJH paths and ports."""

import sys

sys.path.insert(0, "@COURSE@/deploy/classroom")
from hub_config import configure

INSTRUCTORS = "@INSTRUCTORS@"  # user names, separated by spaces

configure(
    c,  # noqa: F821 (provided by JupyterHub)
    python="/opt/tljh/hub/bin/python",  # the hub's environment (jupyterhub, tornado)
    source="@COURSE@/deploy/classroom",
    port=10101,
    data_dir="/opt/tljh/state",  # TLJH's hub data directory
    client_url="http://127.0.0.1:10101/services/classroom/",  # servers run on this host
    instructors=INSTRUCTORS.split(),
)
