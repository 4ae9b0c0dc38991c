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

bash "$(dirname "$0")/apt_install.sh" postgresql
