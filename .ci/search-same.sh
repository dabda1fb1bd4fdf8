#!/usr/bin/env bash
# Asks two programs the same searches on the same generated corpus and
# compares their answers, for a change to how searches are made that must
# not change what they find: OTHER, a readingroom binary built from another
# revision, and this checkout's. The index is built once (readingroom
# index) and copied, so that both read the same segments; each server then
# answers every combination below of words, filters, sort order and page
# through /api/search (hits, scores' order, totals, facets, snippets,
# names, notices), and the answers must be byte for byte the same but for
# the server's own address. Listens on 127.0.0.1 only; stops by itself.
#
#   git worktree add /tmp/before REV && (cd /tmp/before && go build -o /tmp/before.bin ./cmd/readingroom)
#   bash .ci/search-same.sh /tmp/before.bin 100000 [WORKDIR]
#
# INDEX and OTHER_INDEX name indexes already built (each copied), for this
# program and the other: a change to what the index keeps beside bleve's
# segments makes the other program build its own, which takes minutes.
#
# Prints the number of searches compared and every one that differs (the
# first lines of the difference), and exits non-zero if any does.
set -euo pipefail
other=$(realpath "${1:?usage: search-same.sh OTHER_BINARY N [WORKDIR]}")
n=${2:?usage: search-same.sh OTHER_BINARY N [WORKDIR]}
work=${3:-${TMPDIR:-/tmp}/readingroom-bench}
port=${PORT_BENCH:-18471}
cd "$(dirname "$0")/.."
source .ci/corpus.sh # bin, docs, status
index="$work/same-index-$n"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$index" "$index-other" "$work/same-answers"' EXIT
rm -rf "$index" "$index-other" "$work/same-answers"
if [ -n "${INDEX:-}" ]; then
  cp -a "$INDEX" "$index"
else
  "$bin" index -index "$index" -docs "$docs" 2>"$work/same-index.err"
fi
cp -a "${OTHER_INDEX:-$index}" "$index-other"
rm -f "$index"/readingroom-library.* "$index-other"/readingroom-library.*
ports=("$port" "$((port + 1))")
for which in 0 1; do
  prog=$bin dir=$index
  [ "$which" = 0 ] || { prog=$other; dir=$index-other; }
  "$prog" serve -addr "127.0.0.1:${ports[$which]}" -docs "$docs" -index "$dir" >/dev/null 2>"$work/same-serve-$which.err" &
  pids+=($!)
done
for which in 0 1; do
  port=${ports[$which]}
  for _ in $(seq 1 6000); do
    [ "$(status '/api/search?q=Tabriz')" = 200 ] && break
    kill -0 "${pids[$which]}" 2>/dev/null || { echo "server died:"; tail -5 "$work/same-serve-$which.err"; exit 1; }
    sleep 0.1
  done
done

words=("" Tabriz government Qavam oil '"Soviet government"' 'negotiat*' -oil 'переговоров' 'fedai OR Security' 'Bagirov Tabriz')
filters=("" year=1946 year=1945 lang=ru lang=en person=pishevari person=molotov place=zanjan 'year=1946&lang=ru'
  'from=1946-04&to=1946-06' 'year=1946&from=1946-02' 'person=stalin&place=baku' year=1930 person=nobody
  org=iranian-government 'org=soviet-government&year=1946' sender=bagirov 'recipient=molotov&lang=ru'
  archive=RGASPI archive=gappod 'sender=maslennikov&from=1945-11')
mkdir -p "$work/same-answers"
asked=0 differ=0
for w in "${words[@]}"; do
  for f in "${filters[@]}"; do
    [ -n "$w$f" ] || continue
    for sort in "" oldest newest; do
      for page in 1 3; do
        args=(-d "page=$page")
        [ -z "$w" ] || args+=(--data-urlencode "q=$w")
        [ -z "$f" ] || args+=(-d "$f")
        [ -z "$sort" ] || args+=(-d "sort=$sort")
        for which in 0 1; do
          curl -s -G "http://127.0.0.1:${ports[$which]}/api/search" "${args[@]}" |
            sed "s#127.0.0.1:${ports[$which]}#HOST#g" >"$work/same-answers/$which"
        done
        asked=$((asked + 1))
        if ! cmp -s "$work/same-answers/0" "$work/same-answers/1"; then
          differ=$((differ + 1))
          echo "differs: q=$w $f sort=$sort page=$page"
          diff "$work/same-answers/1" "$work/same-answers/0" | head -8 || true
        fi
      done
    done
  done
done
echo "search-same: $asked searches asked of both, $differ answered differently"
[ "$differ" = 0 ]
