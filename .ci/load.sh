#!/usr/bin/env bash
# Load test of the reading room on loopback, bounded in time. Needs wrk
# (Debian's package; installed when missing) and taskset (util-linux).
#
#   bash .ci/load.sh [SECONDS_PER_ENDPOINT] [SOAK_SECONDS] [ROUNDS]
#
# 1. The document page against bare net/http handlers (cmd/loadbaseline)
#    writing, from memory, the page's response fetched once: "same bytes"
#    sends the page's own header fields and body (the yardstick of issue
#    #7: the difference is the work of the reading room), "body only" the
#    body with just Content-Type and Content-Length (the difference adds
#    the cost of the page's header fields). wrk asks all three for the same
#    path, -t2 -c32. The conditions are the same for all three:
#    * the bare handlers' http.Server has the reading room's settings
#      (read-header, read, write and idle timeouts, header size limit), so
#      that only the work per request differs (-server default drops them);
#    * on two or more cores, every server is pinned to CPU 1 (so each runs
#      with GOMAXPROCS=1) and wrk to CPU 0: no server competes with wrk for
#      a core, so the ratio is that of the servers' own costs (unpinned,
#      wrk's share of the cores hides part of the gap);
#    * they take turns in ROUNDS rounds (default 5), the order rotating
#      each round, so that a drift of the machine weighs on all alike; the
#      figure is the median of the rounds' ratios;
#    * each run reports the CPU that other processes used meanwhile (the
#      machine's busy time less the server's and wrk's); a round in which
#      others used more than 5% of a core is thrown away and measured again
#      a minute later (up to five times, then kept and marked *).
#    The machine itself also drifts, by up to 40% for half a minute at a
#    time, which no process here accounts for (a virtual machine's host).
#    So the document page and the same-bytes handler are then measured
#    side by side: loaded at the same time, both on CPU 1, each by its own
#    wrk (-t2 -c32) on CPU 0, for ROUNDS rounds. Each server's throughput
#    is divided by its own CPU time (from /proc/PID/task/*/schedstat):
#    requests per CPU-second, what it would serve on a core of its own.
#    Whatever slows the machine slows both at the same moment, so this
#    ratio varies by a few points where the ratio of runs taken in turns
#    varies by tens.
# 1b. The search page against a bare handler writing its bytes (issue #20),
#    as in 1 (pinned, in turns, ROUNDS rounds): a search asked again and
#    again, the same URL, so the figure is that of a repeated search. Run
#    alone with ONLY=search (then SOAK_SECONDS is not used).
# 2. The document page, the home page, the timeline and two searches, then
#    a soak on the document page while sampling the server's resident
#    memory. This part runs the server unpinned, wrk and the server sharing
#    the cores, as a deployment on a small machine would.
set -euo pipefail
per=${1:-10}
soak=${2:-60}
rounds=${3:-5}
conns=32
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/readingroom" ./cmd/readingroom
go build -o "$work/loadbaseline" ./cmd/loadbaseline
site=127.0.0.1:18439
base=127.0.0.1:18440
base2=127.0.0.1:18441
doc=/documents/1946-12-02-message-from-bagirov-to-stalin-with-reply-of-the-azerbaijani-democrats

if [ "$(nproc)" -ge 2 ]; then
  client=(taskset -c 0)
  server=(taskset -c 1)
  layout="wrk on CPU 0, each server on CPU 1"
else
  client=()
  server=()
  layout="one core shared by wrk and the server"
fi

start_site() { # [command prefix...]
  "$@" "$work/readingroom" serve -addr "$site" >"$work/site.out" 2>/dev/null &
  pid=$!
  for _ in $(seq 1 300); do curl -sf "http://$site/readyz" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "the reading room did not start" >&2
  exit 1
}

# busy is the CPU time, in clock ticks, that the machine spent on anything
# but idling; ticks is a process's.
hz=$(getconf CLK_TCK)
busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

header() { printf '%-28s %10s %8s %8s %8s %8s %7s %7s\n' endpoint req/s p50 p90 p99 max errors others; }
measure() { # name url server-pid [wrk prefix...]
  local name=$1 url=$2 spid=$3
  shift 3
  local b0 s0 out b1 s1 rps p50 p90 p99 max errs wrk_cpu
  b0=$(busy)
  s0=$(ticks "$spid")
  # times prints, after wrk, the CPU time of the subshell's children: wrk's.
  out=$("$@" wrk -t2 -c"$conns" -d"${per}s" --latency "$url"; times)
  b1=$(busy)
  s1=$(ticks "$spid")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p90=$(awk '$1=="90%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  max=$(awk '/Latency/ {print $4; exit}' <<<"$out")
  errs=$(awk '/Non-2xx|Socket errors/ {e=e $0 "; "} END {print (e=="" ? 0 : e)}' <<<"$out")
  wrk_cpu=$(tail -1 <<<"$out" | awk '{split($1, u, /[ms]/); split($2, s, /[ms]/); print u[1]*60 + u[2] + s[1]*60 + s[2]}')
  # Others' share of one core during the run, in percent.
  others=$(awk -v b="$((b1 - b0))" -v s="$((s1 - s0))" -v w="$wrk_cpu" -v hz="$hz" -v t="$per" \
    'BEGIN { o = 100 * ((b - s) / hz - w) / t; printf "%.1f", (o < 0 ? 0 : o) }')
  printf '%-28s %10s %8s %8s %8s %8s %7s %6s%%\n' "$name" "$rps" "$p50" "$p90" "$p99" "$max" "$errs" "$others"
  last_rps=$rps
}
quiet() { awk -v o="$others" 'BEGIN { exit !(o <= 5) }'; }

search_part() {
  local q="/search?q=Tabriz"
  echo "1b. search page $q against a bare handler writing its bytes: wrk -t2 -c$conns -d${per}s --latency, $layout"
  header
  start_site "${server[@]}"
  local spid=$pid
  "${server[@]}" "$work/loadbaseline" -addr "$base" -headers all -from "http://$site$q" >"$work/base-search.out" &
  local bpid=$!
  for _ in $(seq 1 100); do curl -sf "http://$base$q" >/dev/null 2>&1 && break; sleep 0.1; done
  local snames=("bare: same bytes" "search page") surls=("http://$base$q" "http://$site$q") spids=("$bpid" "$spid")
  for i in 0 1; do "${client[@]}" wrk -t2 -c"$conns" -d2s "${surls[$i]}" >/dev/null; done
  local sratios=() round k i
  for round in $(seq 1 "$rounds"); do
    for k in 0 1; do
      i=$(((round + k) % 2))
      measure "${snames[$i]}" "${surls[$i]}" "${spids[$i]}" "${client[@]}"
      got[$i]=$last_rps
    done
    sratios+=("$(awk -v d="${got[1]}" -v b="${got[0]}" 'BEGIN { printf "%.1f", 100 * d / b }')")
    echo "  round $round: search page / bare, same bytes: ${sratios[-1]}%"
  done
  printf '%s\n' "${sratios[@]}" | median "search page / bare handler (same bytes)"
  kill "$spid" "$bpid"
  wait "$spid" "$bpid" 2>/dev/null || true
  echo
}
if [ "${ONLY:-}" = search ]; then
  median() { # label; the ratios on standard input, one a line
    sort -n | awk -v label="$1" '{ r[NR] = $1 } END {
      m = (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
      printf "%s, median of %d rounds: %.1f%% (range %.1f-%.1f%%)\n", label, NR, m, r[1], r[NR] }'
  }
  search_part
  exit 0
fi

echo "1. document page against bare handlers: wrk -t2 -c$conns -d${per}s --latency, $layout"
header
start_site "${server[@]}"
site_pid=$pid
"${server[@]}" "$work/loadbaseline" -addr "$base" -headers all -from "http://$site$doc" >"$work/base.out" &
same_pid=$!
"${server[@]}" "$work/loadbaseline" -addr "$base2" -headers minimal -from "http://$site$doc" >"$work/base2.out" &
min_pid=$!
for _ in $(seq 1 100); do curl -sf "http://$base$doc" >/dev/null 2>&1 && curl -sf "http://$base2$doc" >/dev/null 2>&1 && break; sleep 0.1; done
names=("bare: same bytes" "bare: body only" "document page")
urls=("http://$base$doc" "http://$base2$doc" "http://$site$doc")
pids=("$same_pid" "$min_pid" "$site_pid")
# Warm all three up (connections, caches, the heap's size) before measuring.
for i in 0 1 2; do "${client[@]}" wrk -t2 -c"$conns" -d2s "${urls[$i]}" >/dev/null; done
ratios=()
for round in $(seq 1 "$rounds"); do
  for try in 1 2 3 4 5 6; do
    clean=y
    for k in 0 1 2; do
      i=$(((round + k) % 3))
      measure "${names[$i]}" "${urls[$i]}" "${pids[$i]}" "${client[@]}"
      got[$i]=$last_rps
      quiet || clean=n
    done
    [ "$clean" = y ] && break
    if [ "$try" = 6 ]; then
      echo "  (other processes used the CPU in every try: round $round kept, marked *)"
      break
    fi
    echo "  (other processes used the CPU: round $round measured again in 60 s)"
    sleep 60
  done
  mark=$([ "$clean" = y ] && echo "" || echo "*")
  ratio=$(awk -v d="${got[2]}" -v b="${got[0]}" 'BEGIN { printf "%.1f", 100 * d / b }')
  ratio2=$(awk -v d="${got[2]}" -v b="${got[1]}" 'BEGIN { printf "%.1f", 100 * d / b }')
  ratios+=("$ratio $ratio2")
  echo "  round $round$mark: document page / bare, same bytes: $ratio%; / bare, body only: $ratio2%"
done
median() { # label; the ratios on standard input, one a line
  sort -n | awk -v label="$1" '{ r[NR] = $1 } END {
    m = (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
    printf "%s, median of %d rounds: %.1f%% (range %.1f-%.1f%%)\n", label, NR, m, r[1], r[NR] }'
}
printf '%s\n' "${ratios[@]}" | cut -d' ' -f1 | median "document page / bare handler (same bytes)"
printf '%s\n' "${ratios[@]}" | cut -d' ' -f2 | median "document page / bare handler (body only)"

echo
echo "   side by side: the document page and the bare handler (same bytes) loaded at the same"
echo "   time on the same CPU, each by its own wrk; requests per second of each server's own CPU time"
cpu_ms() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ t += $1 } END { printf "%.0f", t / 1e6 }'; }
# children_cpu sets cc to the CPU seconds of the script's finished
# children (times must run in this shell, not in a subshell).
children_cpu() {
  times >"$work/times"
  cc=$(tail -1 "$work/times" | awk '{split($1, u, /[ms]/); split($2, s, /[ms]/); print u[1]*60 + u[2] + s[1]*60 + s[2]}')
}
side=()
for round in $(seq 1 "$rounds"); do
  for try in 1 2 3 4 5 6; do
    children_cpu
    w0=$cc d0=$(cpu_ms "$site_pid") s0=$(cpu_ms "$same_pid") b0=$(busy)
    "${client[@]}" wrk -t2 -c"$conns" -d"${per}s" "http://$site$doc" >"$work/side-doc.out" &
    wd=$!
    "${client[@]}" wrk -t2 -c"$conns" -d"${per}s" "http://$base$doc" >"$work/side-bare.out" &
    wb=$!
    wait "$wd" "$wb"
    d1=$(cpu_ms "$site_pid") s1=$(cpu_ms "$same_pid") b1=$(busy)
    children_cpu
    w1=$cc
    others=$(awk -v b="$((b1 - b0))" -v hz="$hz" -v d="$((d1 - d0 + s1 - s0))" -v w0="$w0" -v w1="$w1" -v t="$per" \
      'BEGIN { o = 100 * ((b / hz) - d / 1000 - (w1 - w0)) / t; printf "%.1f", (o < 0 ? 0 : o) }')
    quiet && break
    [ "$try" = 6 ] && break
    echo "  (other processes used the CPU: round $round measured again in 60 s)"
    sleep 60
  done
  read -r dr br ratio < <(awk -v dq="$(awk '/requests in/ {print $1}' "$work/side-doc.out")" -v dc="$((d1 - d0))" \
    -v bq="$(awk '/requests in/ {print $1}' "$work/side-bare.out")" -v bc="$((s1 - s0))" \
    'BEGIN { d = dq / (dc / 1000); b = bq / (bc / 1000); printf "%.0f %.0f %.1f\n", d, b, 100 * d / b }')
  mark=$(quiet && echo "" || echo "*")
  echo "  round $round$mark: document page $dr, bare handler $br requests per CPU-second: $ratio% (others $others%)"
  side+=("$ratio")
done
printf '%s\n' "${side[@]}" | median "document page / bare handler (same bytes), side by side"
kill "$site_pid" "$same_pid" "$min_pid"
wait "$site_pid" "$same_pid" "$min_pid" 2>/dev/null || true
echo
search_part

echo
echo "2. other pages: wrk -t2 -c$conns -d${per}s --latency, wrk and the server sharing $(nproc) cores"
header
start_site
measure "document page" "http://$site$doc" "$pid"
measure "home page" "http://$site/" "$pid"
measure "timeline" "http://$site/timeline" "$pid"
measure "search: Qavam" "http://$site/search?q=Qavam" "$pid"
measure "search: faceted, filtered" "http://$site/search?q=government&person=qavam&sort=oldest" "$pid"

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
