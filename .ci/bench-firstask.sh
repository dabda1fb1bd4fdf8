#!/usr/bin/env bash
# Times each search of the benchmark's kinds asked once, as a reader asks a
# query no one asked before: the page cache and the results cache miss, so
# the search, its snippets and facets and the page are all made. Each
# query's first three pages are asked, each once, one request at a time,
# after the server has started with a kept index, made its pages and
# settled (SETTLE seconds). With a second program, the two take turns,
# ROUNDS times, each on a copy of the index of its own (a program that
# finds another's library snapshot reads every document and writes its
# own): round 1 reads the documents, later rounds reopen the snapshot, as
# a restart does. Listens on 127.0.0.1 only; stops by itself.
#
#   bash .ci/bench-firstask.sh N [WORKDIR] [OTHER_BINARY]
#
# The corpus and index are those of bench-startup.sh in the same WORKDIR
# (run it first: building the index takes minutes at 100,000). OTHER_INDEX
# names another index for the other program: one its own program built,
# when the two keep their index in different forms.
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
[ -d "$index" ] || { echo "no index in $index: run bench-startup.sh $n $work first"; exit 1; }
pid=""
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work/firstask-this" "$work/firstask-other" "$work/firstask-times"' EXIT
for which in this other; do
  rm -rf "$work/firstask-$which"
  from=$index
  if [ "$which" = other ]; then from=${OTHER_INDEX:-$index}; fi
  cp -a "$from" "$work/firstask-$which"
  rm -f "$work/firstask-$which"/readingroom-library.*
done
declare -A kinds=(
  [word]="Qavam %D0%BF%D0%B5%D1%80%D0%B5%D0%B3%D0%BE%D0%B2%D0%BE%D1%80%D0%BE%D0%B2 Tabriz oil fedai Security"
  [phrase]="%22Security+Council%22 %22Soviet+government%22 %22national+government%22"
  [filtered]="Qavam+year:1946 Tabriz+lang:ru Bagirov+from:1946-04+to:1946-06 government+person:pishevari"
  [common]="government Azerbaijan people"
  [prefix]="negotiat* %D0%A2%D0%B0%D0%B2%D1%80%D0%B8%D0%B7* gover*"
  [words]="Qavam+oil Soviet+government+Tabriz Tabriz+-Baku Security+Council+Iran"
  [sorted]="Qavam&sort=oldest government&sort=newest Tabriz+lang:ru&sort=oldest oil+year:1946&sort=newest"
)
order="word phrase filtered common prefix words sorted"
run() { # binary which label
  local err="$work/firstask-$2.err"
  "$1" serve -addr "127.0.0.1:$port" -docs "$docs" -index "$work/firstask-$2" >/dev/null 2>"$err" &
  pid=$!
  until [ "$(status '/api/search?q=zzzz')" = 200 ] && grep -q '"pages made"' "$err" &&
    { ! grep -q '"library snapshot not used' "$err" || grep -q '"library snapshot written"' "$err"; }; do
    kill -0 "$pid" 2>/dev/null || { echo "$2: the server died:"; tail -5 "$err"; exit 1; }
    sleep 1
  done
  sleep "$settle"
  # The process's first request of any kind after its start takes some
  # 30 ms more, wherever it goes (/healthz alike, with a page fault from
  # disk): a cost of the process's waking, not of a search, asked here
  # once before the searches are timed.
  curl -s -o /dev/null "http://127.0.0.1:$port/healthz"
  echo "$3:"
  for kind in $order; do
    local times=() t
    for q in ${kinds[$kind]}; do
      for page in 1 2 3; do
        times+=("$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/search?q=$q&page=$page")")
      done
    done
    for t in "${times[@]}"; do printf '%s\t%s\t%s\n' "$3" "$kind" "$t"; done >>"$work/firstask-times"
    printf '%s\n' "${times[@]}" | sort -n | awk -v name="$kind" '{ t[NR] = $1 } END { printf "  %-9s p50 %6.1f ms  p90 %6.1f ms  max %6.1f ms  (%d first askings)\n", name, 1000 * t[int(NR * 0.5) + 1], 1000 * t[int(NR * 0.9) + 1], 1000 * t[NR], NR }'
  done
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
}
: >"$work/firstask-times"
for r in $(seq 1 "$rounds"); do
  echo "round $r"
  if [ -n "$other" ]; then run "$other" other "$other"; fi
  run "$bin" this "this program"
done
# Every round's first askings of a kind together: p95 is the issue's
# figure (a round's max is one asking, and a stall of the machine's).
echo "all $rounds rounds:"
for which in "${other:+$other}" "this program"; do
  [ -n "$which" ] || continue
  echo "$which:"
  for kind in $order; do
    awk -F'\t' -v w="$which" -v k="$kind" '$1 == w && $2 == k { print $3 }' "$work/firstask-times" | sort -n |
      awk -v name="$kind" '{ t[NR] = $1 } END { i = int(NR * 0.95); if (i < NR * 0.95) i++; printf "  %-9s p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms  (%d first askings)\n", name, 1000 * t[int(NR * 0.5) + 1], 1000 * t[i], 1000 * t[NR], NR }'
  done
done
