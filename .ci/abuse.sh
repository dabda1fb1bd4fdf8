#!/usr/bin/env bash
# Replays the attacks of issue #15 against the real server on a generated
# collection, on loopback only, and prints for each the server's resident
# memory and CPU and the latency of ordinary requests meanwhile (a cached
# document page on an open connection and on a new one, an ordinary
# search, /healthz), then the HTTP details. Bounded in time (about four
# minutes past the corpus and index: seven phases of SECONDS, the
# downloads phase until its slow reader is done); stops by itself.
#
#   bash .ci/abuse.sh [N=10000] [SECONDS=20] [WORKDIR]
#   PHASES=downloads,idle bash .ci/abuse.sh   # only the phases named so
#
# The server runs with a file limit of 1,024 (ulimit -n), as in the issue,
# so that 1,100 idle connections exceed it. The corpus and index are kept
# in WORKDIR (default $TMPDIR/readingroom-abuse) for the next run.
set -euo pipefail
n=${1:-10000}
per=${2:-20}
work=${3:-${TMPDIR:-/tmp}/readingroom-abuse}
port=${PORT_ABUSE:-18450}
cd "$(dirname "$0")/.."
mkdir -p "$work"
bin="$work/readingroom"
go build -o "$bin" ./cmd/readingroom
go build -o "$work/abuse" ./.ci/abuse
docs="$work/corpus-$n"
if [ ! -d "$docs" ] || [ "$(ls "$docs" | wc -l)" -ne "$n" ]; then
  rm -rf "$docs"
  "$bin" gen -n "$n" -out "$docs"
fi
echo "corpus: $n documents, $(du -shL "$docs" | cut -f1); machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
index="$work/index-$n"
(ulimit -n 1024 && exec "$bin" serve -addr "127.0.0.1:$port" -docs "$docs" -index "$index" >"$work/serve.out" 2>"$work/serve.err") &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
t0=$(date +%s)
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
  if ! kill -0 "$pid" 2>/dev/null; then echo "server died:"; tail -5 "$work/serve.err"; exit 1; fi
  if [ $(($(date +%s) - t0)) -gt 600 ]; then echo "server not ready after 10 minutes"; exit 1; fi
  sleep 0.2
done
echo "ready after $(($(date +%s) - t0)) s; resident $(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status) MB; $(grep -o '"max_connections":[0-9]*' "$work/serve.err")"
timeout 900 "$work/abuse" -base "http://127.0.0.1:$port" -pid "$pid" -seconds "$per" -phases "${PHASES:-}"
echo "server errors logged: $(grep -c '"level":"ERROR"' "$work/serve.err" || true)"
