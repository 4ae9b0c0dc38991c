"""A refresh is cheap and right: its seconds against a full build's, and every view equal to a build from scratch.

    .venv/bin/python benchmarks/refresh_check.py [--stories 4000] [--repeat 3]

Builds the first 99 % of N Reuters-21578 stories once, then `--repeat` times: restores that warehouse (same
paths: source paths are absolute), adds the last 1 % as a new file and times `newsfacts build` (the refresh),
then times one more build with nothing new (the no-op refresh). Last, the refreshed warehouse's every view
(rows sorted) is compared with a from-scratch build of the same inbox at the same paths. Prints medians;
exits 1 when a view differs.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import polars as pl
from polars.testing import assert_frame_equal

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_benchmark import NEWSFACTS, stories_with_body  # noqa: E402


def build(root: Path) -> float:
    env = {**os.environ, "NEWSFACTS_INBOX": str(root / "inbox"), "NEWSFACTS_WAREHOUSE": str(root / "warehouse"),
           "DAGSTER_HOME": str(root / "dagster_home")}
    (root / "dagster_home").mkdir(exist_ok=True)
    (root / "dagster_home" / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    started = time.perf_counter()
    done = subprocess.run([str(NEWSFACTS), "build"], env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"newsfacts build failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def every_view(database: Path) -> dict[str, pl.DataFrame]:
    with duckdb.connect(str(database), read_only=True) as con:
        names = [n for (n,) in con.execute("select table_name from information_schema.tables where table_schema = 'main'").fetchall()]
        frames = {name: con.execute(f'select * from "{name}"').pl() for name in sorted(names)}
    return {name: frame.sort(frame.columns, nulls_last=True) if len(frame) else frame for name, frame in frames.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    lines = stories_with_body(args.stories)
    held_back = max(1, round(len(lines) * 0.01))
    with tempfile.TemporaryDirectory(prefix="newsfacts-refresh-") as tmp:
        work, base = Path(tmp) / "run", Path(tmp) / "base"
        (work / "inbox").mkdir(parents=True)
        (work / "inbox" / "stories.jsonl").write_text("".join(lines[:-held_back]))
        full = build(work)
        shutil.copytree(work, base, symlinks=True)
        refreshes, noops = [], []
        for _ in range(args.repeat):
            shutil.rmtree(work)
            shutil.copytree(base, work, symlinks=True)   # copy2: the inbox file keeps its times
            (work / "inbox" / "added.jsonl").write_text("".join(lines[-held_back:]))
            refreshes.append(build(work))
            noops.append(build(work))
        refreshed = every_view(work / "warehouse" / "newsfacts.duckdb")
        shutil.rmtree(work / "warehouse")
        shutil.rmtree(work / "dagster_home")
        scratch_seconds = build(work)
        scratch = every_view(work / "warehouse" / "newsfacts.duckdb")
    differing = []
    for name in sorted(set(refreshed) | set(scratch)):
        try:
            assert_frame_equal(refreshed[name], scratch[name])
        except (AssertionError, KeyError) as error:
            differing.append(name)
            print(f"DIFFERS {name}: {str(error)[:300]}")
    refresh = statistics.median(refreshes)
    print(json.dumps({
        "stories": len(lines) - held_back, "refresh_stories": held_back, "full_build_seconds": round(full, 1),
        "scratch_build_seconds": round(scratch_seconds, 1),
        "refresh_seconds": [round(s, 2) for s in refreshes], "refresh_median": round(refresh, 2),
        "refresh_share_of_full_build": round(refresh / full, 3),
        "noop_refresh_seconds": [round(s, 2) for s in noops], "noop_median": round(statistics.median(noops), 2),
        "views_compared": len(scratch), "views_differing": differing}, indent=2))
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
