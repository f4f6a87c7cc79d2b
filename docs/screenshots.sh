#!/usr/bin/env bash
# Takes the README's screenshots from real SSH sessions: builds the kiosk and
# embassy-shot, starts the kiosk on loopback with a throwaway data folder,
# takes every shot in the list below, checks any QR code on them, and stops
# the kiosk. Re-run it whenever the screens change:
#
#	bash docs/screenshots.sh
#
# Settings, from the environment:
#	SHOT_PORT  loopback port for the kiosk (default 24300; 0 picks a free one)
#	SHOT_OUT   folder for the PNG files (default docs/images)
#
# Each session is a visitor with OpenSSH's defaults: TERM=xterm-256color and
# LANG forwarded, no COLORTERM (so the kiosk sends 256 colours), answering
# the kiosk's background query as a dark terminal. Every shot is also checked
# for a QR code: when a screen shows half blocks, a QR code on it must decode
# (embassy-shot --qr auto), and zbarimg (Debian's zbar-tools), where it is
# installed, must read the same text.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${SHOT_PORT:-24300}
out=${SHOT_OUT:-docs/images}

# name       size     keys (embassy-shot --keys: characters and key names)
shots='
home         80x24
page         80x24    1
directory    80x24    4
entry        80x24    4,enter
home-wide    160x45
'

tmp=$(mktemp -d)
kiosk_pid=
cleanup() {
	if [ -n "$kiosk_pid" ]; then
		kill -TERM "$kiosk_pid" 2>/dev/null || true
		wait "$kiosk_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

echo "building the kiosk and embassy-shot"
go build -o "$tmp/embassy" ./cmd/embassy
go build -o "$tmp/embassy-shot" ./cmd/embassy-shot

"$tmp/embassy" --listen "127.0.0.1:$port" --data "$tmp/data" --drain 1s --log-format text >"$tmp/kiosk.log" 2>&1 &
kiosk_pid=$!

# The kiosk logs the address it listens on once it is ready.
addr=
for _ in $(seq 100); do
	addr=$(sed -n 's/.*msg=listening addr=\([^ ]*\).*/\1/p' "$tmp/kiosk.log" | head -n 1)
	[ -n "$addr" ] && break
	if ! kill -0 "$kiosk_pid" 2>/dev/null; then
		echo "the kiosk did not start:" >&2
		cat "$tmp/kiosk.log" >&2
		exit 1
	fi
	sleep 0.1
done
if [ -z "$addr" ]; then
	echo "the kiosk did not say where it listens within 10s:" >&2
	cat "$tmp/kiosk.log" >&2
	exit 1
fi
echo "kiosk on $addr"

mkdir -p "$out"
while read -r name size keys; do
	[ -n "$name" ] || continue
	png="$out/$name.png"
	report=$("$tmp/embassy-shot" --addr "$addr" --size "$size" --keys "${keys:-}" \
		--env LANG=en_US.UTF-8 --qr auto --out "$png")
	echo "$report"
	# A code that embassy-shot read must read the same with zbarimg.
	qr=$(sed -n 's/.*QR code ([^)]*) reads "\(.*\)"$/\1/p' <<<"$report")
	if [ -n "$qr" ] && command -v zbarimg >/dev/null; then
		zbar=$(zbarimg --quiet --raw --nodbus -Sdisable -Sqrcode.enable -Stest-inverted "$png" 2>/dev/null || true)
		if [ "$zbar" != "$qr" ]; then
			echo "$png: zbarimg read \"$zbar\", embassy-shot \"$qr\"" >&2
			exit 1
		fi
		echo "$png: zbarimg reads the same"
	fi
done <<<"$shots"
