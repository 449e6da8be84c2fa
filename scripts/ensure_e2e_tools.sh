#!/usr/bin/env bash
# The validators of the end-to-end tests (tests/e2e/conftest.py): axe-core and the Nu Html Checker,
# pinned in tests/e2e/package-lock.json. Installs Debian's npm and a Java runtime when missing,
# and runs `npm ci` only when node_modules is older than the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=()
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
command -v java >/dev/null 2>&1 || packages+=(default-jre-headless)
if [ "${#packages[@]}" -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "Installation de ${packages[*]} (apt)…"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}" >/dev/null
fi
dir=tests/e2e
if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
  # --ignore-scripts: vnu-jar's install script would download a Java runtime; the system's is used.
  npm ci --prefix "$dir" --ignore-scripts --no-audit --no-fund --loglevel=error
fi
