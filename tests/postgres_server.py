"""A throwaway PostgreSQL server for the tests: Debian's postgresql (installed by
.ci/install_postgres_packages.sh when missing), a new cluster in a temporary folder, on a free localhost
port, trusting local connections. PostgreSQL refuses to run as root: as root the cluster belongs to the
`postgres` user the package creates, and its programs run as that user."""
from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.running_dagster import free_port, stop_process_group, wait_for

STARTUP_TIMEOUT_SECONDS = 30


def postgres_bin() -> Path:
    """The newest installed server's bin folder, installing postgresql from Debian when there is none."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        from tests.system_programs import ensure_installed

        ensure_installed(["/usr/lib/postgresql"], "install_postgres_packages.sh")
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        pytest.fail("no initdb under /usr/lib/postgresql after .ci/install_postgres_packages.sh")
    return Path(found[-1]).parent


def as_server_user(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextlib.contextmanager
def running_postgres(databases: list[str], log: Path) -> Iterator[str]:
    """A server with these databases; yields its base URL (`postgresql://postgres@127.0.0.1:<port>`)."""
    bin_dir = postgres_bin()
    folder = Path(tempfile.mkdtemp(prefix="newsfacts-postgres-"))   # not under pytest's root-only tmp folder
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(sockets, "postgres")
    port = free_port()
    url = f"postgresql://postgres@127.0.0.1:{port}"
    process = None
    try:
        subprocess.run(as_server_user([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                       "--no-sync", "-E", "UTF8"]), check=True, capture_output=True, timeout=120)
        with log.open("wb") as out:
            process = subprocess.Popen(as_server_user([
                str(bin_dir / "postgres"), "-D", str(data), "-p", str(port), "-k", str(sockets),
                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"]),
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        ready = [str(bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"]
        wait_for(lambda: process.poll() is None and subprocess.run(ready, capture_output=True).returncode == 0,
                 STARTUP_TIMEOUT_SECONDS, "postgres to accept connections", interval=0.2,
                 diagnostics=lambda: log.read_text(errors="replace")[-2000:])
        for database in databases:
            subprocess.run([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", database],
                           check=True, capture_output=True, timeout=60)
        yield url
    finally:
        if process is not None:
            stop_process_group(process)
        shutil.rmtree(folder, ignore_errors=True)
