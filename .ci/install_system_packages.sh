#!/usr/bin/env bash
# Debian packages the browser tests need: headless Chromium and its matching chromedriver
# (tests/ui/ drives the Dagster UI and the report with Selenium through them; no browser is ever downloaded).
# Run by the tests themselves when the programs are missing (tests/system_programs.py).
# Idempotent and quiet: does nothing when both are already installed.
set -euo pipefail

packages=(chromium chromium-driver)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

bash "$(dirname "$0")/apt_install.sh" "${missing[@]}"
