#!/bin/bash
# bench/frame.sh: how long the dashboard takes to its first full frame on
# the 5000-device host, against `vfiotui list` on the same tree: both
# under strace (writes and exits only), from execve to the first write to
# the terminal that holds the first group's heading (the dashboard, in a
# 120x40 tmux pane) or to the end of the process (list).  The median of
# $ROUNDS runs (5) of each, and their ratio (target at most 1.5); then,
# without strace, the dashboard's peak RSS once each pane has been shown
# (target at most 8 MiB).
# A measurement, not a test: it exits 0 whatever the figures, and 1 when
# something it needs failed to run (then it prints no figure).
#
# usage: bench/frame.sh [VFIOTUI_BINARY]
#   The binary is, in order: the argument, $VFIOTUI, then build/vfiotui,
#   vfiotui or src/vfiotui at the top of the repository.  $MKFIXTURE
#   names tests/mkfixture, else build/tests/mkfixture or tests/mkfixture.
#   Needs tmux and strace.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
me=bench/frame.sh
rounds=${ROUNDS:-5}

# shellcheck source=bench/common.sh
. "$top/bench/common.sh"

vfiotui=$(find_vfiotui "${1:-}")
mkfixture=$(find_helper mkfixture)
need "tmux, strace" tmux strace
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive number"

tmux_tmp frame
log=$tmp/strace.log
big_host_tree "$tmp/tree" --no-config
trace=(strace --seccomp-bpf -f -ttt -e trace=execve,write,exit_group
    -e signal=none -o "$log")

# ms_to ERE: ms from the log's execve to its first line matching ERE
# ("PID SECS.USECS CALL...").
ms_to()
{
	awk -v ere="$1" '
	/ execve\(/ && !t0 { t0 = $2 }
	t0 && $0 ~ ere { printf "%.1f\n", ($2 - t0) * 1000; found = 1; exit }
	END { if (!found) exit 1 }' "$log"
}

frame_ms()
{
	rm -f "$log"
	tmux -S "$sock" -f /dev/null new-session -d -x 120 -y 40 -s t \
	    "exec env LANG=C.UTF-8 ${trace[*]} '$vfiotui' --sysfs '$tmp/tree' 2>'$tmp/vfiotui.err'"
	# Generous: on two shared cores a start may take seconds.
	for _ in $(seq 100); do
		grep -q 'write(1, .*IOMMU Group 0 ' "$log" 2>/dev/null && break
		sleep 0.1
	done
	tmux -S "$sock" kill-server >/dev/null 2>&1 || true
	ms_to 'write\(1, .*IOMMU Group 0 ' ||
		no_figure "no first frame in 10 s: $(cat "$tmp/vfiotui.err")"
}

list_ms()
{
	rm -f "$log"
	"${trace[@]}" "$vfiotui" --sysfs "$tmp/tree" list >/dev/null ||
		no_figure "vfiotui list failed"
	ms_to 'exit_group\(' || no_figure "list's end is not in the log"
}

# screen_has ERE: waits up to 10 s for the dashboard's screen to show ERE.
screen_has()
{
	for _ in $(seq 100); do
		tmux -S "$sock" capture-pane -p -t t | grep -Eq -- "$1" &&
			return 0
		sleep 0.1
	done
	return 1
}

# tui_rss: the dashboard's peak RSS in KiB (VmHWM) once each of its panes
# has been shown, the Checks pane's 6500 checks run among them.
tui_rss()
{
	local pid hwm

	tmux -S "$sock" -f /dev/null new-session -d -x 120 -y 40 -s t \
	    "exec env LANG=C.UTF-8 '$vfiotui' --sysfs '$tmp/tree' 2>'$tmp/vfiotui.err'"
	pid=$(tmux -S "$sock" list-panes -t t -F '#{pane_pid}')
	screen_has '^IOMMU Group 0 ' || no_figure "TUI RSS: no first frame"
	tmux -S "$sock" send-keys -t t 4
	screen_has ' checks: ' || no_figure "TUI RSS: no Checks pane"
	tmux -S "$sock" send-keys -t t 3
	screen_has '^ +GUEST +STATE ' || no_figure "TUI RSS: no Guests pane"
	tmux -S "$sock" send-keys -t t 2
	screen_has '^ Switch ' || no_figure "TUI RSS: no Network pane"
	hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
	tmux -S "$sock" kill-server >/dev/null 2>&1 || true
	[[ $hwm =~ ^[0-9]+$ ]] || no_figure "TUI RSS: no VmHWM for pid $pid"
	echo "$hwm"
}

for ((r = 0; r < rounds; r++)); do
	frame_ms >>"$tmp/frame"
	list_ms >>"$tmp/list"
done
f=$(median <"$tmp/frame")
l=$(median <"$tmp/list")
echo "host: 5000 devices, under strace, median of $rounds"
echo "first frame: dashboard $f ms, list $l ms"
awk -v f="$f" -v l="$l" 'BEGIN {
	printf "ratio frame/list: %.2f (target <= 1.5)\n", (l > 0 ? f / l : 0)
}'
rss=$(tui_rss) || exit 1
echo "TUI peak RSS, every pane shown: $rss KiB (target <= 8192)"
