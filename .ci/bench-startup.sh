#!/usr/bin/env bash
# Measures start-up and memory of the real server on a synthetic corpus:
# generates N documents (once), starts the server with a persisted index
# twice (the first start builds the index, the second reopens it), times
# each start until /readyz answers (and, for the first, until a search
# answers: its index is built while the site serves), runs a few searches
# and reads the resident memory. Listens on 127.0.0.1 only; stops by itself.
#
#   bash .ci/bench-startup.sh 10000 [WORKDIR]
#
# CHANGE=100 then stops the server, appends a sentence to the translation
# of 100 documents spread over the corpus (Markdown exports, whose
# translation ends the file) and times a third start, which reads and
# indexes again only those; the corpus is generated afresh next time.
set -euo pipefail
n=${1:?usage: bench-startup.sh N [WORKDIR]}
work=${2:-${TMPDIR:-/tmp}/readingroom-bench}
port=${PORT_BENCH:-18431}
cd "$(dirname "$0")/.."
source .ci/corpus.sh # bin, docs
echo "corpus: $n documents, $(du -shL "$docs" | cut -f1)"
index="$work/index-$n"

start() { # sets took to the seconds until /readyz answers; leaves the server running
  t0=$(date +%s.%N)
  "$bin" serve -addr "127.0.0.1:$port" -docs "$docs" -index "$index" >"$work/serve.out" 2>"$work/serve.err" &
  pid=$!
  for _ in $(seq 1 6000); do
    if [ "$(status /readyz)" = 200 ]; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "server died:"; tail -5 "$work/serve.err"; exit 1; fi
    sleep 0.05
  done
  took=$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.2f", a - b }')
}
searching() { # sets searched to the seconds from the start until a search answers 200
  for _ in $(seq 1 72000); do
    if [ "$(status '/api/search?q=Tabriz')" = 200 ]; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "server died:"; tail -5 "$work/serve.err"; exit 1; fi
    sleep 0.05
  done
  searched=$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.2f", a - b }')
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; }
steps() { # the server's log lines that say how long a step took
  grep '"took":' "$work/serve.err" | sed -E 's/.*"msg":"([^"]*)".*"took":([0-9]+).*/  \1: \2 ns/' || true
}

if [ "${KEEP_INDEX:-}" = "" ]; then rm -rf "$index"; fi
# A just-generated corpus, or an index just removed, leaves the disk busy
# for seconds after: the first start waits until it is not
# (bench-firststart.sh says by how much it mattered).
sync
sleep "${SETTLE:-10}"
start
echo "first start (builds the index):  $took s until every page serves"
echo "  peak resident memory then:     $(grep VmHWM /proc/$pid/status | awk '{printf "%.0f MiB", $2/1024}')"
# The index is built while the site serves: a search answers once it is.
searching
echo "  search open:                   $searched s"
steps
echo "  peak resident memory:          $(grep VmHWM /proc/$pid/status | awk '{printf "%.0f MiB", $2/1024}')"
stop
start
echo "second start (reopens it):       $took s"
steps
if grep -q '"msg":"search index reopened"' "$work/serve.err"; then echo "  index reopened, not rebuilt"; fi
if grep -q '"msg":"library snapshot read"' "$work/serve.err"; then echo "  library snapshot read, documents not parsed"; fi
for q in Qavam Tabriz "%22Security+Council%22" "negotiat*" "%D0%BF%D0%B5%D1%80%D0%B5%D0%B3%D0%BE%D0%B2%D0%BE%D1%80%D0%BE%D0%B2"; do
  curl -s -o /dev/null -w "  /search?q=$q: %{http_code} in %{time_total} s\n" "http://127.0.0.1:$port/search?q=$q"
done
# Warm latency through the real server, one request at a time: each kind
# of query (as in the search benchmark) RUNS times in turn, facets and
# snippets included.
runs=${RUNS:-40}
# The collection's pages are made after /readyz answers, on every core:
# searches timed meanwhile would measure that work too. Wait for it
# (at most ten minutes).
for _ in $(seq 1 12000); do
  if grep -q '"msg":"pages made"' "$work/serve.err"; then break; fi
  sleep 0.05
done
grep '"msg":"pages made"' "$work/serve.err" | sed -E 's/.*"took":([0-9]+).*/  pages made (after ready): \1 ns/' || echo "  pages still being made after 10 min"
kind() { # name query...
  local name=$1; shift
  local times=()
  for i in $(seq 1 "$runs"); do
    for q in "$@"; do
      times+=("$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/search?q=$q")")
    done
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" '{ t[NR] = $1 } END { printf "  %-9s p50 %6.1f ms  p95 %6.1f ms  (%d requests)\n", name, 1000 * t[int(NR * 0.5) + 1], 1000 * t[int(NR * 0.95) + 1], NR }'
}
echo "warm searches through the server, one at a time:"
kind word Qavam "%D0%BF%D0%B5%D1%80%D0%B5%D0%B3%D0%BE%D0%B2%D0%BE%D1%80%D0%BE%D0%B2" Tabriz oil fedai Security
kind phrase "%22Security+Council%22" "%22Soviet+government%22" "%22national+government%22"
kind filtered "Qavam+year:1946" "Tabriz+lang:ru" "Bagirov+from:1946-04+to:1946-06" "government+person:pishevari"
kind common government Azerbaijan people
kind prefix "negotiat*" "%D0%A2%D0%B0%D0%B2%D1%80%D0%B8%D0%B7*" "gover*"
kind broad "the*" "con*" "%D0%BF%D1%80*" "a*"
echo "resident memory after searches:  $(grep VmRSS /proc/$pid/status | awk '{printf "%.0f MiB", $2/1024}')"
echo "peak resident memory:            $(grep VmHWM /proc/$pid/status | awk '{printf "%.0f MiB", $2/1024}')"
stop
if [ "${CHANGE:-0}" -gt 0 ]; then
  mds=$(find "$docs" -name '*.md' | sort)
  every=$(( $(echo "$mds" | wc -l) / CHANGE ))
  echo "$mds" | awk -v every="$((every > 0 ? every : 1))" -v n="$CHANGE" 'NR % every == 0 && c < n { print; c++ }' |
    while read -r f; do printf '\nThe committee met again on the following day and changed nothing.\n' >>"$f"; done
  start
  echo "third start ($CHANGE documents changed): $took s"
  steps
  grep -E '"msg":"(documents read|search index updated)"' "$work/serve.err" | sed -E 's/^.*"msg":"([^"]*)",?/  \1: /; s/"took":[0-9]+,?//' || true
  echo "peak resident memory:            $(grep VmHWM /proc/$pid/status | awk '{printf "%.0f MiB", $2/1024}')"
  stop
  rm -rf "$docs" # the next run starts from a corpus as generated
fi
