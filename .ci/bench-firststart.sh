#!/usr/bin/env bash
# Times a first start of the real server on a generated corpus and samples
# its resident memory every second: when every page serves (/readyz), when
# a search answers (its index is built after, while the site serves), and
# the peak. Listens on 127.0.0.1 only; stops by itself once search opens.
#
#   bash .ci/bench-firststart.sh 100000 [WORKDIR]     # writes WORKDIR/rss.log
#   READY_ONLY=1 bash .ci/bench-firststart.sh 100000   # stops once pages serve
set -euo pipefail
n=${1:?usage: bench-firststart.sh N [WORKDIR]}
work=${2:-${TMPDIR:-/tmp}/readingroom-bench}
port=${PORT_BENCH:-18441}
cd "$(dirname "$0")/.."
source .ci/corpus.sh # bin, docs
index="$work/index-$n"
# The previous run's index (1.3 GB at 100,000) is removed, and the disk
# given time to settle, before the clock starts: freed right before,
# it cost the start that followed 15 s and 24 CPU-seconds (2026-12-02).
rm -rf "$index"
sync
sleep "${SETTLE:-10}"
t0=$(date +%s.%N)
"$bin" serve -addr "127.0.0.1:$port" -docs "$docs" -index "$index" >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
log="$work/rss.log"
: >"$log"
ready=""
while kill -0 "$pid" 2>/dev/null; do
  t=$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.1f", a - b }')
  echo "$t $(awk '/VmRSS/ { printf "%d", $2 / 1024 }' /proc/$pid/status)" >>"$log"
  if [ -z "$ready" ] && [ "$(status /readyz)" = 200 ]; then
    ready=$t
    # CPU time so far, both cores: steadier than the wall time when the
    # machine is shared.
    echo "every page serves: $t s ($(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' /proc/$pid/stat) CPU-s)"
  fi
  if [ -n "$ready" ] && [ -n "${READY_ONLY:-}" ]; then
    break
  fi
  if [ -n "$ready" ] && [ "$(status '/api/search?q=Tabriz')" = 200 ]; then
    echo "search open:       $t s"
    break
  fi
  [ "${t%.*}" -lt 3600 ] || { echo "search not open after an hour"; break; }
  sleep 1
done
echo "peak resident:     $(awk '/VmHWM/ { printf "%d MiB", $2 / 1024 }' /proc/$pid/status)"
grep -E '"msg":"(documents read|names found|ready|pages made|search index ready)"' "$work/serve.err" |
  sed -E 's/.*"msg":"([^"]*)".*"took":([0-9]+).*/\1 \2/' | awk '{ t = $NF; $NF = ""; printf "  %s%.2f s\n", $0, t / 1e9 }'
