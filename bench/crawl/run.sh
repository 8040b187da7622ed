#!/usr/bin/env bash
# The crawl benchmark: Scraper, Scrapy 2.8 and Crawlee 3 (CheerioCrawler) crawling the same generated shop, served by nginx on loopback,
# with wrk's ceiling on the same URLs and a hand-written baseline crawler (Scraper.CrawlBench --naive: HttpClient,
# AngleSharp, a channel and a concurrent set), alternating, in one run. Scraper runs as a native AOT executable
# (dotnet publish, as a crawl is deployed) and as the JIT build (dotnet build, as `dotnet run` runs it); the baseline
# runs from the same native executable. A user-style project (bench/Scraper.UserBench: a plain console spider as the
# README writes one, default settings plus the Scraper package's buildTransitive/Scraper.props, run as `dotnet run -c
# Release` runs it) is measured too: the speed a user gets. So is a project made by `scraper new` (the template, on the
# Generic Host) with only its spider's callbacks changed for this site (bench/crawl/generated/ProductsSpider.cs),
# pointed at it with `--url` and the benchmark's settings on its command line, run as `dotnet run -c Release` starts
# it (the build output) with the memory store and with its default SQLite job store, and as its published
# executable (`dotnet publish -c Release`). Prints medians of pages/s, CPU seconds per 1,000 pages and peak RSS, and
# Scraper's ratio to Scrapy. Not part of the tests (it takes minutes).
#
#   bench/crawl/run.sh [--products 20000] [--runs 3] [--login] [--skip-scrapy] [--skip-crawlee] [--baseline-ref REF] [--store sqlite]
#                      [--telemetry] [--skip-generated] [--generated-only]
#
# --generated-only runs only the native Scraper and the scraper new project's rows (no wrk, Scrapy, Crawlee, JIT build,
# user project or baseline), each generated row printed as its ratio to the native run of the same round: the short
# paired comparison of a change to the template, the hosting defaults or buildTransitive/Scraper.props.
#
# --store sqlite also runs the native Scraper with its frontier and duplicate filter in a SQLite job file (a resumable
# crawl, as the hosted worker runs by default) right after the in-memory one in every run, and prints the ratio.
#
# --telemetry also runs the native Scraper with metrics and traces on, as an operator turns them on in the worker
# (Scraper.CrawlBench --otlp: the meter and the activity sources Scraper and System.Net.Http, every trace sampled,
# exported over OTLP/HTTP with metrics every second) to a local nginx that accepts and drops them, right after the
# run with them off in every run, and prints the paired ratio and how many exports the sink received.
#
# --baseline-ref REF also publishes Scraper.CrawlBench as it was at git REF (for example the commit before a change)
# and runs it right after the current one in every run, so the two alternate on the same machine state: the paired
# comparison of a change's cost.
#
# Needs Debian's nginx-light, python3-scrapy, python3-aiohttp, wrk, nodejs + npm (Crawlee 3's @crawlee/cheerio is
# installed from npm into WORK), and clang + zlib1g-dev for the native build (installed when missing, as root) and the
# reference files in ../shared/bench (or SHARED=/path). Work files go to WORK (default /tmp/scraper-crawl-bench); the
# site is served on PORT (default 18080) and the telemetry sink on PORT + 4.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
shared="${SHARED:-$repo/../shared/bench}"
work="${WORK:-/tmp/scraper-crawl-bench}"
products=20000 runs=3 login=0 scrapy=1 crawlee=1 baseline_ref="" store=memory telemetry=0 generated=1 only_generated=0
while [ $# -gt 0 ]; do
  case "$1" in
    --products) products="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --login) login=1; shift ;;
    --skip-scrapy) scrapy=0; shift ;;
    --skip-crawlee) crawlee=0; shift ;;
    --baseline-ref) baseline_ref="$2"; shift 2 ;;
    --store) store="$2"; shift 2 ;;
    --telemetry) telemetry=1; shift ;;
    --skip-generated) generated=0; shift ;;
    --generated-only) only_generated=1 scrapy=0 crawlee=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -f "$shared/gen_site.py" ] || { echo "reference files not found in $shared (set SHARED)" >&2; exit 2; }

missing=()
for package in nginx-light python3-scrapy python3-aiohttp wrk clang zlib1g-dev; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
# Node may come with its own npm (NodeSource's nodejs); Debian's is two packages.
if [ "$crawlee" = 1 ] && ! { command -v node && command -v npm; } >/dev/null; then
  missing+=(nodejs npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

mkdir -p "$work/nginx/tmp" "$work/results"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "Building Scraper.CrawlBench (Release: the JIT build, and the native AOT executable)"
dotnet build -c Release "$repo/bench/Scraper.CrawlBench" -nologo -v q >/dev/null
jit_exe="$repo/bench/Scraper.CrawlBench/bin/Release/net10.0/Scraper.CrawlBench"
dotnet build -c Release "$repo/bench/Scraper.UserBench" -nologo -v q >/dev/null
user_exe="$repo/bench/Scraper.UserBench/bin/Release/net10.0/Scraper.UserBench"
timeout 900 dotnet publish -c Release "$repo/bench/Scraper.CrawlBench" -o "$work/native" -nologo -v q >/dev/null
bench_exe="$work/native/Scraper.CrawlBench"
if [ "$generated" = 1 ] && [ "$login" = 0 ]; then
  # As a user makes one: `scraper new`, the spider's callbacks written for the site, `dotnet build -c Release` (what
  # `dotnet run -c Release` builds and starts) and `dotnet publish -c Release`. Made fresh from the current sources.
  echo "Making a project with scraper new (BenchShop) and building it"
  rm -rf "$work/generated"
  dotnet run --project "$repo/src/Scraper.Cli" -c Release -- new BenchShop --output "$work/generated/BenchShop" --repo "$repo" >/dev/null
  cp "$repo/bench/crawl/generated/ProductsSpider.cs" "$work/generated/BenchShop/ProductsSpider.cs"
  dotnet build -c Release "$work/generated/BenchShop" -nologo -v q >/dev/null
  dotnet publish -c Release "$work/generated/BenchShop" -o "$work/generated/published" -nologo -v q >/dev/null
fi
generated_exe="$work/generated/BenchShop/bin/Release/net10.0/BenchShop"
if [ -n "$baseline_ref" ]; then
  echo "Publishing Scraper.CrawlBench at $baseline_ref (native AOT) for the paired comparison"
  rm -rf "$work/baseline-src"
  git -C "$repo" worktree prune
  git -C "$repo" worktree add --detach -f "$work/baseline-src" "$baseline_ref" >/dev/null
  timeout 900 dotnet publish -c Release "$work/baseline-src/bench/Scraper.CrawlBench" -o "$work/baseline-native" -nologo -v q >/dev/null
  git -C "$repo" worktree remove --force "$work/baseline-src"
fi

if [ "$crawlee" = 1 ]; then
  # The reference spider and its pinned package, installed once into the work folder.
  mkdir -p "$work/crawlee"
  cp "$shared/crawlee/bench.mjs" "$shared/crawlee/package.json" "$work/crawlee/"
  if [ ! -d "$work/crawlee/node_modules/@crawlee/cheerio" ]; then
    echo "Installing Crawlee 3 (@crawlee/cheerio) from npm"
    (cd "$work/crawlee" && timeout 600 npm install --no-audit --no-fund --silent >/dev/null)
  fi
fi

site="$work/site-$products"
if [ ! -f "$site/expected_items.jsonl" ]; then
  echo "Generating the site ($products products)"
  timeout 600 /usr/bin/python3 "$shared/gen_site.py" --out "$site" --products "$products" >/dev/null
fi

port="${PORT:-18080}"
sed -e "s|@PREFIX@|$work/nginx|g" -e "s|@ROOT@|$site/www|g" -e "s|@PORT@|$port|g" "$shared/nginx.conf.in" > "$work/nginx/nginx.conf"
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
server_pid=$!
base="http://127.0.0.1:$port"
if [ "$login" = 1 ]; then
  /usr/bin/python3 "$shared/login_app.py" --root "$site/www" --port 18081 --workers 2 >"$work/login_app.log" 2>&1 &
  pids+=($!)
  server_pid=$!
  base="http://127.0.0.1:18081"
fi
# The server shares the cores with the crawler: its CPU per page bounds what any crawler can reach.
server_ticks() { # user + system clock ticks of the server and its worker processes
  local total=0 pid
  for pid in "$server_pid" $(pgrep -P "$server_pid"); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
if [ "$telemetry" = 1 ]; then
  # An OTLP/HTTP collector that accepts every export and drops it (nginx answers 200 with no body, a valid empty
  # protobuf response); its access log counts the exports. A process of its own, outside the server's CPU.
  sink="http://127.0.0.1:$((port + 4))"
  mkdir -p "$work/sink/tmp"
  cat >"$work/sink/nginx.conf" <<NGINX
worker_processes 1;
pid $work/sink/nginx.pid;
error_log $work/sink/error.log warn;
events { worker_connections 1024; }
http {
    access_log $work/sink/access.log;
    client_max_body_size 64m;
    client_body_temp_path $work/sink/tmp/body;
    proxy_temp_path $work/sink/tmp/proxy;
    fastcgi_temp_path $work/sink/tmp/fastcgi;
    uwsgi_temp_path $work/sink/tmp/uwsgi;
    scgi_temp_path $work/sink/tmp/scgi;
    server {
        listen 127.0.0.1:$((port + 4));
        location / { return 200; }
    }
}
NGINX
  : >"$work/sink/access.log"
  nginx -p "$work/sink" -c "$work/sink/nginx.conf" -g 'daemon off;' &
  pids+=($!)
fi
for _ in $(seq 1 100); do curl -fs -o /dev/null "$base/login" 2>/dev/null || curl -fs -o /dev/null "$base/" && break; sleep 0.1; done

# wrk cycles over every page of the site.
(cd "$site/www" && find . -name '*.html' | sed 's|^\.||; s|/index\.html$|/|') > "$work/paths.txt"
cat > "$work/paths.lua" <<LUA
local paths, i = {}, 0
for line in io.lines("$work/paths.txt") do paths[#paths + 1] = line end
request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end
LUA

measure() { # name, items file, stats file, command...
  local name="$1" items="$2" stats="$3"; shift 3
  local before after
  before=$(server_ticks)
  /usr/bin/time -v -o "$work/results/$name.time" timeout 1800 "$@" >"$work/results/$name.log" 2>&1 || echo "$name exited with $?"
  after=$(server_ticks)
  local check
  check=$(/usr/bin/python3 "$shared/check_items.py" "$items" "$site/expected_items.jsonl" | tail -1)
  /usr/bin/python3 - "$name" "$stats" "$work/results/$name.time" "$check" "$(( (after - before) ))" "$(getconf CLK_TCK)" >>"$runs_file" <<'PY'
import json, re, sys
name, stats, timefile, check = sys.argv[1:5]
server_cpu = int(sys.argv[5]) / int(sys.argv[6])
if stats.endswith("runs.jsonl"):
    # A hosted project's run history: its last run, from its start to its end as the worker records them.
    from datetime import datetime
    r = json.loads(open(stats).read().splitlines()[-1])
    elapsed = (datetime.fromisoformat(r["endedAt"]) - datetime.fromisoformat(r["startedAt"])).total_seconds()
    s = {"pages": r["responses"], "items": r["items"], "pages_per_s": r["responses"] / elapsed if r["outcome"] == "Completed" else None}
else:
    s = json.load(open(stats))
t = open(timefile).read()
def field(label):
    return float(re.search(re.escape(label) + r":\s*([0-9.]+)", t).group(1))
cpu = field("User time (seconds)") + field("System time (seconds)")
pages = s.get("pages", 0)
print(json.dumps({"crawler": name.rsplit("-", 1)[0], "pages": pages, "items": s.get("items"), "pages_per_s": s.get("pages_per_s"),
                  "cpu_s_per_1000": cpu / pages * 1000 if pages else None, "rss_mib": field("Maximum resident set size (kbytes)") / 1024,
                  "server_cpu_s_per_1000": server_cpu / pages * 1000 if pages else None,
                  "exact": json.loads(check).get("ok", False)}))
PY
}

# One file per variant, so an anonymous and a login run leave both sets of raw numbers behind.
runs_file="$work/results/runs-$([ "$login" = 1 ] && echo login || echo anonymous).jsonl"
: >"$runs_file"
for run in $(seq 1 "$runs"); do
  echo "Run $run of $runs"
  if [ "$only_generated" = 0 ]; then
    wrk -t2 -c64 -d10s -s "$work/paths.lua" "$base" >"$work/results/wrk-$run.txt" 2>&1 || true
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/results/wrk-$run.txt")
    echo "{\"crawler\": \"wrk\", \"pages_per_s\": ${rps:-0}}" >>"$runs_file"
  fi
  if [ "$scrapy" = 1 ]; then
    rm -f "$work/results/scrapy-items.jsonl"
    (cd "$work/results" && measure "scrapy-$run" "$work/results/scrapy-items.jsonl" "$work/results/scrapy-stats.json" \
      /usr/bin/python3 -m scrapy runspider "$shared/benchsite_spider.py" -a base="$base" -a login="$login" \
      -a stats_out="$work/results/scrapy-stats.json" -O "$work/results/scrapy-items.jsonl:jsonlines")
  fi
  if [ "$crawlee" = 1 ] && [ "$login" = 0 ]; then
    # Crawlee prints its summary as the last line of its output; the wrapper keeps that line as the stats file.
    rm -f "$work/results/crawlee-items.jsonl"
    measure "crawlee-$run" "$work/results/crawlee-items.jsonl" "$work/results/crawlee-stats.json" \
      bash -c 'node "$1" "$2" "$3" 64 >"$4.out" && tail -n 1 "$4.out" >"$4"' _ "$work/crawlee/bench.mjs" "$base/" \
      "$work/results/crawlee-items.jsonl" "$work/results/crawlee-stats.json"
  fi
  login_flag=(); [ "$login" = 1 ] && login_flag=(--login)
  measure "scraper-$run" "$work/results/scraper-items.jsonl" "$work/results/scraper-stats.json" \
    "$bench_exe" --base "$base" --out "$work/results/scraper-items.jsonl" --stats "$work/results/scraper-stats.json" --concurrency 64 "${login_flag[@]}"
  if [ "$telemetry" = 1 ]; then
    exports_before=$(wc -l <"$work/sink/access.log")
    OTEL_METRIC_EXPORT_INTERVAL=1000 measure "scraper-otel-$run" "$work/results/scraper-items.jsonl" "$work/results/scraper-stats.json" \
      "$bench_exe" --base "$base" --out "$work/results/scraper-items.jsonl" --stats "$work/results/scraper-stats.json" --concurrency 64 --otlp "$sink" "${login_flag[@]}"
    echo "  telemetry sink: $(tail -n +$((exports_before + 1)) "$work/sink/access.log" | awk '$9 == 200 {print $7}' | sort | uniq -c | awk '{printf "%s %s exports, ", $1, $2}')"
  fi
  if [ "$store" = sqlite ]; then
    rm -f "$work/results/job.db" "$work/results/job.db-wal" "$work/results/job.db-shm"
    measure "scraper-sqlite-$run" "$work/results/scraper-items.jsonl" "$work/results/scraper-stats.json" \
      "$bench_exe" --base "$base" --out "$work/results/scraper-items.jsonl" --stats "$work/results/scraper-stats.json" --concurrency 64 --job "$work/results/job.db" "${login_flag[@]}"
  fi
  if [ -n "$baseline_ref" ]; then
    measure "scraper-base-$run" "$work/results/scraper-items.jsonl" "$work/results/scraper-stats.json" \
      "$work/baseline-native/Scraper.CrawlBench" --base "$base" --out "$work/results/scraper-items.jsonl" --stats "$work/results/scraper-stats.json" --concurrency 64 "${login_flag[@]}"
  fi
  if [ "$only_generated" = 0 ]; then
    measure "scraper-jit-$run" "$work/results/scraper-items.jsonl" "$work/results/scraper-stats.json" \
      "$jit_exe" --base "$base" --out "$work/results/scraper-items.jsonl" --stats "$work/results/scraper-stats.json" --concurrency 64 "${login_flag[@]}"
  fi
  if [ "$login" = 0 ]; then
    # The executable `dotnet run -c Release` starts, without the SDK's up-to-date check in the measured CPU.
    rm -f "$work/results/user-items.jsonl"
    [ "$only_generated" = 1 ] || measure "user-$run" "$work/results/user-items.jsonl" "$work/results/user-stats.json" \
      "$user_exe" "$base/" "$work/results/user-items.jsonl" "$work/results/user-stats.json"
    if [ "$generated" = 1 ]; then
      # The generated project, in a folder of its own (its output/ and state/ are relative to where it starts), with
      # the benchmark's settings (64 in flight, no delay, no robots.txt, no retries) on its command line; its run
      # history gives the pages and the time.
      settings=(--url "$base/" --Scraper:ConcurrentRequests=64 --Scraper:ConcurrentRequestsPerDomain=64 --Scraper:RandomizeDelay=false
        --Scraper:ObeyRobotsTxt=false --Scraper:Retry:MaxRetries=0 --Scraper:Session:ConnectionPool:MaxConnectionsPerServer=64)
      for variant in generated generated-sqlite generated-published; do
        rm -rf "$work/results/$variant" && mkdir -p "$work/results/$variant"
        exe="$generated_exe"
        store_setting=(--Scraper:Store=Memory)
        [ "$variant" = generated-published ] && exe="$work/generated/published/BenchShop"
        [ "$variant" = generated-sqlite ] && store_setting=()
        (cd "$work/results/$variant" && measure "$variant-$run" "$work/results/$variant/output/products.jsonl" "$work/results/$variant/state/runs.jsonl" \
          "$exe" "${settings[@]}" "${store_setting[@]}")
      done
    fi
    [ "$only_generated" = 1 ] || measure "naive-$run" "$work/results/naive-items.jsonl" "$work/results/naive-stats.json" \
      "$bench_exe" --naive --base "$base" --out "$work/results/naive-items.jsonl" --stats "$work/results/naive-stats.json" --concurrency 64
  fi
done

/usr/bin/python3 - "$runs_file" "$login" <<'PY'
import json, os, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
def med(crawler, key):
    values = [r[key] for r in rows if r["crawler"] == crawler and r.get(key) is not None]
    return statistics.median(values) if values else None
print()
print(f"Crawl benchmark ({'login variant' if sys.argv[2] == '1' else 'anonymous'}), medians of {len([r for r in rows if r['crawler'] == 'scraper'])} runs")
labels = {"scraper": "scraper (native AOT)", "scraper-sqlite": "scraper (SQLite job)", "scraper-jit": "scraper (JIT)", "scraper-base": "baseline ref (native)",
          "scraper-otel": "scraper (telemetry)", "user": "user project (JIT)", "generated": "scraper new (memory)",
          "generated-sqlite": "scraper new (SQLite)", "generated-published": "scraper new published"}
print(f"{'':22} {'pages/s':>10} {'CPU s/1000 pages':>17} {'peak RSS MiB':>13} {'exact items':>12} {'server CPU s/1000':>18}")
for crawler in ("wrk", "scrapy", "crawlee", "naive", "user", "generated", "generated-sqlite", "generated-published", "scraper-jit",
                "scraper-base", "scraper-sqlite", "scraper-otel", "scraper"):
    if med(crawler, "pages_per_s") is None:
        continue
    exact = all(r.get("exact", True) for r in rows if r["crawler"] == crawler) if crawler != "wrk" else "-"
    cpu, rss, server = med(crawler, "cpu_s_per_1000"), med(crawler, "rss_mib"), med(crawler, "server_cpu_s_per_1000")
    print(f"{labels.get(crawler, crawler):22} {med(crawler, 'pages_per_s'):>10.0f} {cpu if cpu is None else round(cpu, 2)!s:>17} "
          f"{rss if rss is None else round(rss)!s:>13} {exact!s:>12} {server if server is None else round(server, 2)!s:>18}")
if med("scrapy", "pages_per_s") and med("scraper", "pages_per_s"):
    print(f"Scraper / Scrapy: pages/s x{med('scraper', 'pages_per_s') / med('scrapy', 'pages_per_s'):.1f}, "
          f"CPU per page x{med('scraper', 'cpu_s_per_1000') / med('scrapy', 'cpu_s_per_1000'):.2f}, "
          f"peak RSS x{med('scraper', 'rss_mib') / med('scrapy', 'rss_mib'):.2f} (JIT build: pages/s "
          f"x{med('scraper-jit', 'pages_per_s') / med('scrapy', 'pages_per_s'):.1f}, peak RSS x{med('scraper-jit', 'rss_mib') / med('scrapy', 'rss_mib'):.2f})")
if med("crawlee", "pages_per_s") and med("scraper", "pages_per_s"):
    print(f"Scraper / Crawlee: pages/s x{med('scraper', 'pages_per_s') / med('crawlee', 'pages_per_s'):.1f}, "
          f"CPU per page x{med('scraper', 'cpu_s_per_1000') / med('crawlee', 'cpu_s_per_1000'):.2f}, "
          f"peak RSS x{med('scraper', 'rss_mib') / med('crawlee', 'rss_mib'):.2f} (JIT build: pages/s "
          f"x{med('scraper-jit', 'pages_per_s') / med('crawlee', 'pages_per_s'):.1f})")
if med("scraper", "server_cpu_s_per_1000"):
    # Client and server share the cores: with C and S CPU seconds per 1,000 pages, no crawl beats cores / (C + S).
    cores = os.cpu_count()
    ceiling = cores * 1000 / (med("scraper", "cpu_s_per_1000") + med("scraper", "server_cpu_s_per_1000"))
    print(f"CPU ceiling on these {cores} cores for Scraper's CPU per page against this server: {ceiling:.0f} pages/s")
if med("scraper-base", "pages_per_s") and med("scraper", "pages_per_s"):
    pairs = [(a["pages_per_s"], b["pages_per_s"]) for a, b in zip([r for r in rows if r["crawler"] == "scraper"], [r for r in rows if r["crawler"] == "scraper-base"])]
    print(f"Scraper / baseline ref (paired runs): pages/s x{med('scraper', 'pages_per_s') / med('scraper-base', 'pages_per_s'):.3f}, "
          f"CPU per page x{med('scraper', 'cpu_s_per_1000') / med('scraper-base', 'cpu_s_per_1000'):.3f}; per run: "
          + ", ".join(f"{a / b:.3f}" for a, b in pairs))
if med("scraper-sqlite", "pages_per_s") and med("scraper", "pages_per_s"):
    pairs = [(a["pages_per_s"], b["pages_per_s"]) for a, b in zip([r for r in rows if r["crawler"] == "scraper-sqlite"], [r for r in rows if r["crawler"] == "scraper"])]
    print(f"SQLite job / in memory (paired runs): pages/s x{med('scraper-sqlite', 'pages_per_s') / med('scraper', 'pages_per_s'):.3f}, "
          f"peak RSS x{med('scraper-sqlite', 'rss_mib') / med('scraper', 'rss_mib'):.2f}; per run: " + ", ".join(f"{a / b:.3f}" for a, b in pairs))
if med("user", "pages_per_s") and med("scraper", "pages_per_s"):
    print(f"User project (dotnet run -c Release) / native build: pages/s x{med('user', 'pages_per_s') / med('scraper', 'pages_per_s'):.2f}, "
          f"CPU per page x{med('user', 'cpu_s_per_1000') / med('scraper', 'cpu_s_per_1000'):.2f}")
def paired(crawler, label):
    # Each run's ratio to the native build's run just before it, and their median: the machine state they share.
    if not (med(crawler, "pages_per_s") and med("scraper", "pages_per_s")):
        return
    native = [r for r in rows if r["crawler"] == "scraper"]
    pairs = [(a, b) for a, b in zip([r for r in rows if r["crawler"] == crawler], native) if a.get("pages_per_s") and b.get("pages_per_s")]
    speed = [a["pages_per_s"] / b["pages_per_s"] for a, b in pairs]
    cpu = [a["cpu_s_per_1000"] / b["cpu_s_per_1000"] for a, b in pairs]
    print(f"{label} / native build (paired runs): pages/s x{statistics.median(speed):.3f}, CPU per page x{statistics.median(cpu):.3f}; "
          "per run: " + ", ".join(f"{v:.3f}" for v in speed))
paired("scraper-otel", "Metrics and traces on")
paired("generated", "scraper new project (memory store)")
paired("generated-sqlite", "scraper new project (SQLite store)")
paired("generated-published", "scraper new project, published (memory store)")
if med("naive", "pages_per_s") and med("scraper", "pages_per_s"):
    print(f"Scraper / hand-written baseline: pages/s x{med('scraper', 'pages_per_s') / med('naive', 'pages_per_s'):.2f}, "
          f"CPU per page x{med('scraper', 'cpu_s_per_1000') / med('naive', 'cpu_s_per_1000'):.2f}")
PY
