"""A real `dagster dev` (webserver, daemon, code server) in its own process group, and ways to watch it.

It runs from the repository root with `-w workspace.yaml`, on a free localhost port, with
DAGSTER_HOME set to a temporary copy of dagster_home/dagster.yaml and an empty temporary inbox
and warehouse. The whole process group is killed at the end.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DAGSTER = Path(sys.executable).parent / "dagster"
LOAD_TIMEOUT_SECONDS = 90
SHUTDOWN_TIMEOUT_SECONDS = 20

WORKSPACE_QUERY = """{ workspaceOrError { __typename ... on Workspace { locationEntries {
    name loadStatus locationOrLoadError { __typename ... on PythonError { message } } } } } }"""
RUNS_QUERY = """query Runs($filter: RunsFilter) { runsOrError(filter: $filter) { __typename
    ... on Runs { results { runId jobName status tags { key value } } } } }"""
BACKFILL_QUERY = """query Backfill($id: String!) { partitionBackfillOrError(backfillId: $id) { __typename
    ... on PartitionBackfill { id status numPartitions } ... on PythonError { message } } }"""
BACKFILLS_QUERY = """{ partitionBackfillsOrError(limit: 100) { __typename ... on PartitionBackfills { results { id } } } }"""
CANCEL_BACKFILL = """mutation Cancel($id: String!) { cancelPartitionBackfill(backfillId: $id) { __typename
    ... on PythonError { message } } }"""
SENSORS_QUERY = """{ repositoriesOrError { __typename ... on RepositoryConnection { nodes { name location { name }
    sensors { name sensorState { id status ticks(limit: 1) { status timestamp } } } } } } }"""
STOP_SENSOR = """mutation Stop($id: String!) { stopSensor(id: $id) { __typename
    ... on StopSensorMutationResult { instigationState { status } } ... on PythonError { message } } }"""
START_SENSOR = """mutation Start($selector: SensorSelector!) { startSensor(sensorSelector: $selector) { __typename
    ... on Sensor { sensorState { status } } ... on PythonError { message } } }"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], object], timeout: float, what: str, interval: float = 1.0,
             diagnostics: Callable[[], str] = lambda: "") -> object:
    """Poll `condition` until it returns something truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}\n{diagnostics()}")
        time.sleep(interval)


@dataclass
class DagsterDev:
    url: str
    inbox: Path
    warehouse: Path
    home: Path
    log: Path
    process: subprocess.Popen

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        request = urllib.request.Request(f"{self.url}/graphql", data=json.dumps({"query": query, "variables": variables or {}}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())["data"]

    def runs(self, **run_filter) -> list[dict]:
        """Runs matching a GraphQL RunsFilter, newest first."""
        result = self.graphql(RUNS_QUERY, {"filter": run_filter})["runsOrError"]
        return result.get("results", [])

    def backfill(self, backfill_id: str) -> dict:
        """The backfill's id, status (REQUESTED while it runs, then COMPLETED_SUCCESS, COMPLETED_FAILED, ...)
        and number of partitions."""
        result = self.graphql(BACKFILL_QUERY, {"id": backfill_id})["partitionBackfillOrError"]
        assert result["__typename"] == "PartitionBackfill", result
        return result

    def backfill_ids(self) -> set[str]:
        """The ids of the newest (up to 100) backfills."""
        return {backfill["id"] for backfill in self.graphql(BACKFILLS_QUERY)["partitionBackfillsOrError"]["results"]}

    def cancel_backfill(self, backfill_id: str) -> None:
        result = self.graphql(CANCEL_BACKFILL, {"id": backfill_id})["cancelPartitionBackfill"]
        assert result["__typename"] == "CancelBackfillSuccess", result

    def sensor(self, name: str) -> dict:
        """A sensor's selector (for startSensor), state id (for stopSensor), status and newest tick."""
        nodes = self.graphql(SENSORS_QUERY)["repositoriesOrError"]["nodes"]
        for repository in nodes:
            for sensor in repository["sensors"]:
                if sensor["name"] == name:
                    state = sensor["sensorState"]
                    return {"selector": {"repositoryLocationName": repository["location"]["name"],
                                         "repositoryName": repository["name"], "sensorName": name},
                            "id": state["id"], "status": state["status"], "last_tick": (state["ticks"] or [None])[0]}
        raise AssertionError(f"no sensor named {name!r} in the workspace")

    def stop_sensor(self, name: str) -> None:
        result = self.graphql(STOP_SENSOR, {"id": self.sensor(name)["id"]})["stopSensor"]
        assert result["__typename"] == "StopSensorMutationResult", result

    def start_sensor(self, name: str) -> None:
        result = self.graphql(START_SENSOR, {"selector": self.sensor(name)["selector"]})["startSensor"]
        assert result["__typename"] == "Sensor", result

    def log_tail(self, lines: int = 60) -> str:
        text = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        return "--- dagster dev log (tail) ---\n" + "\n".join(text[-lines:])

    def location_loaded(self) -> bool:
        assert self.process.poll() is None, f"dagster dev exited with {self.process.returncode}\n{self.log_tail()}"
        try:
            entries = self.graphql(WORKSPACE_QUERY)["workspaceOrError"]["locationEntries"]
        except (urllib.error.URLError, ConnectionError, TimeoutError, KeyError, TypeError):
            return False   # not listening yet
        errors = [e["locationOrLoadError"] for e in entries if (e["locationOrLoadError"] or {}).get("__typename") == "PythonError"]
        assert not errors, f"code location failed to load: {errors}"
        return bool(entries) and all(e["loadStatus"] == "LOADED" and e["locationOrLoadError"] for e in entries)


def stop_process_group(process: subprocess.Popen) -> None:
    """SIGTERM the whole group (webserver, daemon, code server, run workers), then SIGKILL what is left."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=SHUTDOWN_TIMEOUT_SECONDS)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)   # children that outlived their parent
    except ProcessLookupError:
        pass
    process.wait(timeout=SHUTDOWN_TIMEOUT_SECONDS)
