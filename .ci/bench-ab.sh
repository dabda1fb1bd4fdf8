#!/usr/bin/env bash
# Times first starts of two programs in turns on the same generated corpus,
# so that a change is measured against what came before under the same
# conditions (this machine's speed varies by a fifth within an hour):
# OTHER, a readingroom binary built from another revision, and this
# checkout's. Each start begins after the previous index is removed and the
# disk has settled, and ends when every page serves (/readyz); it prints the
# wall time, the CPU-seconds and the peak resident memory. Listens on
# 127.0.0.1 only; stops by itself.
#
#   git worktree add /tmp/before REV && (cd /tmp/before && go build -o /tmp/before.bin ./cmd/readingroom)
#   ROUNDS=2 bash .ci/bench-ab.sh /tmp/before.bin 100000 [WORKDIR]
set -euo pipefail
other=$(realpath "${1:?usage: bench-ab.sh OTHER_BINARY N [WORKDIR]}")
n=${2:?usage: bench-ab.sh OTHER_BINARY N [WORKDIR]}
work=${3:-${TMPDIR:-/tmp}/readingroom-bench}
port=${PORT_BENCH:-18451}
cd "$(dirname "$0")/.."
source .ci/corpus.sh # bin, docs, status
index="$work/ab-index-$n"
pid=""
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$index"' EXIT
for round in $(seq 1 "${ROUNDS:-2}"); do
  for which in other this; do
    prog=$bin
    [ "$which" = this ] || prog=$other
    rm -rf "$index"
    sync
    sleep "${SETTLE:-10}"
    t0=$(date +%s.%N)
    "$prog" serve -addr "127.0.0.1:$port" -docs "$docs" -index "$index" >/dev/null 2>"$work/ab-$which.err" &
    pid=$!
    until [ "$(status /readyz)" = 200 ]; do
      kill -0 "$pid" 2>/dev/null || { echo "$which: the server died:"; tail -5 "$work/ab-$which.err"; exit 1; }
      sleep 0.5
    done
    t=$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.1f", a - b }')
    cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$pid/stat")
    peak=$(awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=""
    echo "round $round, $which: every page serves at $t s, $cpu CPU-s, peak $peak MiB"
  done
done
