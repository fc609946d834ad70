#!/bin/bash
# bench/rescan.sh: what the dashboard costs where no uevents come (a
# --sysfs tree, a host without udevd), on the 5000-device host: it looks
# at sysfs again every 2 s.  vfiotui runs in tmux on its IOMMU pane,
# untouched, for $WINDOW seconds (10); its CPU time over them, from
# /proc/PID/schedstat, is set against the peer's: what a user without
# the dashboard runs for the same picture, `lspci -nn` on the same tree
# every 2 s (as `watch -n 2 lspci -nn` would), timed by the shell.  The
# median of $ROUNDS runs (3) of each; also vfiotui's share of a core.
# A measurement, not a test: it exits 0 whatever the figures, and 1 when
# something it needs failed to run (then it prints no figure).
#
# usage: bench/rescan.sh [VFIOTUI_BINARY]
#   The binary is, in order: the argument, $VFIOTUI, then build/vfiotui,
#   vfiotui or src/vfiotui at the top of the repository.  $MKFIXTURE
#   names tests/mkfixture, else build/tests/mkfixture or tests/mkfixture.
#   Needs tmux and lspci.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
me=bench/rescan.sh
window=${WINDOW:-10}
rounds=${ROUNDS:-3}

# shellcheck source=bench/common.sh
. "$top/bench/common.sh"

vfiotui=$(find_vfiotui "${1:-}")
mkfixture=$(find_helper mkfixture)
need "tmux, pciutils" tmux lspci
[[ $window =~ ^[1-9][0-9]*$ && $rounds =~ ^[1-9][0-9]*$ ]] ||
	die "WINDOW and ROUNDS must be positive numbers"

tmux_tmp rescan
big_host_tree "$tmp/tree"

# cpu_ns PID: the CPU time PID has had, in nanoseconds.
cpu_ns()
{
	cut -d' ' -f1 "/proc/$1/schedstat"
}

# dashboard_ms: vfiotui's CPU over one window, in ms, once its first
# screen is up and a re-read has passed.
dashboard_ms()
{
	local pid t0 t1

	tmux -S "$sock" -f /dev/null new-session -d -x 120 -y 40 -s t \
	    "exec env LANG=C.UTF-8 '$vfiotui' --sysfs '$tmp/tree' 2>'$tmp/vfiotui.err'"
	wait_screen 'updates: re-read' && wait_screen '^IOMMU Group 0 ' ||
		no_figure "the dashboard never came up: $(screen)"
	pid=$(tmux -S "$sock" list-panes -t t -F '#{pane_pid}')
	sleep 2.5
	t0=$(cpu_ns "$pid")
	sleep "$window"
	t1=$(cpu_ns "$pid") || no_figure "the dashboard died: $(cat "$tmp/vfiotui.err")"
	tmux -S "$sock" kill-server >/dev/null 2>&1 || true
	echo $(((t1 - t0) / 1000000))
}

# lspci_ms: the CPU of lspci -nn run every 2 s over one window, in ms.
lspci_ms()
{
	local i

	(
		for ((i = 0; i < window; i += 2)); do
			lspci -A linux-sysfs -O "sysfs.path=$tmp/tree/bus/pci" -nn \
			    >/dev/null || exit 1
		done
		times
	) >"$tmp/times" || no_figure "lspci failed on the tree"
	# The second line: the children's user and system time, as 0m0.123s.
	sed -n 2p "$tmp/times" | awk '{
		t = 0
		for (i = 1; i <= 2; i++) {
			split($i, p, /[ms]/)
			t += p[1] * 60 + p[2]
		}
		printf "%d\n", t * 1000
	}'
}

for ((r = 0; r < rounds; r++)); do
	dashboard_ms >>"$tmp/vfiotui"
	lspci_ms >>"$tmp/lspci"
done
v=$(median <"$tmp/vfiotui")
l=$(median <"$tmp/lspci")
echo "host: 5000 devices, a --sysfs tree (no uevents), $window s, median of $rounds"
echo "CPU without uevents: vfiotui $v ms, lspci -nn every 2 s $l ms"
awk -v v="$v" -v l="$l" -v w="$window" 'BEGIN {
	printf "share of a core: %.2f%% (target < 1%%)\n", v / (w * 10)
	if (l > 0)
		printf "ratio vfiotui/lspci: %.3f\n", v / l
}'
