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

bash "$(dirname "$0")/apt_install.sh" redis-server
