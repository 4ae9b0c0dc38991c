#!/usr/bin/env bash
# Debian packages the scale-out test needs: redis-server, the broker and result backend of the
# celery executor (tests/test_celery_backfill.py starts its own on a free localhost port; the
# package's system service is not used and need not run).
# Run by the tests themselves when redis-server is missing (tests/system_programs.py).
# Idempotent and quiet: does nothing when redis-server is already installed.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1; then
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends redis-server; } >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
fi
