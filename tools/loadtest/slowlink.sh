#!/usr/bin/env bash
# slowlink.sh: the kiosk over emulated slow links (docs/performance.md,
# "Slow links"). Builds cmd/embassy and cmd/embassy-slowlink, starts the
# kiosk on 127.0.0.1:PORT with the embedded content but a long first page
# (its text thirty times, so that a held PgDn has somewhere to go), and runs
# embassy-slowlink against it: the real OpenSSH client in a pseudo-terminal,
# through each link profile, medians of three runs.
#
#   tools/loadtest/slowlink.sh [OUT_DIR] [PORT] [embassy-slowlink flags...]
#
# OUT_DIR defaults to /tmp/embassy-slowlink, PORT to 24210. EMBASSY=BINARY
# measures another build of the kiosk (an older revision, for a before and
# after), and CONTENT=DIR takes the pages and links from DIR (that
# revision's content/ folder) instead of ./content.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=${1:-/tmp/embassy-slowlink}
port=${2:-24210}
shift 2 || shift $# || true
mkdir -p "$out/bin" "$out/data"
go build -o "$out/bin/" ./cmd/embassy ./cmd/embassy-slowlink

# The content: the pages (and the dates) and links of CONTENT, the first
# page's text thirty times.
rm -rf "$out/content"
mkdir -p "$out/content/pages"
src=${CONTENT:-content}
cp "$src/links.yaml" "$out/content/"
cp "$src"/pages/* "$out/content/pages/"
page=$out/content/pages/01-leadership.md
body=$(awk 'n>=2{print} /^---$/{n++}' "$page")
for _ in $(seq 29); do printf '\n%s\n' "$body" >>"$page"; done

"${EMBASSY:-$out/bin/embassy}" --listen "127.0.0.1:$port" --data "$out/data" --content "$out/content" \
	--exempt 127.0.0.0/8 --log-format json >"$out/kiosk.log" 2>&1 &
kiosk=$!
trap 'kill $kiosk 2>/dev/null || true; wait $kiosk 2>/dev/null || true' EXIT
for _ in $(seq 50); do
	(echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
	sleep 0.1
done
"$out/bin/embassy-slowlink" --addr "127.0.0.1:$port" "$@"
