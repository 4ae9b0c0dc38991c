"""The raw stage reads an inbox file again only when it changed: a kept read is found by the file's version
(size, times, inode) or, failing that, by its bytes, and gives exactly what reading the file gives."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import pipeline.defs.raw.assets as raw_assets
from pipeline.defs.partitions import SHARD_KEYS
from pipeline.defs.raw.assets import read_shards

STORIES = [{"id": f"s{i}", "title": f"Story {i}", "body": f"The government of France said on day {i} that the "
                                                             "budget deficit would be cut by two billion francs."}
           for i in range(12)]


def write_inbox(inbox: Path) -> None:
    inbox.mkdir(exist_ok=True)
    (inbox / "stories.jsonl").write_text("".join(json.dumps(s) + "\n" for s in STORIES) + "not json\n")
    (inbox / "note.txt").write_text("Paris, March 3 - France and Germany signed a trade agreement on Tuesday, "
                                    "the two governments said in a joint statement.\n")
    (inbox / "empty.txt").write_text("")


def as_plain(read) -> dict:
    return {shard: (got.articles, got.rejects, got.files) for shard, got in read.items()}


@pytest.fixture
def reads(tmp_path, monkeypatch):
    """read_shards over an inbox with a warehouse root, and how many files it really read."""
    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    write_inbox(inbox)
    calls = []
    real = raw_assets.read_file

    def counting(path, *args, **kwargs):
        calls.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(raw_assets, "read_file", counting)

    def run(shards=SHARD_KEYS, cache=True):
        calls.clear()
        got = as_plain(read_shards(str(inbox), list(shards), warehouse_root=str(warehouse) if cache else None))
        return got, sorted(calls)
    return inbox, run


def test_an_unchanged_inbox_is_not_read_again_and_reads_the_same(reads):
    inbox, run = reads
    first, read_first = run()
    assert read_first == ["empty.txt", "note.txt", "stories.jsonl"]
    again, read_again = run()
    assert read_again == [] and again == first
    assert run(cache=False)[0] == first


def test_a_touched_file_with_the_same_bytes_is_found_by_its_content(reads):
    inbox, run = reads
    first, _ = run()
    stat = os.stat(inbox / "stories.jsonl")
    os.utime(inbox / "stories.jsonl", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    again, read_again = run()
    assert read_again == [] and again == first


def test_a_changed_file_is_read_again(reads):
    inbox, run = reads
    run()
    with (inbox / "stories.jsonl").open("a") as out:
        out.write(json.dumps({"id": "new", "body": "Japan and the United States agreed on a new trade pact today."}) + "\n")
    again, read_again = run()
    assert read_again == ["stories.jsonl"]
    assert again == run(cache=False)[0]
    assert any(a["source_id"] == "new" for articles, _, _ in again.values() for a in articles)


def test_a_removed_file_is_forgotten(reads):
    inbox, run = reads
    run()
    (inbox / "note.txt").unlink()
    again, _ = run()
    assert again == run(cache=False)[0]
    (inbox / "note.txt").write_text("A new text under an old name, about Canada and its budget for the year.\n")
    third, read_third = run()
    assert read_third == ["note.txt"] and third == run(cache=False)[0]


def test_a_run_of_some_shards_takes_its_lines_from_a_whole_read(reads):
    _, run = reads
    run()
    some = SHARD_KEYS[:3]
    part, read_part = run(some)
    assert read_part == [] and part == run(some, cache=False)[0]


def test_a_symlink_pointed_elsewhere_is_read_again(reads, tmp_path):
    inbox, run = reads
    outside = tmp_path / "outside.txt"
    outside.write_text("Tokyo, May 2 - Japan said its trade surplus with the United States widened in April.\n")
    (inbox / "linked.txt").symlink_to(outside)
    first, _ = run()
    assert any(r["reason"] == "outside_inbox" for _, rejects, _ in first.values() for r in rejects)
    (inbox / "linked.txt").unlink()
    os.link(outside, inbox / "copy.txt")                            # the same file (inode, bytes), now inside
    (inbox / "linked.txt").symlink_to(inbox / "copy.txt")
    again, read_again = run()
    assert "linked.txt" in read_again and again == run(cache=False)[0]
