#!/usr/bin/env bash
# compare.sh: the measurements of docs/performance.md, the kiosk beside the
# yardstick, in one run on this machine. Loopback only; every load run is
# bounded by --timeout 2m.
#
#   tools/loadtest/compare.sh [OUT_DIR] [STEPS...]
#
# STEPS (default: all but big): one, burst, idle, idle1000, hold, rounds,
# tour, visit, big. The servers listen on 127.0.0.1:24201 (yardstick),
# :24202 (kiosk, --renderer immediate) and :24203 (kiosk, --renderer
# bubbletea), or on PORT, PORT+1 and PORT+2 when PORT is set. Each step
# that reads memory starts its servers afresh.
# Results: one JSON report per run in OUT_DIR, and summary.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=${1:-/tmp/embassy-perf}
shift || true
steps=${*:-one burst idle idle1000 hold rounds tour visit}
mkdir -p "$out/bin" "$out/data"
ulimit -n "$(ulimit -Hn)"

go build -o "$out/bin/" ./cmd/embassy ./cmd/embassy-load ./cmd/yardstick
load="$out/bin/embassy-load"

p0=${PORT:-24201}
declare -A port=([yardstick]=$p0 [immediate]=$((p0 + 1)) [bubbletea]=$((p0 + 2)))
declare -A pid=()

start() { # start NAME: (re)start one server and wait for it to listen
	local name=$1
	stop "$name"
	case $name in
	yardstick) "$out/bin/yardstick" --listen "127.0.0.1:${port[$name]}" --data "$out/data/yardstick" >"$out/$name.log" 2>&1 & ;;
	# The load tool is one visitor opening thousands of connections: the
	# kiosk's limits (docs/security.md) are raised so that they measure
	# the kiosk, not its refusals.
	*) "$out/bin/embassy" --renderer "$name" --listen "127.0.0.1:${port[$name]}" --data "$out/data/kiosk" \
		--max-conns 20000 --max-handshakes 3000 --exempt 127.0.0.0/8 \
		--log-format json >"$out/$name.log" 2>&1 & ;;
	esac
	pid[$name]=$!
	for _ in $(seq 50); do
		(echo >"/dev/tcp/127.0.0.1/${port[$name]}") 2>/dev/null && return 0
		sleep 0.1
	done
	echo "compare.sh: $name did not start" >&2
	return 1
}

stop() {
	local p=${pid[$1]:-}
	if [ -n "$p" ]; then
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
		unset "pid[$1]"
	fi
}

trap 'for n in "${!pid[@]}"; do stop "$n"; done' EXIT

run() { # run NAME LABEL ARGS...: one bounded load run against server NAME
	local name=$1 label=$2
	shift 2
	echo "== $label $name" >&2
	"$load" --addr "127.0.0.1:${port[$name]}" --pid "${pid[$name]}" --timeout 2m --json -q "$@" \
		>"$out/$label-$name.json" || echo "   (exit $?: see $out/$label-$name.json)" >&2
}

all=(yardstick immediate bubbletea)

# The kiosk's full tour (menu: 1 and 2 pages, 3 Key dates, 4 the directory,
# 5 the banner): both pages to their ends, the directory to its end
# and one of its entries, the banner's entry, quit.
kiosk_tour='1,wait,G,wait,esc,wait,2,wait,G,wait,esc,wait,4,wait,G,wait,enter,wait,esc,wait,esc,wait,5,wait,esc,wait,q'
yard_tour='j,wait,j,wait,k,wait,q'

for step in $steps; do
	case $step in
	one) # one session at a time: first frame, one key, server CPU
		for n in "${all[@]}"; do start "$n"; done
		for rep in 1 2 3; do
			for n in "${all[@]}"; do run "$n" "one$rep" -n 100 -c 1; done
		done ;;
	burst) # 1,000 sessions opened at once
		for rep in 1 2 3; do
			for n in "${all[@]}"; do
				start "$n"
				run "$n" "burst$rep" -n 1000 -c 1000 --sources 8 --keys 0 --session-timeout 90s
				stop "$n"
			done
		done ;;
	idle) # idle CPU and bytes, 20 sessions
		for n in "${all[@]}"; do start "$n"; done
		for rep in 1 2 3; do
			for n in "${all[@]}"; do run "$n" "idle$rep" --mode idle -n 20 -c 20 --idle 10s; done
		done ;;
	idle1000) # idle CPU at 1,000 sessions
		for n in "${all[@]}"; do
			start "$n"
			run "$n" idle1000 --mode idle -n 1000 -c 100 --sources 8 --idle 10s
			stop "$n"
		done ;;
	hold) # memory per held session, fresh servers
		for rep in 1 2 3; do
			for n in "${all[@]}"; do
				start "$n"
				run "$n" "hold$rep" --mode hold -n 1000 -c 100 --sources 8 --hold 10s
				stop "$n"
			done
		done ;;
	rounds) # five rounds of 1,000 on one server: does memory come back?
		for n in yardstick immediate; do
			start "$n"
			for r in 1 2 3 4 5; do run "$n" "round$r" --mode hold -n 1000 -c 100 --sources 8 --hold 5s --settle 10s; done
			stop "$n"
		done ;;
	tour) # bytes of a full tour
		for n in immediate bubbletea; do
			start "$n"
			run "$n" tour --mode tour -n 20 -c 4 --tour-keys "$kiosk_tour"
		done
		start yardstick
		run yardstick tour --mode tour -n 20 -c 4 --tour-keys "$yard_tour" ;;
	visit) # server CPU of a whole visit: connect, home, open a page, quit
		for n in "${all[@]}"; do start "$n"; done
		for rep in 1 2 3; do
			run immediate "visit$rep" --mode tour -n 100 -c 1 --tour-keys '1,wait,q'
			run bubbletea "visit$rep" --mode tour -n 100 -c 1 --tour-keys '1,wait,q'
			run yardstick "visit$rep" --mode tour -n 100 -c 1 --tour-keys 'j,wait,q'
		done ;;
	big) # 10,000 idle sessions held at once (needs ulimit -n above 10,100)
		for n in immediate yardstick; do
			start "$n"
			run "$n" big --mode hold -n 10000 -c 200 --sources 64 --hold 20s --session-timeout 100s
			stop "$n"
		done ;;
	*) echo "compare.sh: unknown step $step" >&2; exit 2 ;;
	esac
done

# One line per report: the figures docs/performance.md quotes.
for f in "$out"/*.json; do
	jq -r --arg f "$(basename "$f" .json)" '[$f,
		"ok=\(.ok)/\(.sessions)",
		"ff_shell_p50=\(.first_frame_from_shell_ms.p50 // "-")",
		"ff_dial_p99=\(.first_frame_from_dial_ms.p99 // "-")",
		"frame_B=\(.first_frame_bytes.p50 // "-")",
		"key_B=\(.key_bytes.p50 // "-")/p95=\(.key_bytes.p95 // "-")",
		"tour_wire_B=\(.tour_wire_bytes.p50 // "-")",
		"idle_B=\(.idle_bytes.max // "-")",
		"cpu_ms=\(.server.cpu_per_session_ms // "-")",
		"idle_cpu=\(.server.idle_cpu_ms_per_s_per_session // "-")",
		"rss_KiB=\(.server.rss_per_held_session_kib // "-")",
		"rss_MiB_before/held/after=\((.server.before.rss_kib // 0)/1024|floor)/\((.server.held.rss_kib // 0)/1024|floor)/\((.server.after_close.rss_kib // 0)/1024|floor)",
		"repainted=\(.sessions_repainted)"] | join("  ")' "$f"
done | tee "$out/summary.txt"
