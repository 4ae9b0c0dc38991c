"""One real `dagster dev` shared by the tests of this folder (starting one costs about 20 s)."""
from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest

from tests.ui.running_dagster import DAGSTER, LOAD_TIMEOUT_SECONDS, REPO, DagsterDev, free_port, stop_process_group, wait_for


@pytest.fixture(scope="package")
def dagster_dev(tmp_path_factory) -> Iterator[DagsterDev]:
    root = tmp_path_factory.mktemp("dagster_dev")
    home, inbox, warehouse = root / "dagster_home", root / "inbox", root / "warehouse"
    for folder in (home, inbox, warehouse):
        folder.mkdir()
    shutil.copy(REPO / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "NEWSFACTS_INBOX": str(inbox), "NEWSFACTS_WAREHOUSE": str(warehouse),
           "NEWSFACTS_NLP_PROCESSES": "1", "DAGSTER_DISABLE_TELEMETRY": "1"}
    log = root / "dagster_dev.log"
    with log.open("wb") as out:
        process = subprocess.Popen([str(DAGSTER), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
                                   cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)   # its own process group, killed as one
    server = DagsterDev(f"http://127.0.0.1:{port}", inbox, warehouse, home, log, process)
    try:
        wait_for(server.location_loaded, LOAD_TIMEOUT_SECONDS, "the code location to load", diagnostics=server.log_tail)
        yield server
    finally:
        stop_process_group(process)
