"""Programs from Debian that some tests drive for real — headless Chromium and its chromedriver, and
redis-server — installed on first use by the project's own scripts (.ci/install_*.sh: apt-get, as root or
through sudo). So the README's test command passes on a fresh Debian machine that has only Python: nothing
but Debian's packages is ever installed, and a machine that has the programs installs nothing."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
INSTALL_TIMEOUT_SECONDS = 900   # apt-get update and install of Chromium: about a minute here


def missing(programs: list[str]) -> list[str]:
    """The programs (absolute paths, or names looked up on PATH) that are not there."""
    return [p for p in programs if not (Path(p).exists() if os.path.isabs(p) else shutil.which(p))]


def ensure_installed(programs: list[str], script: str) -> None:
    """Run .ci/<script> when any of the programs is missing; fail the test with what went wrong if it cannot."""
    if not missing(programs):
        return
    if not shutil.which("apt-get") or (os.geteuid() != 0 and not shutil.which("sudo")):
        pytest.fail(f"{', '.join(missing(programs))} missing, and this machine cannot install Debian packages "
                    f"(apt-get as root or through sudo): install them as .ci/{script} does")
    out = subprocess.run(["bash", str(REPO / ".ci" / script)], capture_output=True, text=True,
                         timeout=INSTALL_TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
    if out.returncode != 0 or missing(programs):
        pytest.fail(f".ci/{script} (exit {out.returncode}) left {', '.join(missing(programs))} missing:\n"
                    f"{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
