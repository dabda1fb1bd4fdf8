#!/usr/bin/env bash
# Fault: a full disk under -index. Mounts a small tmpfs (root only; skips
# otherwise), serves a synthetic corpus with its index there, and checks
# that the server starts, answers pages with 200 and, once its index is
# built (in memory), searches too, logs why it could not keep the index, and stops on SIGTERM.
# Listens on 127.0.0.1 only; unmounts and removes everything it made.
#
#   bash .ci/fault-fulldisk.sh [N]
set -euo pipefail
n=${1:-400}
port=${PORT_FAULT:-18437}
cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/readingroom-fulldisk.XXXXXX")
mnt="$work/disk"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  mountpoint -q "$mnt" && umount "$mnt" || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$mnt"
if ! mount -t tmpfs -o size=${DISK:-256k} tmpfs "$mnt" 2>/dev/null; then
  echo "fault-fulldisk: skipped (cannot mount a tmpfs here)"
  exit 0
fi
go build -o "$work/readingroom" ./cmd/readingroom
"$work/readingroom" gen -n "$n" -out "$work/docs" >/dev/null
"$work/readingroom" serve -addr "127.0.0.1:$port" -docs "$work/docs" -index "$mnt/index" >"$work/out" 2>"$work/err" &
pid=$!
ready=""
for _ in $(seq 1 600); do
  if curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then ready=1; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
fail() { echo "fault-fulldisk: FAIL: $*"; tail -20 "$work/err"; exit 1; }
[ -n "$ready" ] || fail "the server did not become ready (it exited or hung)"
# The index is built while the site serves: search answers 503 until then.
searching=""
for _ in $(seq 1 600); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/search?q=Tabriz")" = 200 ]; then searching=1; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
[ -n "$searching" ] || fail "search did not open within 120 s of the server being ready"
for path in "/search?q=Tabriz" "/search?q=year:1946" "/" "/timeline"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")
  [ "$code" = 200 ] || fail "GET $path answered $code"
done
grep -q 'serving it from memory\|snapshot not written' "$work/err" || fail "no log line says the index or snapshot was not kept"
! grep -q '"level":"ERROR".*panic' "$work/err" || fail "a panic was logged"
kill -TERM "$pid"
for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
kill -0 "$pid" 2>/dev/null && fail "still running 20 s after SIGTERM"
wait "$pid" || fail "exit status $? after SIGTERM"
pid=""
echo "fault-fulldisk: ok (index on a full ${DISK:-256k} disk: served from memory; $(grep -c 'serving it from memory\|snapshot not written' "$work/err") log lines say why)"
