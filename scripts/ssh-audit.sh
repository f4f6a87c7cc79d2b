#!/bin/sh
# Builds the kiosk, runs it on a loopback port with a throw-away host key,
# and audits it with ssh-audit. Fails on any [fail] line, any
# recommendation, or any warning other than the two that Debian's
# ssh-audit 2.5.0 gives for algorithms it does not know yet
# (mlkem768x25519-sha256 and the strict-kex marker).
# Usage: scripts/ssh-audit.sh [PORT]   (CI: run from the repository root)
set -eu
port=${1:-23290}
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/embassy" ./cmd/embassy
"$tmp/embassy" --listen "127.0.0.1:$port" --data "$tmp/data" --log-format json >"$tmp/log" 2>&1 &
pid=$!
i=0
until grep -q '"listening"' "$tmp/log" 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -lt 50 ] || { cat "$tmp/log"; exit 1; }
	sleep 0.1
done
ssh-audit -n -p "$port" 127.0.0.1 >"$tmp/audit" 2>&1 || true
cat "$tmp/audit"
bad=$(grep -E '\[fail\]|recommendation|\[warn\]' "$tmp/audit" |
	grep -vE '^\(kex\) (mlkem768x25519-sha256|kex-strict-s-v00@openssh\.com) +-- \[warn\] unknown algorithm$' || true)
if [ -n "$bad" ]; then
	echo "ssh-audit: not clean:" >&2
	echo "$bad" >&2
	exit 1
fi
echo "ssh-audit: clean (no [fail], no recommendation, no unexpected warning)"
