"""The Dagster UI in a real browser: headless Chromium (Debian's `chromium`, driven by Selenium through
Debian's `chromedriver`, installed from Debian if missing; nothing else is downloaded) opens the asset graph, finds one group per stage,
launches "Materialize all" over every shard and sees the backfill succeed.

Screenshots go to test-artifacts/ at the repository root (git-ignored): the steps on success, and the
page as it was when the test failed.

The inbox sensor of the same `dagster dev` is stopped while this test's story sits in the inbox, and
the story is gone before the sensor starts again: the sensor never sees it, so the sensor test
(test_dagster_dev.py, which counts the inbox sensor's runs) passes before or after this one.
"""
from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from pipeline.defs.partitions import SHARD_COUNT
from tests.conftest import SEEDS_DIR
from tests.ui.running_dagster import REPO, DagsterDev, wait_for

ARTIFACTS = REPO / "test-artifacts"
STAGES = ["raw", "clean", "entities", "facts", "warehouse"]
STORY = "002_131fd39b467027c8.txt"   # not test_dagster_dev's story, and in another shard
UI_TIMEOUT_SECONDS = 60              # a page, a dialog, a toast
BACKFILL_TIMEOUT_SECONDS = 420       # every shard, then the star schema: about 2 minutes on two cores
SENSOR_TICK_TIMEOUT_SECONDS = 60     # an evaluation of the inbox sensor that was under way when it was stopped
FAILED_RUN = {"FAILURE", "CANCELED", "CANCELING"}
FAILED_BACKFILL = {"FAILED", "FAILING", "COMPLETED_FAILED", "CANCELED", "CANCELING"}
FINISHED_RUN = {"SUCCESS", "FAILURE", "CANCELED"}
BACKFILL_GOING_ON = {"REQUESTED", "FAILING", "CANCELING"}
# Every step of a run in one process (as the automation's runs do): the default executor starts a
# process per step, which makes Materialize all take about 7 minutes here instead of about 2.
IN_PROCESS_CONFIG = "execution: {config: {in_process: {}}}"


def screenshot(driver: webdriver.Chrome, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    return path


def wait(driver: webdriver.Chrome, timeout: float = UI_TIMEOUT_SECONDS) -> WebDriverWait:
    return WebDriverWait(driver, timeout, poll_frequency=0.25)


def button(scope, label: str) -> tuple[str, str]:
    """A locator for the button whose text is `label` (inside `scope`, an XPath prefix)."""
    return By.XPATH, f"{scope}//button[normalize-space()={label!r}]"


@contextmanager
def inbox_sensor_stopped(dev: DagsterDev) -> Iterator[None]:
    """The inbox sensor stopped, with no evaluation of it under way, for as long as the block runs; started
    again afterwards (it keeps its cursor, so it reacts only to inbox changes it has not seen)."""
    was_running = dev.sensor("inbox_sensor")["status"] == "RUNNING"
    if was_running:
        dev.stop_sensor("inbox_sensor")

    def stopped_and_idle() -> bool:
        sensor = dev.sensor("inbox_sensor")
        if sensor["status"] != "STOPPED":    # an evaluation that started just before the stop wrote its state back
            dev.stop_sensor("inbox_sensor")
            return False
        return not sensor["last_tick"] or sensor["last_tick"]["status"] != "STARTED"

    wait_for(stopped_and_idle, SENSOR_TICK_TIMEOUT_SECONDS, "the inbox sensor to stop", interval=0.5,
             diagnostics=dev.log_tail)
    try:
        yield
    finally:
        if was_running:
            dev.start_sensor("inbox_sensor")


def backfill_finished(dev: DagsterDev, backfill_id: str) -> dict | None:
    """The backfill once it has completed with every run a success; fails the test as soon as something fails."""
    backfill = dev.backfill(backfill_id)
    runs = dev.runs(tags=[{"key": "dagster/backfill", "value": backfill_id}])
    failed = [run for run in runs if run["status"] in FAILED_RUN]
    if failed or backfill["status"] in FAILED_BACKFILL:
        pytest.fail(f"backfill {backfill_id} is {backfill['status']}; failed runs: {failed}\n{dev.log_tail()}")
    if backfill["status"] in ("COMPLETED", "COMPLETED_SUCCESS") and runs and all(run["status"] == "SUCCESS" for run in runs):
        return {**backfill, "runs": runs}
    return None


def backfill_ended(dev: DagsterDev, backfill_id: str) -> None:
    """Cancel the backfill if it is still going (a failed test), and wait until none of its runs is left
    running: nothing of this test writes the warehouse while the next test runs."""
    if dev.backfill(backfill_id)["status"] in ("REQUESTED", "FAILING"):
        dev.cancel_backfill(backfill_id)
    wait_for(lambda: dev.backfill(backfill_id)["status"] not in BACKFILL_GOING_ON and all(
                 run["status"] in FINISHED_RUN for run in dev.runs(tags=[{"key": "dagster/backfill", "value": backfill_id}])),
             BACKFILL_TIMEOUT_SECONDS, f"backfill {backfill_id} to end", interval=1, diagnostics=dev.log_tail)


def stage_groups_in_graph(driver: webdriver.Chrome) -> list[str] | bool:
    """Names of the group nodes drawn in the asset graph (SVG foreignObjects of class `group`), once all are drawn."""
    nodes = driver.find_elements(By.XPATH, "//*[local-name()='foreignObject' and contains(@class, 'group')]")
    names = sorted(node.get_attribute("textContent").strip().split()[0] for node in nodes
                   if node.get_attribute("textContent").strip())
    return names if set(STAGES) <= set(names) else False


def launch_materialize_all(driver: webdriver.Chrome) -> str:
    """Click "Materialize all", choose every partition and in-process execution, launch; the backfill's id."""
    wait(driver).until(EC.element_to_be_clickable(
        (By.XPATH, "//button[starts-with(normalize-space(), 'Materialize all')]"))).click()
    dialog_path = "//div[contains(@class, 'bp5-dialog') and .//*[starts-with(normalize-space(), 'Launch runs to materialize')]]"
    dialog: WebElement = wait(driver).until(EC.visibility_of_element_located((By.XPATH, dialog_path)))
    # The shard assets are partitioned: the dialog asks which partitions. All of them.
    wait(driver).until(EC.element_to_be_clickable(button(dialog_path, "All"))).click()
    wait(driver).until(EC.text_to_be_present_in_element((By.XPATH, dialog_path), f"{SHARD_COUNT} partitions selected"))

    # Config applied to every run of the backfill, typed into the dialog's config editor.
    if not dialog.find_elements(*button(".", "Add config")):
        dialog.find_element(By.XPATH, ".//*[normalize-space()='Config']").click()   # expand the section
    wait(driver).until(EC.element_to_be_clickable(button(dialog_path, "Add config"))).click()
    editor = wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, ".cm-s-config-editor .CodeMirror-lines")))
    editor.click()
    driver.switch_to.active_element.send_keys(IN_PROCESS_CONFIG)
    typed = driver.execute_script("return document.querySelector('.cm-s-config-editor').CodeMirror.getValue()")
    assert typed.strip() == IN_PROCESS_CONFIG, f"the config editor holds {typed!r}"
    screenshot(driver, "browser_2_config.png")
    wait(driver).until(EC.element_to_be_clickable(button("", "Save config"))).click()
    wait(driver).until(EC.text_to_be_present_in_element((By.XPATH, dialog_path), "Config saved"))
    screenshot(driver, "browser_3_materialize_all_dialog.png")

    wait(driver).until(EC.element_to_be_clickable(button(dialog_path, "Launch backfill"))).click()
    # the toast renders its words before the id: wait for the whole text
    created = wait(driver).until(lambda d: next(
        (m for element in d.find_elements(By.XPATH, "//*[starts-with(normalize-space(), 'Created backfill')]")
         if (m := re.match(r"Created backfill (\w+)", element.text.strip()))), False))
    return created.group(1)


def article_ids(database: Path, source_id: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("select article_id from dim_article where source_id = ?", [source_id]).fetchall()


def test_materialize_all_from_the_asset_graph_succeeds(dagster_dev: DagsterDev, browser: webdriver.Chrome):
    for stale in ARTIFACTS.glob("browser_*.png"):   # this test's screenshots from an earlier run
        stale.unlink()
    dagster_dev.graphql("mutation { setNuxSeen }")   # no "Join the Dagster community" dialog over the page
    with inbox_sensor_stopped(dagster_dev):
        shutil.copy(SEEDS_DIR / STORY, dagster_dev.inbox / STORY)
        earlier_backfills, backfill_id = dagster_dev.backfill_ids(), None
        try:
            browser.get(f"{dagster_dev.url}/asset-groups")
            wait(browser).until(EC.text_to_be_present_in_element((By.TAG_NAME, "body"), "Global asset lineage"))
            groups = wait(browser).until(stage_groups_in_graph)
            assert groups == sorted(STAGES), f"asset graph groups: {groups}"
            screenshot(browser, "browser_1_asset_graph.png")

            backfill_id = launch_materialize_all(browser)
            assert dagster_dev.backfill_ids() - earlier_backfills == {backfill_id}
            backfill = wait_for(lambda: backfill_finished(dagster_dev, backfill_id), BACKFILL_TIMEOUT_SECONDS,
                                f"backfill {backfill_id} to succeed", interval=2, diagnostics=dagster_dev.log_tail)
            assert backfill["numPartitions"] == SHARD_COUNT

            # ... and the UI says so
            browser.get(f"{dagster_dev.url}/runs/b/{backfill_id}")
            wait(browser).until(EC.visibility_of_element_located(
                (By.XPATH, "//div[normalize-space()='Status']/following-sibling::div[normalize-space()='Succeeded']")))
            screenshot(browser, "browser_4_backfill_succeeded.png")

            assert article_ids(dagster_dev.warehouse / "newsfacts.duckdb", STORY), "the story is not in dim_article"
        except BaseException:
            try:
                print(f"screenshot of the page at the failure: {screenshot(browser, 'browser_failure.png')}")
                failed = [run for run in dagster_dev.runs(tags=[{"key": "dagster/backfill", "value": backfill_id}])
                          if run["status"] in FAILED_RUN] if backfill_id else []
                if failed:   # and what the UI says about the run that failed
                    browser.get(f"{dagster_dev.url}/runs/{failed[-1]['runId']}")
                    wait(browser).until(lambda driver: re.search(r"STEP_FAILURE|RUN_FAILURE|RUN_CANCELED",
                                                                  driver.find_element(By.TAG_NAME, "body").text))
                    print(f"screenshot of the failed run: {screenshot(browser, 'browser_failure_run.png')}")
            except WebDriverException as error:
                print(f"no screenshot of the failure: {error}")
            raise
        finally:
            for launched in dagster_dev.backfill_ids() - earlier_backfills:
                backfill_ended(dagster_dev, launched)
            (dagster_dev.inbox / STORY).unlink(missing_ok=True)   # gone before the inbox sensor runs again
