"""An S3 API server on localhost for the tests: moto's server mode (from the lock), on a free port, with the
standard AWS_* variables that point every client at it (s3fs through botocore, Polars, DuckDB's httpfs)."""
from __future__ import annotations

import contextlib
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.ui.running_dagster import free_port, stop_process_group, wait_for

MOTO_SERVER = Path(sys.executable).parent / "moto_server"
STARTUP_TIMEOUT_SECONDS = 30


@dataclass
class S3Server:
    endpoint: str

    @property
    def env(self) -> dict[str, str]:
        return {"AWS_ACCESS_KEY_ID": "newsfacts-test", "AWS_SECRET_ACCESS_KEY": "newsfacts-test",
                "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": self.endpoint}

    def filesystem(self):
        import s3fs

        return s3fs.S3FileSystem(key="newsfacts-test", secret="newsfacts-test", endpoint_url=self.endpoint,
                                 skip_instance_cache=True)

    def upload(self, files: list[Path], prefix: str) -> None:
        """Files into `bucket/prefix/<name>`, the bucket created when missing."""
        fs = self.filesystem()
        bucket = prefix.split("/")[0]
        if not fs.exists(bucket):
            fs.mkdir(bucket)
        for path in files:
            fs.put_file(str(path), f"{prefix}/{path.name}")


def answers(endpoint: str) -> bool:
    try:
        with urllib.request.urlopen(endpoint, timeout=1):
            return True
    except urllib.error.HTTPError:     # an answer all the same
        return True
    except OSError:
        return False


@contextlib.contextmanager
def running_s3_server(log: Path) -> Iterator[S3Server]:
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen([str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)], stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for(lambda: process.poll() is None and answers(endpoint), STARTUP_TIMEOUT_SECONDS, "moto's S3 server to answer",
                 interval=0.2, diagnostics=lambda: log.read_text(errors="replace")[-2000:])
        yield S3Server(endpoint)
    finally:
        stop_process_group(process)
