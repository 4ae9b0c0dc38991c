"""A real news web page for the ingestion tests: CNN's article page shipped in newspaper4k's source
distribution (tests/data/html/cnn_article.html), with the site's navigation, scripts, ads and share bar.

The sdist is fetched once with pip (the package index is reachable in CI), verified by its sha256 and
cached; only the one page is read out of it, nothing is installed.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from pipeline.star_files import file_sha256

SDIST_REQUIREMENT = "newspaper4k==0.9.6"
SDIST_FILE_NAME = "newspaper4k-0.9.6.tar.gz"
SDIST_SHA256 = "a3f2f0e017dddb6f1019ee77aaa8980e13e6ecea0b949abc7167aae4770d2d0e"
CNN_PAGE_MEMBER = "newspaper4k-0.9.6/tests/data/html/cnn_article.html"

# What the page says about itself (its <title>/og metadata and URL date), and markup around the story.
CNN_TITLE = "After storm, forecasters see smooth sailing for Thanksgiving"
CNN_DATE = dt.date(2013, 11, 27)
CNN_FIRST_REPORTED_SENTENCE = "The Pennsylvania official was just talking about one area"
CNN_NAVIGATION_ITEMS = frozenset({"Home", "Video", "World", "U.S.", "Africa", "Asia", "Europe", "Latin America",
                                  "Middle East", "Business", "World Sport", "Entertainment", "Tech", "Travel",
                                  "iReport", "EDITION: INTERNATIONAL", "Log in"})
CNN_MARKUP_LEFTOVERS = ("cnnad_createAd", "cnn_shareconfig", "function(", "var ", "typeof", "</", "/>", "{\"",
                        "SHARE THIS", "StumbleUpon", "Delicious", "More sharing", "disqus", "Advertisement")


def default_cache_dir() -> Path:
    return Path(os.environ.get("NEWSFACTS_TEST_CACHE") or Path.home() / ".cache" / "newsfacts-tests")


def newspaper4k_sdist(cache_dir: Path) -> Path:
    """The verified sdist, downloaded into cache_dir unless a verified copy is already there."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached = cache_dir / SDIST_FILE_NAME
    if cached.is_file() and file_sha256(cached) == SDIST_SHA256:
        return cached
    with tempfile.TemporaryDirectory(dir=cache_dir) as download_dir:
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                   SDIST_REQUIREMENT, "-d", download_dir]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        downloaded = Path(download_dir) / SDIST_FILE_NAME
        if done.returncode != 0 or not downloaded.is_file():
            raise RuntimeError(f"could not download {SDIST_REQUIREMENT} with pip: {done.stderr.strip()[-2000:]}")
        if (actual := file_sha256(downloaded)) != SDIST_SHA256:
            raise RuntimeError(f"{SDIST_FILE_NAME} has sha256 {actual}, expected {SDIST_SHA256}: not the file we know")
        os.replace(downloaded, cached)                  # a half-downloaded file never gets the cached name
    return cached


def cnn_article_page(cache_dir: Path | None = None) -> bytes:
    """The bytes of the real CNN article page, read straight out of the verified tarball."""
    with tarfile.open(newspaper4k_sdist(cache_dir or default_cache_dir()), "r:gz") as tar:
        member = tar.extractfile(CNN_PAGE_MEMBER)
        assert member is not None, f"{CNN_PAGE_MEMBER} missing from {SDIST_FILE_NAME}"
        return member.read()
