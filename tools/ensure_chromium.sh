#!/bin/sh
# Make sure Chromium is there for the real-browser tests (`make test` requires them).
# Found: nothing to do. Missing: install Debian's package when we may (as root, or
# with sudo that needs no password); otherwise stop with one line saying how.
# HIGM_CHROMIUM names a Chromium elsewhere, as for the browser tests themselves.
set -eu

if [ -n "${HIGM_CHROMIUM:-}" ]; then
  if [ -x "$HIGM_CHROMIUM" ]; then exit 0; fi
  echo "HIGM_CHROMIUM=$HIGM_CHROMIUM is not an executable Chromium" >&2
  exit 1
fi
for name in chromium chromium-browser google-chrome; do
  if command -v "$name" >/dev/null 2>&1; then exit 0; fi
done

how="Chromium is missing for the browser tests: install it with 'sudo apt-get install chromium' (Debian/Ubuntu), or run 'make test-fast' to skip them"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$how" >&2
  exit 1
fi
if [ "$(id -u)" = 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "$how" >&2
  exit 1
fi
echo "Installing Chromium from the system packages for the browser tests"
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
for name in chromium chromium-browser google-chrome; do
  if command -v "$name" >/dev/null 2>&1; then exit 0; fi
done
echo "$how (installing the 'chromium' package did not provide it)" >&2
exit 1
