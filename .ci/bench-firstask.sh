#!/usr/bin/env bash
# Times each search of the benchmark's kinds asked once, as a reader asks a
# query no one asked before: the page cache and the results cache miss, so
# the search, its snippets and facets and the page are all made. Each
# query's first three pages are asked, each once, one request at a time,
# after the server has started with a kept index and settled. With a second
# program, the two take turns, ROUNDS times, on the same index (both must
# read its format). Listens on 127.0.0.1 only; stops by itself.
#
#   bash .ci/bench-firstask.sh N [WORKDIR] [OTHER_BINARY]
#
# The corpus and index are those of bench-startup.sh (run it first, or
# this builds the index on the first start, which takes minutes).
set -euo pipefail
n=${1:?usage: bench-firstask.sh N [WORKDIR] [OTHER_BINARY]}
work=${2:-${TMPDIR:-/tmp}/readingroom-bench}
other=${3:-}
port=${PORT_BENCH:-18432}
rounds=${ROUNDS:-2}
settle=${SETTLE:-20}
cd "$(dirname "$0")/.."
source .ci/corpus.sh # bin, docs
index="$work/index-$n"
declare -A kinds=(
  [word]="Qavam %D0%BF%D0%B5%D1%80%D0%B5%D0%B3%D0%BE%D0%B2%D0%BE%D1%80%D0%BE%D0%B2 Tabriz oil fedai Security"
  [phrase]="%22Security+Council%22 %22Soviet+government%22 %22national+government%22"
  [filtered]="Qavam+year:1946 Tabriz+lang:ru Bagirov+from:1946-04+to:1946-06 government+person:pishevari"
  [common]="government Azerbaijan people"
  [prefix]="negotiat* %D0%A2%D0%B0%D0%B2%D1%80%D0%B8%D0%B7* gover*"
  [words]="Qavam+oil Soviet+government+Tabriz Tabriz+-Baku Security+Council+Iran"
)
order="word phrase filtered common prefix words"
run() { # binary label
  "$1" serve -addr "127.0.0.1:$port" -docs "$docs" -index "$index" >"$work/firstask.out" 2>"$work/firstask.err" &
  local pid=$!
  for _ in $(seq 1 72000); do
    if [ "$(status '/api/search?q=zzzz')" = 200 ]; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "server died:"; tail -5 "$work/firstask.err"; exit 1; fi
    sleep 0.05
  done
  sleep "$settle"
  echo "$2:"
  for kind in $order; do
    local times=()
    for q in ${kinds[$kind]}; do
      for page in 1 2 3; do
        times+=("$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/search?q=$q&page=$page")")
      done
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v name="$kind" '{ t[NR] = $1 } END { printf "  %-9s p50 %6.1f ms  p90 %6.1f ms  max %6.1f ms  (%d first askings)\n", name, 1000 * t[int(NR * 0.5) + 1], 1000 * t[int(NR * 0.9) + 1], 1000 * t[NR], NR }'
  done
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}
for r in $(seq 1 "$rounds"); do
  echo "round $r"
  run "$bin" "this program"
  if [ -n "$other" ]; then run "$other" "$other"; fi
done
