#!/usr/bin/env bash
# The rendering benchmark: the same demo-shop product pages crawled over plain HTTP and rendered in Debian's
# Chromium (pages/s each), the cost of the cookie sync a rendered request adds (push the jar's cookies into the
# browser context, pull the context's back), and the peak RSS of the rendered crawl, this process plus every
# Chromium process it started (sampled from /proc every 50 ms). Not part of the tests.
#
#   bench/render/run.sh [--pages 500] [--max-pages 4] [--syncs 300]
#
# Needs Debian's chromium package (test.sh installs it for the tests).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
command -v chromium >/dev/null || { echo "chromium is not installed: apt-get install chromium" >&2; exit 2; }
dotnet build -c Release -v q "$repo/bench/Scraper.RenderBench" >/dev/null
exec dotnet "$repo/bench/Scraper.RenderBench/bin/Release/net10.0/Scraper.RenderBench.dll" "$@"
