#!/usr/bin/env bash
# The distributed crawl's benchmarks (not a test: it takes minutes), against Debian's redis-server on loopback:
#
#  1. Scaling: a loopback site that answers each page after 50 ms (bench/Scraper.RedisBench site: latency-bound, so
#     two CPUs are enough), crawled by 1, 2 and 4 worker processes on one Redis crawl, each with a per-domain
#     concurrency of 8 of its own (no shared limit), and the ratio to N x one worker's (target >= 0.8). Two rates:
#     the whole crawl's (all its pages over the time from the first worker's start to the last one's end: it includes
#     each process's start, whose JIT work N processes do at once on these two CPUs, and the crawl's tail), and the
#     rate while every worker crawls (the pages parsed between the last worker's first page and the first worker's
#     last page): what N workers on N machines add, the ratio's target.
#  2. The shared limit: the same with the per-domain limit of 8 shared in Redis: N workers together stay at one
#     worker's rate (the ratio to one worker should be about 1, never N); --shared-pages (default 3000) pages.
#  3. Overhead: bench/crawl's nginx site (../shared/bench, 64 concurrent, follow every link), one worker on Redis
#     against the in-memory engine, paired in each run (target >= 60%).
#
#   bench/redis/run.sh [--pages 12000] [--shared-pages 3000] [--latency-ms 50] [--runs 3] [--products 20000] [--skip-overhead] [--skip-scaling]
#
# Needs redis-server (and nginx-light for the overhead; both installed when missing, as root) and, for the overhead,
# the reference files in ../shared/bench (or SHARED=/path). Work files go to WORK (default /tmp/scraper-redis-bench).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
shared="${SHARED:-$repo/../shared/bench}"
work="${WORK:-/tmp/scraper-redis-bench}"
pages=12000 shared_pages=3000 latency=50 runs=3 products=20000 overhead=1 scaling=1
while [ $# -gt 0 ]; do
  case "$1" in
    --pages) pages="$2"; shift 2 ;;
    --shared-pages) shared_pages="$2"; shift 2 ;;
    --latency-ms) latency="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --products) products="$2"; shift 2 ;;
    --skip-overhead) overhead=0; shift ;;
    --skip-scaling) scaling=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

missing=()
for package in redis-server $([ "$overhead" = 1 ] && echo nginx-light); do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ "$overhead" = 0 ] || [ -f "$shared/gen_site.py" ] || { echo "reference files not found in $shared (set SHARED)" >&2; exit 2; }

mkdir -p "$work/results" "$work/redis" "$work/nginx/tmp"
# Free loopback ports, so the benchmark never crawls another program's server.
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# Published with ReadyToRun images, as a worker is deployed (a `scraper new` project publishes so): N worker processes
# starting at once on two CPUs would otherwise spend seconds of the measured crawl compiling the same code.
echo "Publishing Scraper.RedisBench (Release, ReadyToRun)"
dotnet publish -c Release -r "$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)" --self-contained false -p:PublishReadyToRun=true \
  -o "$work/bin" "$repo/bench/Scraper.RedisBench" -nologo -v q >/dev/null
bench="$work/bin/Scraper.RedisBench"

# Redis as a crawl would use it on one machine, without persistence (the benchmark measures the crawl, not the disk).
redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work/redis" --save "" --appendonly no --daemonize no --loglevel warning &
pids+=($!)
for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis="127.0.0.1:$redis_port"

results="$work/results/runs.jsonl"
: >"$results"

crawl() { # name, workers, extra options...: N worker processes on one fresh crawl, started together
  local name="$1" workers="$2"; shift 2
  local crawl_name="bench-$name-$workers-$RANDOM$RANDOM" files=() worker_pids=()
  for i in $(seq 1 "$workers"); do
    files+=("$work/results/$name-$workers-$i.json")
    "$bench" crawl --redis "$redis" --crawl "$crawl_name" --stats "${files[-1]}" "$@" >"$work/results/$name-$workers-$i.log" 2>&1 &
    worker_pids+=($!)
  done
  for pid in "${worker_pids[@]}"; do wait "$pid" || echo "a worker of $name x$workers exited with $?"; done
  /usr/bin/python3 - "$name" "$workers" "${files[@]}" >>"$results" <<'PY'
import json, sys
name, workers, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
rows = [json.load(open(f)) for f in files]
pages = sum(r["pages"] for r in rows)
seconds = (max(r["ended_ms"] for r in rows) - min(r["started_ms"] for r in rows)) / 1000
# While every worker crawls: from the last worker's first parsed page to the first worker's last one.
parsed = [r.get("parsed_ms") or [] for r in rows]
steady = None
if all(parsed):
    start, end = max(p[0] for p in parsed), min(p[-1] for p in parsed)
    if end > start:
        steady = sum(1 for p in parsed for t in p if start <= t <= end) / ((end - start) / 1000)
print(json.dumps({"case": name, "workers": workers, "pages": pages, "pages_per_s": pages / seconds, "steady_pages_per_s": steady,
                  "per_worker": [r["pages"] for r in rows],
                  "ok": all(r["outcome"] == "Completed" for r in rows), "redis_retries": sum(r["redis_retries"] for r in rows)}))
PY
}

if [ "$scaling" = 1 ]; then
  latency_site() { # pages: starts the latency site with that many pages; its base URL goes to $site_url
    local port; port=$(free_port)
    "$bench" site --port "$port" --pages "$1" --latency-ms "$latency" >"$work/results/site-$1.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
    curl -fs "http://127.0.0.1:$port/" | grep -q '<h1>0</h1>' || { echo "the latency site did not start: $(cat "$work/results/site-$1.log")" >&2; exit 1; }
    site_url="http://127.0.0.1:$port"
  }
  latency_site "$pages"; base="$site_url"
  latency_site "$shared_pages"; shared_base="$site_url"
  for run in $(seq 1 "$runs"); do
    echo "Scaling run $run of $runs ($pages pages, $latency ms each; $shared_pages with the shared limit)"
    # The in-memory engine on the same site (the shorter one: its rate is all it tells): what one process reaches
    # without Redis, the machine's own ceiling.
    "$bench" crawl --base "$shared_base" --per-domain 8 --concurrency 8 --stats "$work/results/latency-memory.json" >"$work/results/latency-memory.log" 2>&1 || echo "the in-memory crawl exited with $?"
    /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(json.dumps({"case": "latency-memory", "workers": 1, "pages": r["pages"], "pages_per_s": r["pages_per_s"], "ok": r["outcome"] == "Completed"}))' "$work/results/latency-memory.json" >>"$results"
    for workers in 1 2 4; do
      crawl own-limit "$workers" --base "$base" --per-domain 8 --concurrency 8
      crawl shared-limit "$workers" --base "$shared_base" --per-domain 8 --concurrency 8 --shared-limit
    done
  done
fi

if [ "$overhead" = 1 ]; then
  site="$work/site-$products"
  if [ ! -f "$site/expected_items.jsonl" ]; then
    echo "Generating the site ($products products)"
    timeout 600 /usr/bin/python3 "$shared/gen_site.py" --out "$site" --products "$products" >/dev/null
  fi
  port=$(free_port)
  sed -e "s|@PREFIX@|$work/nginx|g" -e "s|@ROOT@|$site/www|g" -e "s|@PORT@|$port|g" "$shared/nginx.conf.in" > "$work/nginx/nginx.conf"
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
  pids+=($!)
  for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
  for run in $(seq 1 "$runs"); do
    echo "Overhead run $run of $runs (nginx, $products products): in memory, then one worker on Redis"
    "$bench" crawl --base "http://127.0.0.1:$port" --bench-site --concurrency 64 --out "$work/results/memory-items.jsonl" --stats "$work/results/memory.json" >"$work/results/memory.log" 2>&1 || echo "the in-memory crawl exited with $?"
    /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(json.dumps({"case": "memory", "workers": 1, "pages": r["pages"], "pages_per_s": r["pages_per_s"], "ok": r["outcome"] == "Completed"}))' "$work/results/memory.json" >>"$results"
    crawl redis-nginx 1 --base "http://127.0.0.1:$port" --bench-site --concurrency 64 --out "$work/results/redis-items.jsonl"
    for output in memory redis; do
      echo "$output items: $(/usr/bin/python3 "$shared/check_items.py" "$work/results/$output-items.jsonl" "$site/expected_items.jsonl" | tail -1 | cut -c1-100)"
    done
  done
fi

/usr/bin/python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
def med(case, workers, key="pages_per_s"):
    values = [r[key] for r in rows if r["case"] == case and r["workers"] == workers and r.get(key)]
    return statistics.median(values) if values else None
print()
print(f"{'':34} {'whole crawl':>12} {'ratio':>6} {'all crawling':>13} {'ratio':>6}  all completed, pages per worker")
if med("latency-memory", 1):
    print(f"{'in-memory engine, one process':34} {med('latency-memory', 1):>12.1f}")
for case, label, target in (("own-limit", "own limit of 8 per worker", "N x one worker, target >= 0.8"),
                            ("shared-limit", "limit of 8 shared in Redis", "one worker's rate, target about 1")):
    one, one_steady = med(case, 1), med(case, 1, "steady_pages_per_s")
    if one is None:
        continue
    for workers in (1, 2, 4):
        rate, steady = med(case, workers), med(case, workers, "steady_pages_per_s")
        if rate is None:
            continue
        scale = workers if case == "own-limit" else 1
        ratio = rate / (one * scale)
        steady_text = f"{steady:>13.1f} {steady / (one_steady * scale):>6.2f}" if steady and one_steady else f"{'':>13} {'':>6}"
        ok = all(r["ok"] for r in rows if r["case"] == case and r["workers"] == workers)
        split = [r["per_worker"] for r in rows if r["case"] == case and r["workers"] == workers][-1]
        print(f"{label + f', {workers} worker(s)':34} {rate:>12.1f} {ratio:>6.2f} {steady_text}  {ok}, {split}")
    print(f"  (ratio: {target})")
memory, redis = med("memory", 1), med("redis-nginx", 1)
if memory and redis:
    pairs = [(b["pages_per_s"], a["pages_per_s"]) for a, b in zip([r for r in rows if r["case"] == "memory"], [r for r in rows if r["case"] == "redis-nginx"])]
    print(f"nginx site, in memory: {memory:.0f} pages/s; one worker on Redis: {redis:.0f} pages/s; Redis / memory x{redis / memory:.2f} "
          "(target >= 0.60); per run: " + ", ".join(f"{b / a:.2f}" for b, a in pairs))
PY
