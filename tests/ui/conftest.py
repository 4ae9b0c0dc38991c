"""One real `dagster dev` shared by the tests of this folder (starting one costs about 20 s), and headless
Chromium driven by Selenium through chromedriver (Debian's, installed by the `chromium` fixture if missing)."""
from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

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


PAGE_LOAD_TIMEOUT_SECONDS = 60


@pytest.fixture
def browser(chromium, tmp_path, monkeypatch) -> Iterator[webdriver.Chrome]:
    """A fresh headless Chromium with its console log kept (`driver.get_log("browser")`)."""
    program, driver_program = chromium
    monkeypatch.setenv("SE_OFFLINE", "true")   # Selenium Manager never downloads anything (and is skipped anyway)
    options = webdriver.ChromeOptions()
    options.binary_location = str(program)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1600,1000", f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(driver_program), log_output=str(tmp_path / "chromedriver.log")),
                              options=options)
    driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()
