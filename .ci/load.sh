#!/usr/bin/env bash
# Load test of the reading room on loopback, bounded in time. Needs wrk
# (Debian's package; installed when missing). Measures, at 32 connections:
# the home page, a document page, the timeline and a typical search, and
# side by side with them a bare net/http handler writing the document
# page's bytes from memory (cmd/loadbaseline); then a long run on the
# document page while sampling the server's resident memory.
#
#   bash .ci/load.sh [SECONDS_PER_ENDPOINT] [SOAK_SECONDS]
set -euo pipefail
per=${1:-10}
soak=${2:-60}
conns=32
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/readingroom" ./cmd/readingroom
go build -o "$work/loadbaseline" ./cmd/loadbaseline
site=127.0.0.1:18439
base=127.0.0.1:18440
"$work/readingroom" serve -addr "$site" >"$work/site.out" 2>/dev/null &
pid=$!
for _ in $(seq 1 200); do curl -sf "http://$site/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
doc=/documents/1946-12-02-message-from-bagirov-to-stalin-with-reply-of-the-azerbaijani-democrats
"$work/loadbaseline" -addr "$base" -from "http://$site$doc" >"$work/base.out" &
for _ in $(seq 1 100); do curl -sf "http://$base/" >/dev/null 2>&1 && break; sleep 0.1; done

echo "wrk -t2 -c$conns -d${per}s --latency, $(nproc) cores shared by wrk and the server"
printf '%-28s %10s %8s %8s %8s %8s %7s\n' endpoint req/s p50 p90 p99 max errors
measure() { # name url
  local out
  out=$(wrk -t2 -c"$conns" -d"${per}s" --latency "$2")
  local rps p50 p90 p99 max errs
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p90=$(awk '$1=="90%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  max=$(awk '/Latency/ {print $4; exit}' <<<"$out")
  errs=$(awk '/Non-2xx|Socket errors/ {e=e $0 "; "} END {print (e=="" ? 0 : e)}' <<<"$out")
  printf '%-28s %10s %8s %8s %8s %8s %7s\n' "$1" "$rps" "$p50" "$p90" "$p99" "$max" "$errs"
  last_rps=$rps
}
# The bare handler and the document page alternate three times, since
# throughput on two shared cores drifts by a tenth from run to run.
bare_total=0
doc_total=0
for round in 1 2 3; do
  measure "bare handler (same bytes)" "http://$base/"
  bare_total=$(awk -v a="$bare_total" -v b="$last_rps" 'BEGIN { print a + b }')
  measure "document page" "http://$site$doc"
  doc_total=$(awk -v a="$doc_total" -v b="$last_rps" 'BEGIN { print a + b }')
done
measure "home page" "http://$site/"
measure "timeline" "http://$site/timeline"
measure "search: Qavam" "http://$site/search?q=Qavam"
measure "search: faceted, filtered" "http://$site/search?q=government&person=qavam&sort=oldest"
awk -v d="$doc_total" -v b="$bare_total" 'BEGIN { printf "document page / bare handler, mean of 3 rounds: %.1f%%\n", 100 * d / b }'

echo
echo "soak: ${soak}s on the document page; resident memory every 10 s (MiB):"
wrk -t2 -c"$conns" -d"${soak}s" "http://$site$doc" >"$work/soak.out" &
w=$!
rss=()
for _ in $(seq 1 $((soak / 10))); do
  sleep 10
  rss+=("$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$pid/status)")
done
wait $w
echo "  ${rss[*]}"
awk '/Requests\/sec|Non-2xx|Socket errors/' "$work/soak.out" | sed 's/^/  /'
kill "$pid"
