#!/usr/bin/env bash
# Builds the same generated collection with the reading room (the index
# command) and with SQLite FTS5 (Python's sqlite3 module, .ci/fts5/fts5.py)
# and prints, for each, documents a second, wall time, peak resident memory
# (/usr/bin/time -v) and the first search of a few queries (p50). The
# documents go to FTS5 as the reading room's own bulk JSON Lines, fetched
# from a server started on the built index. Listens on 127.0.0.1 only;
# stops by itself (every step has a time limit).
#
#   bash .ci/fts5.sh 10000 [WORKDIR]
set -euo pipefail
n=${1:?usage: fts5.sh N [WORKDIR]}
work=${2:-${TMPDIR:-/tmp}/readingroom-fts5}
port=${PORT_FTS5:-18433}
limit=${LIMIT:-3600} # seconds allowed to each build
cd "$(dirname "$0")/.."
root=$PWD
source .ci/corpus.sh # bin, docs
echo "corpus: $n documents, $(du -shL "$docs" | cut -f1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# report NAME TIMEFILE: wall seconds and peak resident memory from /usr/bin/time -v.
report() {
  local wall rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$2" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.1f", s }')
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$2")
  printf '%-12s %6d documents in %7.1f s wall = %5.0f documents/s, peak resident %5.0f MiB\n' \
    "$1" "$n" "$wall" "$(awk -v n="$n" -v w="$wall" 'BEGIN { print n / w }')" "$((rss / 1024))"
}

queries=(Qavam Tabriz oil fedai Security '"Security Council"' '"Soviet government"' government Azerbaijan people 'negotiat*' 'переговоров')

# The reading room: the whole index command (documents read, names found,
# search index built, snapshot written), from an empty folder.
index="$work/index-$n"
rm -rf "$index"
timeout "$limit" /usr/bin/time -v -o "$work/ours.time" "$bin" index -docs "$docs" -index "$index" >"$work/ours.out" 2>"$work/ours.err"
report "readingroom" "$work/ours.time"
sed 's/^/  /' "$work/ours.out"

# Serve the built index (reopened, not rebuilt), take the bulk JSON Lines
# and time the first search of each query through the JSON API (facets and
# snippets included; no result is cached yet).
"$bin" serve -addr "127.0.0.1:$port" -docs "$docs" -index "$index" >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 1200); do
  if curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "server died:"; tail -5 "$work/serve.err"; exit 1; fi
  sleep 0.1
done
if grep -q '"msg":"search index rebuilt"' "$work/serve.err"; then echo "  (the server rebuilt the index instead of reopening it)"; fi
jsonl="$work/collection-$n.jsonl"
# The bulk file is written on its first request; until it is, the answer
# is 503 with Retry-After.
for _ in $(seq 1 120); do
  code=$(curl -s --max-time 600 -o "$jsonl" -w '%{http_code}' "http://127.0.0.1:$port/data/readingroom-collection.jsonl")
  if [ "$code" = 200 ]; then break; fi
  sleep 5
done
if [ "$code" != 200 ]; then echo "the bulk download answered $code"; exit 1; fi
curl -s -o /dev/null --max-time 60 "http://127.0.0.1:$port/api/search?q=Baku" # warms the first request's set-up
times=()
for q in "${queries[@]}"; do
  enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$q")
  read -r code total took < <(curl -s --max-time 60 -w '%{http_code} %{time_total}\n' "http://127.0.0.1:$port/api/search?q=$enc" -o "$work/search.json" | { read -r c t; echo "$c $(jq -r .total "$work/search.json" 2>/dev/null || echo '?') $t"; })
  printf '  readingroom %-22s %s matches in %.1f ms (HTTP %s)\n' "'$q'" "$total" "$(awk -v t="$took" 'BEGIN { print 1000 * t }')" "$code"
  times+=("$took")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "readingroom search p50 %.1f ms over %d queries (HTTP, JSON API)\n", 1000 * t[int((NR + 1) / 2)], NR }'
kill "$pid"
wait "$pid" 2>/dev/null || true
trap - EXIT

# SQLite FTS5 on the same documents' text.
db="$work/fts5-$n.db"
timeout "$limit" /usr/bin/time -v -o "$work/fts5.time" python3 "$root/.ci/fts5/fts5.py" build "$jsonl" "$db" >"$work/fts5.out"
report "sqlite fts5" "$work/fts5.time"
sed 's/^/  /' "$work/fts5.out"
timeout 600 python3 "$root/.ci/fts5/fts5.py" search "$db" "${queries[@]}"
