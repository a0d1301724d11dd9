#!/usr/bin/env bash
# The Littlest JupyterHub (TLJH) for a class on the HIGM course, pinned to a release.
# Run as root on a fresh Ubuntu server (22.04 or 24.04) reachable over HTTPS:
#
#   sudo REF=v1.2.0 ADMIN=dr-ada INSTRUCTORS="dr-ada dr-bo" bash deploy/tljh/install.sh
#
# REF         a release tag of the course (never main: the course must not change mid-term)
# ADMIN       the hub's first administrator (TLJH's own setting)
# INSTRUCTORS who may open live classroom sessions (the hub group `instructors`)
# TLJH_VERSION which TLJH to install (default 1: the newest 1.x; needs JupyterHub >= 4)
#
# What it does: installs TLJH with its official installer; installs the course's pinned
# environment (requirements/constraints.txt of REF) into TLJH's user environment with the
# course's JupyterLab settings; sets the class settings below (memory and CPU per learner
# from `make class-test`, the idle culler); adds the live classroom service; prints the
# nbgitpuller link to hand out. Afterwards enable HTTPS (tljh-config set https.enabled true
# ...) and an authenticator as TLJH's documentation describes.
set -euo pipefail

REF=${REF:?set REF to a release tag, such as v1.2.0}
ADMIN=${ADMIN:?set ADMIN to the hub administrator\'s user name}
INSTRUCTORS=${INSTRUCTORS:-$ADMIN}
TLJH_VERSION=${TLJH_VERSION:-1}
REPO=${REPO:-https://github.com/higm-course/higm-course}
COURSE=/opt/higm-course
TLJH=/opt/tljh

# 1. TLJH, with its own installer
if [ ! -x "$TLJH/hub/bin/tljh-config" ]; then
    curl -fsSL https://tljh.jupyter.org/bootstrap.py \
        | python3 - --admin "$ADMIN" --version "$TLJH_VERSION"
fi

# 2. The course at the release tag (the classroom service runs from this checkout)
if [ -d "$COURSE/.git" ]; then
    git -C "$COURSE" fetch --tags --quiet origin
else
    git clone --quiet "$REPO" "$COURSE"
fi
git -C "$COURSE" -c advice.detachedHead=false checkout --quiet "refs/tags/$REF"

# 3. The pinned environment and the course's JupyterLab settings, in the learners' env
"$TLJH/user/bin/python" -m pip install --quiet -c "$COURSE/requirements/constraints.txt" "$COURSE"
"$TLJH/user/bin/python" "$COURSE/tools/install_jupyter_settings.py"

# 4. Class settings. Per learner: one lesson's server and kernel use about 0.25 GiB after
#    Run All (make class-test); the limit leaves room for a second open lesson.
tljh-config set user_environment.default_app jupyterlab
tljh-config set limits.memory 1G
tljh-config set limits.cpu 1
tljh-config set services.cull.enabled true
tljh-config set services.cull.timeout 3600
tljh-config set services.cull.every 300

# 5. The live classroom: a JupyterHub service, its scopes, roles and `instructors` group
install -d "$TLJH/config/jupyterhub_config.d"
sed -e "s|@COURSE@|$COURSE|g" -e "s|@INSTRUCTORS@|$INSTRUCTORS|g" \
    "$COURSE/deploy/tljh/higm_classroom.py" > "$TLJH/config/jupyterhub_config.d/higm_classroom.py"
tljh-config reload hub

# 6. The link to hand out (publishes nothing by itself: see its first line)
python3 "$COURSE/deploy/class_link.py" --ref "$REF" --hub "https://$(hostname -f)" --repo "$REPO"
