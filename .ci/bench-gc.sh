#!/usr/bin/env bash
# The collector's cost under a search load, two programs in turns on the
# same generated corpus: OTHER, a readingroom binary built from another
# revision, and this checkout's. Each serves the corpus with
# GODEBUG=gctrace=1 until it is ready (searching, its pages made, its
# snapshot written), is warmed for SECONDS_RUN by two connections asking
# distinct search pages (.ci/search-mix.lua), then measured for
# SECONDS_RUN by one: requests a second and latency (wrk), and the
# collections meanwhile (how many, the CPU-seconds of their marking, the
# heap live after each).
#
# Each program has an index folder of its own, copied from one built once,
# so that each finds its own snapshot: round 1 reads the documents, later
# rounds reopen the snapshot, as a restart does (the live heap differs by
# a fifth between the two). The index is built in WORKDIR, or is INDEX,
# kept (building it takes seven minutes at 100,000 documents). Listens on
# 127.0.0.1 only; stops by itself. Needs wrk (Debian's package).
#
#   git worktree add /tmp/before REV && (cd /tmp/before && go build -o /tmp/before.bin ./cmd/readingroom)
#   ROUNDS=2 SECONDS_RUN=60 bash .ci/bench-gc.sh /tmp/before.bin 100000 [WORKDIR]
set -euo pipefail
other=$(realpath "${1:?usage: bench-gc.sh OTHER_BINARY N [WORKDIR]}")
n=${2:?usage: bench-gc.sh OTHER_BINARY N [WORKDIR]}
work=${3:-${TMPDIR:-/tmp}/readingroom-bench}
port=${PORT_BENCH:-18461}
secs=${SECONDS_RUN:-60}
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
source .ci/corpus.sh # bin, docs, status
index=${INDEX:-$work/gc-index-$n}
keep=${INDEX:+yes}
mix=$(realpath .ci/search-mix.lua)
pid=""
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work/gc-other" "$work/gc-this"; [ -n "$keep" ] || rm -rf "$index"' EXIT
[ -d "$index" ] || "$bin" index -docs "$docs" -index "$index" >/dev/null 2>&1
for which in other this; do
  rm -rf "$work/gc-$which"
  cp -a "$index" "$work/gc-$which"
  rm -f "$work/gc-$which"/readingroom-library.*
done
for round in $(seq 1 "${ROUNDS:-2}"); do
  for which in other this; do
    prog=$bin
    [ "$which" = this ] || prog=$other
    err="$work/gc-$which.err"
    GODEBUG=gctrace=1 "$prog" serve -addr "127.0.0.1:$port" -docs "$docs" -index "$work/gc-$which" >/dev/null 2>"$err" &
    pid=$!
    until [ "$(status '/api/search?q=Tabriz')" = 200 ] && grep -q '"pages made"' "$err" &&
      { ! grep -q '"library snapshot not used' "$err" || grep -q '"library snapshot written"' "$err"; }; do
      kill -0 "$pid" 2>/dev/null || { echo "$which: the server died:"; grep -v '^gc ' "$err" | tail -5; exit 1; }
      sleep 1
    done
    sleep 5
    wrk -t1 -c2 -d"${secs}s" -s "$mix" "http://127.0.0.1:$port" >/dev/null 2>&1
    before=$(grep -c '^gc ' "$err")
    out=$(wrk -t1 -c1 -d"${secs}s" --latency -s "$mix" "http://127.0.0.1:$port" 2>&1)
    rss=$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=""
    # gc N @T P%: clock, then "a+b/c/d+e ms cpu" (b assists, c background,
    # d idle marking), then "x->y->LIVE MB".
    gcs=$(grep '^gc ' "$err" | tail -n +"$((before + 1))" | awk '
      { split($0, f, "ms clock, "); split(f[2], c, " "); split(c[1], p, "+"); split(p[2], m, "/")
        mark += (m[1] + m[2] + m[3]) / 1000
        match($0, /->[0-9]+ MB,/); live = substr($0, RSTART + 2, RLENGTH - 6)
        lives = lives (n++ ? " " : "") live }
      END { printf "%d collections, %.1f CPU-s marking, live MB: %s", n, mark, lives }')
    rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
    lat=$(awk '$1 == "50%" || $1 == "90%" || $1 == "99%" { printf "%s %s  ", $1, $2 }' <<<"$out")
    printf 'round %d %-5s %s req/s  %s RSS %d MiB; %s\n' "$round" "$which" "$rps" "$lat" "$rss" "$gcs"
  done
done
