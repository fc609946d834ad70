#!/bin/bash
# bench/qmp-latency.sh: how long a QMP event takes to reach the screen.
# A real QEMU under TCG (a tiny guest, started by vfiotui guest start, its
# profile adding a second QMP socket for the bench) and the dashboard on
# its Guests pane in tmux, under strace.  The bench sends `stop` and
# `cont` in turn on its own socket ($ROUNDS times, 40), each from just
# before the command goes out to the start of the first write() by
# vfiotui to the terminal (fd 1) that holds the new state ("paused",
# "running"): QEMU's STOP or RESUME event, vfiotui's query-status, the
# redraw.
# A measurement, not a test: it exits 0 whatever the latencies, and 1
# when something it needs failed to run or a change missed the screen
# within 2 s (then it prints no figure).
#
# usage: bench/qmp-latency.sh [VFIOTUI_BINARY]
#   The binary is, in order: the argument, $VFIOTUI, then build/vfiotui,
#   vfiotui or src/vfiotui at the top of the repository.  Needs strace,
#   tmux, socat and qemu-system-x86_64.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
me=bench/qmp-latency.sh
rounds=${ROUNDS:-40}
wait_s=2			# a change not on screen by then is missed

# shellcheck source=bench/common.sh
. "$top/bench/common.sh"

vfiotui=$(find_vfiotui "${1:-}")
need "strace, tmux, socat, qemu-system-x86" strace tmux socat \
    qemu-system-x86_64
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive number"

tmp=$(make_tmp qmp-latency)
sock=$tmp/tmux.sock
log=$tmp/strace.log
qmp=$tmp/bench-qmp.sock
export XDG_CONFIG_HOME=$tmp/cfg XDG_RUNTIME_DIR=$tmp/run \
	XDG_STATE_HOME=$tmp/state XDG_DATA_HOME=$tmp/data
mkdir -p "$XDG_CONFIG_HOME/vfiotui/guests"
mkdir -m 700 "$XDG_RUNTIME_DIR"
pidfile=$XDG_RUNTIME_DIR/vfiotui/guests/b/pid
q_pid=''

# Stops the dashboard, the bench's QMP client and QEMU; runs from the
# EXIT trap however the script ends.
cleanup()
{
	set +e
	tmux -S "$sock" kill-server >/dev/null 2>&1
	[[ -n $q_pid ]] && kill "$q_pid" 2>/dev/null
	[[ -s $pidfile ]] && kill -KILL "$(cat "$pidfile")" 2>/dev/null
	sleep 0.2
	rm -rf "$tmp"
}
trap_cleanup

# qmp_send JSON: one command on the bench's socket; its reply and any
# events are read later, so the bench never waits on QEMU here.
qmp_send()
{
	printf '%s\n' "$1" >&"${Q[1]}"
}

printf '%s\n' "machine = q35" "accel = tcg" "memory = 128M" "cpus = 1" \
	"firmware = seabios" "display = none" "network = none" \
	"extra = -qmp unix:$qmp,server=on,wait=off" \
	>"$XDG_CONFIG_HOME/vfiotui/guests/b.conf"
"$vfiotui" guest start b >"$tmp/start" 2>&1 ||
	die "guest start failed: $(cat "$tmp/start")"
coproc Q { exec socat - "UNIX-CONNECT:$qmp"; }
q_pid=$Q_PID
read -r -t 5 greeting <&"${Q[0]}" || die "no QMP greeting on $qmp"
qmp_send '{"execute": "qmp_capabilities"}'
read -r -t 5 reply <&"${Q[0]}" || die "no answer to qmp_capabilities"
# What QEMU says from now on is drained in the background (through a
# copy of the fd: a subshell does not get a coproc's own).
exec {q_out}<&"${Q[0]}"
cat <&"$q_out" >"$tmp/qmp.out" &

tmux -S "$sock" -f /dev/null new-session -d -x 120 -y 40 -s t \
    "exec env LANG=C.UTF-8 strace --seccomp-bpf -f -ttt -s 65536 \
    -e trace=write -e signal=none -o '$log' '$vfiotui' 2>'$tmp/vfiotui.err'"
wait_screen IOMMU || true
tmux -S "$sock" send-keys -t t 3
wait_screen '^. b +running' ||
	die "the Guests pane never showed b running: $(screen)"
sleep 0.5

: >"$tmp/sends"
states=(paused running)
for ((i = 0; i < rounds; i++)); do
	state=${states[i % 2]}
	off=$(log_size)
	t=$(now_us)
	if [[ $state == paused ]]; then
		qmp_send '{"execute": "stop"}'
	else
		qmp_send '{"execute": "cont"}'
	fi
	echo "$t $state" >>"$tmp/sends"
	wait_write "$off" "$state" ||
	    no_figure "round $i: $state not on screen within $wait_s s"
done

# Each write() belongs to the last command sent before it; the first one
# that holds the state's word (also across two writes) ends the round.
awk -v call="$strace_call_ere" -f "$top/bench/rounds.awk" "$tmp/sends" "$log" |
    sort -n >"$tmp/lat"

nlat=$(wc -l <"$tmp/lat")
((nlat == rounds)) ||
    no_figure "$((rounds - nlat)) of $rounds changes not found in the log"
echo "vfiotui under strace (write), 120x40 tmux pane, real QEMU under TCG"
echo "QMP stop/cont -> screen: p50 $(pct 0.5 <"$tmp/lat") ms," \
    "p99 $(pct 0.99 <"$tmp/lat") ms, max $(pct 1 <"$tmp/lat") ms" \
    "(target p99 < 10 ms)"
exit 0
