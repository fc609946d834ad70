#!/bin/bash
# bench/run.sh: runs the benchmarks and prints one table of their figures:
# measure, peer, vfiotui, ratio, goal (issue 18), and whether it holds.
# Each bench prints no figure when a run of it missed or failed; then this
# exits 1.  Numbers never decide the exit status.
#
# usage: bench/run.sh [VFIOTUI_BINARY]
#   BENCH_SHORT=1 runs each bench minimally (10 latency rounds), as CI does.
#   bench/bind.sh runs in a VM and is left out.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
me=bench/run.sh
# shellcheck source=bench/common.sh
. "$top/bench/common.sh"

vfiotui=$(find_vfiotui "${1:-}")
rounds=200 qmp_rounds=40 start_rounds=10 rescan_rounds=3 rescan_window=10
frame_rounds=5
[[ ${BENCH_SHORT:-} == 1 ]] && rounds=10 qmp_rounds=10 start_rounds=3 \
    rescan_rounds=1 rescan_window=4 frame_rounds=1
tmp=$(make_tmp run)
trap 'rm -rf "$tmp"' EXIT

# bench NAME [ENV...]: runs bench/NAME.sh into $tmp/NAME.out, or exits 1.
bench()
{
	local name=$1

	shift
	env "$@" "$top/bench/$name.sh" "$vfiotui" >"$tmp/$name.out" \
	    2>"$tmp/$name.err" ||
		die "bench/$name.sh failed: $(cat "$tmp/$name.err")"
}

bench list
bench latency "ROUNDS=$rounds"
bench idle
bench qmp-latency "ROUNDS=$qmp_rounds"
bench guest-start "ROUNDS=$start_rounds"
bench rescan "ROUNDS=$rescan_rounds" "WINDOW=$rescan_window"
bench frame "ROUNDS=$frame_rounds"

# row MEASURE PEER VFIOTUI GOAL_OP GOAL: one line of the table; the ratio
# and the goal are of vfiotui/peer, or of vfiotui alone when PEER is "-".
row()
{
	awk -v m="$1" -v p="$2" -v v="$3" -v op="$4" -v g="$5" 'BEGIN {
		x = (p == "-") ? v : (p > 0 ? v / p : 0)
		r = (p == "-") ? "-" : sprintf("%.2f", x)
		h = (op == "<=") ? x <= g : x < g
		printf "%-28s %10s %10s %6s %8s %5s\n", m, p, v, r, op g,
		    h ? "yes" : "no"
	}'
}

figure()
{
	sed -nE "$2" "$tmp/$1.out" | head -n 1 | grep . ||
		die "bench/$1.sh printed no figure for $3"
}

# list_times N: "VFIOTUI LSPCI", list.sh's times at N devices.
list_times()
{
	figure list "s/^list $1 devices: vfiotui ([0-9.]+) s, lspci -nn ([0-9.]+) s,.*/\\1 \\2/p" \
	    "list at $1 devices"
}
l25=$(list_times 25)
l500=$(list_times 500)
l5000=$(list_times 5000)
rss=$(figure list 's/^peak RSS at 5000 devices: vfiotui ([0-9]+) KiB, lspci ([0-9]+) KiB$/\1 \2/p' \
    "peak RSS")
p99=$(figure latency 's/^send -> screen: .*p99 ([0-9.]+) ms.*/\1/p' \
    "uevent p99")
qmp99=$(figure qmp-latency 's/^QMP stop\/cont -> screen: .*p99 ([0-9.]+) ms.*/\1/p' \
    "QMP p99")
start=$(figure guest-start 's/^guest start .*: vfiotui ([0-9.]+), shell script ([0-9.]+)$/\1 \2/p' \
    "guest start")
rescan=$(figure rescan 's/^CPU without uevents: vfiotui ([0-9]+) ms, lspci -nn every 2 s ([0-9]+) ms$/\1 \2/p' \
    "CPU without uevents")
frame=$(figure frame 's/^first frame: dashboard ([0-9.]+) ms, list ([0-9.]+) ms$/\1 \2/p' \
    "first frame")
tui_rss=$(figure frame 's/^TUI peak RSS, every pane shown: ([0-9]+) KiB.*/\1/p' \
    "TUI peak RSS")
core=$(figure rescan 's/^share of a core: ([0-9.]+)%.*/\1/p' "share of a core")

printf '%-28s %10s %10s %6s %8s %5s\n' measure peer vfiotui ratio goal holds
row "list 25 devs (s) / lspci" "${l25#* }" "${l25% *}" "<=" 0.9
row "list 500 devs (s) / lspci" "${l500#* }" "${l500% *}" "<=" 0.72
row "list 5000 devs (s) / lspci" "${l5000#* }" "${l5000% *}" "<=" 0.35
row "list peak RSS 5000 (KiB)" - "${rss% *}" "<=" 6144
row "TUI peak RSS 5000 (KiB)" - "$tui_rss" "<=" 8192
row "uevent -> screen p99 (ms)" - "$p99" "<" 20
row "QMP event -> screen p99 (ms)" - "$qmp99" "<" 10
row "guest start (ms) / script" "${start#* }" "${start% *}" "<=" 1.25
row "first frame 5000 (ms) / list" "${frame#* }" "${frame% *}" "<=" 1.5
row "no-udev CPU 5000 (ms) / lspci" "${rescan#* }" "${rescan% *}" "<" 1
row "no-udev CPU 5000 (% core)" - "$core" "<" 1
sed 's/^/idle: /' <(grep -E 'wake-ups' "$tmp/idle.out")
