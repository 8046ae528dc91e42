#!/usr/bin/env bash
# Installs what pincheck needs to build (Debian's libz3-dev) when it is missing.
set -euo pipefail
if pkg-config --exists z3 2>/dev/null && [ -f /usr/include/z3.h ]; then
  exit 0
fi
echo "pincheck: installing libz3-dev (Z3's C API) with apt-get" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libz3-dev pkg-config >/dev/null
