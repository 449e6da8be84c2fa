#!/usr/bin/env bash
# Install Debian's Chromium for the end-to-end tests, unless it is already there.
# Playwright drives this system browser: its own browser download cannot work here.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installation de Chromium (apt)…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
chromium --version
