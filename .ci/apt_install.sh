#!/usr/bin/env bash
# Install Debian packages quietly, as root or through sudo; on failure print apt's output and exit 1.
# Called by the .ci/install_*.sh scripts once they know something is missing.
set -euo pipefail

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "$@"; } >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
fi
