#!/usr/bin/env bash
# Lighthouse on every page type of a server started here on loopback, with
# Debian's chromium: prints each category's score per page and the audits
# below full marks. Bounded: one run per page and preset, each under two
# minutes. Usage: bash .ci/lighthouse.sh [mobile|desktop ...]
# Installs Lighthouse from npm into .ci/lighthouse when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
presets=("${@:-mobile}")
[ -x /usr/bin/chromium ] || { echo "needs Debian's chromium: make tools"; exit 1; }
(cd .ci/lighthouse && { [ -x node_modules/.bin/lighthouse ] || npm ci --ignore-scripts --no-audit --no-fund; })
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/readingroom" ./cmd/readingroom
port=$((20000 + RANDOM % 20000))
"$work/readingroom" -addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
pages=(/ /timeline /timeline/1946-12 /archives /people /people/qavam /places /places/tabriz /map
  "/search?q=Tabriz" /search/help /cite
  /documents/1946-12-02-message-from-bagirov-to-stalin-with-reply-of-the-azerbaijani-democrats
  /documents/1946-12-09-memo-via-a-telegraph-message-from-tabriz)
export CHROME_PATH=/usr/bin/chromium
flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --user-data-dir=$work/profile"
for preset in "${presets[@]}"; do
  extra=()
  [ "$preset" = desktop ] && extra=(--preset=desktop)
  printf '%-8s %-72s %5s %5s %5s %5s\n' preset page perf a11y best seo
  for p in "${pages[@]}"; do
    out="$work/report.json"
    timeout 120 .ci/lighthouse/node_modules/.bin/lighthouse "http://127.0.0.1:$port$p" --quiet "${extra[@]}" \
      --chrome-flags="$flags" --output=json --output-path="$out" >/dev/null 2>&1 || { echo "$p: lighthouse failed"; continue; }
    python3 - "$out" "$preset" "$p" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = d["categories"]
s = lambda k: round(c[k]["score"] * 100)
print(f"{sys.argv[2]:<8} {sys.argv[3][:72]:<72} {s('performance'):>5} {s('accessibility'):>5} {s('best-practices'):>5} {s('seo'):>5}")
for k, a in d["audits"].items():
    if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"):
        print(f"           {k}: {a['score']} {a.get('displayValue', '')}")
PY
  done
done
