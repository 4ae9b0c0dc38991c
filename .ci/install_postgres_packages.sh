#!/usr/bin/env bash
# Debian packages the test of workers that share no disk needs: postgresql, for Dagster's run and event
# storage (dagster-postgres) and the DuckLake catalog (tests/test_shared_nothing_workers.py starts its own
# server in a temporary folder on a free localhost port; the package's system service is not used and need not run).
# Run by the tests themselves when initdb is missing (tests/postgres_server.py).
# Idempotent and quiet: does nothing when a PostgreSQL server is already installed.
set -euo pipefail

if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends postgresql; } >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
fi
