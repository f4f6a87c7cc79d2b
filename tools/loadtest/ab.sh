#!/usr/bin/env bash
# ab.sh: a visit's server CPU for two revisions of the kiosk, in
# interleaved runs on this machine, so that a change is measured against
# what it changed and not against a busier hour.
#
#   tools/loadtest/ab.sh REV_A REV_B [REPS] [N]
#
# Builds cmd/embassy at both revisions (git worktrees under a temporary
# directory), starts them on 127.0.0.1:24620 and :24621 with the limits
# raised as compare.sh does, and runs `embassy-load --mode tour --tour-keys
# 1,wait,q -n N -c 1` against each in turn, REPS times (default 4 x 150).
# Prints the CPU per visit of each run. Loopback only; each run is bounded
# by --timeout 2m.
set -euo pipefail
cd "$(dirname "$0")/../.."

a=${1:?usage: tools/loadtest/ab.sh REV_A REV_B [REPS] [N]}
b=${2:?usage: tools/loadtest/ab.sh REV_A REV_B [REPS] [N]}
reps=${3:-4}
n=${4:-150}
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	git worktree remove --force "$tmp/a" 2>/dev/null || true
	git worktree remove --force "$tmp/b" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/embassy-load" ./cmd/embassy-load
for side in a b; do
	rev=${!side}
	git worktree add -q --detach "$tmp/$side" "$rev"
	(cd "$tmp/$side" && go build -o "$tmp/embassy-$side" ./cmd/embassy)
done

port=(24620 24621)
for i in 0 1; do
	side=$([ $i = 0 ] && echo a || echo b)
	"$tmp/embassy-$side" --listen "127.0.0.1:${port[$i]}" --data "$tmp/data-$side" \
		--max-conns 20000 --max-handshakes 3000 --exempt 127.0.0.0/8 >"$tmp/$side.log" 2>&1 &
	pids+=($!)
done
for p in "${port[@]}"; do
	for _ in $(seq 50); do
		(echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null && break
		sleep 0.1
	done
done

echo "visit CPU per session, ms: A=$a B=$b"
for _ in $(seq "$reps"); do
	line=""
	for i in 0 1; do
		ms=$("$tmp/embassy-load" --addr "127.0.0.1:${port[$i]}" --pid "${pids[$i]}" --timeout 2m --json -q \
			--mode tour -n "$n" -c 1 --tour-keys 1,wait,q | jq -r '.server.cpu_per_session_ms')
		line+=$(printf '%s %.2f  ' "$([ $i = 0 ] && echo A || echo B)" "$ms")
	done
	echo "$line"
done
