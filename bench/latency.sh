#!/bin/bash
# bench/latency.sh: how long a driver change takes to reach the screen.
# vfiotui runs in tmux on a umockdev testbed of the reference laptop
# (tests/fixtures/clevo-p650hp6.desc) under strace; tests/fakekernel plays
# the kernel.  200 times, the GPU 0000:01:00.0 is unbound (not timed),
# then bound, to nvidia and vfio-pci in turn (timed): from just before the
# bind command goes to fakekernel (which then makes the links and emits
# the "bind" uevent) to the start of the first write() by vfiotui to the
# terminal (fd 1) that holds the new driver's name.  Also shown: the part
# spent before vfiotui receives the uevent (its recvmsg()).
# A measurement, not a test: it exits 0 whatever the latencies, and 1
# when something it needs failed to run or a change missed the screen
# within 2 s (then it prints no figure).
#
# usage: bench/latency.sh [VFIOTUI_BINARY]
#   The binary is, in order: the argument, $VFIOTUI, then build/vfiotui,
#   vfiotui or src/vfiotui at the top of the repository.  $MKFIXTURE and
#   $FAKEKERNEL name the test helpers; otherwise build/tests/NAME, then
#   tests/NAME.  $ROUNDS changes the number of timed changes (200).
#   Needs strace, tmux and umockdev (umockdev-wrapper).
#   The trees go under $TMPDIR if set, else /dev/shm, else /tmp.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
me=bench/latency.sh
rounds=${ROUNDS:-200}
addr=0000:01:00.0
drivers=(nvidia vfio-pci)	# bound in turn; the fixture starts on vfio-pci
wait_s=2			# a change not on screen by then is missed

# shellcheck source=bench/common.sh
. "$top/bench/common.sh"

vfiotui=$(find_vfiotui "${1:-}")
find_fake_kernel
desc=$top/tests/fixtures/clevo-p650hp6.desc
[[ -r $desc ]] || die "$desc is missing"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive number"

tmp=$(make_tmp latency)
sock=$tmp/tmux.sock	# in $tmp, so it goes with it
log=$tmp/strace.log

# What was started, for cleanup; empty when not running.
fk_pid='' fk_in='' fk_out='' testbed='' strace_pid='' vfiotui_pid=''

# Stops everything by pid, removes the testbed and the temp dir; runs
# from the EXIT trap however the script ends.
cleanup()
{
	set +e
	tmux -S "$sock" kill-server >/dev/null 2>&1
	# shellcheck disable=SC2086 # each holds a pid or nothing
	end_pids $strace_pid $vfiotui_pid
	stop_fakekernel
	rm -rf "$tmp"
}
trap_cleanup

# fk COMMAND...: one command to fakekernel, which must answer ok.
fk()
{
	local reply=

	printf '%s\n' "$*" >&"$fk_in"
	read -r -t 5 reply <&"$fk_out" || true
	[[ $reply == ok ]] || die "fakekernel $*: ${reply:-no answer}"
}

"$mkfixture" --no-config "$desc" "$tmp/tree" >/dev/null 2>"$tmp/err" ||
	die "mkfixture $desc failed: $(cat "$tmp/err")"
start_fakekernel "$tmp/tree"

# --seccomp-bpf stops vfiotui only at the traced calls; -E puts the
# preload in vfiotui only, not in strace.
tmux -S "$sock" -f /dev/null new-session -d -x 120 -y 40 -s t \
    "exec env LANG=C.UTF-8 strace --seccomp-bpf -f -ttt -s 65536 \
    -e trace=write,recvmsg -e signal=none -o '$log' \
    -E LD_PRELOAD=libumockdev-preload.so.0 -E 'UMOCKDEV_DIR=$testbed' \
    '$vfiotui' 2>'$tmp/vfiotui.err'"
strace_pid=$(tmux -S "$sock" list-panes -t t -F '#{pane_pid}')

wait_listener || die "no uevent listener appeared in $testbed in 10 s" \
    "(is the umockdev preload working?); screen: $(screen)" \
    "stderr: $(cat "$tmp/vfiotui.err" 2>/dev/null)"
vfiotui_pid=$(pgrep -P "$strace_pid" | head -n 1 || true)
wait_screen "^. 01:00\.0 .* vfio-pci " ||
	die "the GPU row never showed vfio-pci: $(screen)"
sleep 0.5

: >"$tmp/sends"
for ((i = 0; i < rounds; i++)); do
	drv=${drivers[i % 2]}
	off=$(log_size)
	fk unbind "$addr"
	# Any redraw will do: the row's driver becomes "-".
	wait_write "$off" "" ||
	    no_figure "unbind $i: no redraw within $wait_s s"
	off=$(log_size)
	t=$(now_us)
	fk bind "$addr" "$drv"
	echo "$t $drv" >>"$tmp/sends"
	wait_write "$off" "$drv" ||
	    no_figure "bind $i to $drv: not on screen within $wait_s s"
done
kill -0 "$vfiotui_pid" 2>/dev/null ||
	die "vfiotui exited during the run: $(cat "$tmp/vfiotui.err" 2>/dev/null)"

# Each line of the log belongs to the last bind sent before it: the first
# recvmsg() and the first write() to fd 1 holding the driver's name (also
# across two writes) after a bind give "TOTAL_US DELIVERY_US" for it.
awk -v call="$strace_call_ere" -v note=recvmsg -f "$top/bench/rounds.awk" \
    "$tmp/sends" "$log" >"$tmp/lat"

nlat=$(wc -l <"$tmp/lat")
((nlat == rounds)) ||
    no_figure "$((rounds - nlat)) of $rounds changes not found in the log"
cut -d ' ' -f 1 "$tmp/lat" | sort -n >"$tmp/total"
awk '$2 >= 0 { print $2 }' "$tmp/lat" | sort -n >"$tmp/delivery"
awk '$2 >= 0 { print $1 - $2 }' "$tmp/lat" | sort -n >"$tmp/vfiotui"
echo "vfiotui under umockdev and strace (write, recvmsg: each traced call" \
    "is a stop, some tens of us), 120x40 tmux pane"
echo "driver changes of $addr: $rounds binds, to nvidia and vfio-pci in" \
    "turn, an unbind before each"
echo "send -> screen: p50 $(pct 0.5 <"$tmp/total") ms," \
    "p99 $(pct 0.99 <"$tmp/total") ms, max $(pct 1 <"$tmp/total") ms" \
    "(target p99 < 20 ms)"
if [[ -s $tmp/delivery ]]; then
	echo "of which fakekernel + uevent delivery (send -> recvmsg): p50" \
	    "$(pct 0.5 <"$tmp/delivery") ms, p99 $(pct 0.99 <"$tmp/delivery") ms"
	echo "vfiotui's own part (recvmsg -> screen): p50" \
	    "$(pct 0.5 <"$tmp/vfiotui") ms, p99 $(pct 0.99 <"$tmp/vfiotui") ms"
fi
exit 0
