#!/bin/bash
# bench/guest-start.sh: how long `vfiotui guest start` takes to a running
# guest, against the shell script users ran before it: the same QEMU line
# (the argv `guest start --print` gives, its sockets and files moved to a
# dir of the script's own), run directly.  Both end when QEMU has set the
# guest up and daemonized (-daemonize returns then; vfiotui's start ends
# at the same moment, after its checks, its runtime dir and its files).
# A tiny guest under TCG (128 MiB, SeaBIOS, no disk): what is timed is
# the start, not a boot.  Each round starts one, then the other, and
# stops both; the median of the rounds is printed.
# A measurement, not a test: it exits 0 whatever the times, and 1 when a
# start failed or a guest did not go (then it prints no figure).
#
# usage: bench/guest-start.sh [VFIOTUI_BINARY]
#   The binary is, in order: the argument, $VFIOTUI, then build/vfiotui,
#   vfiotui or src/vfiotui at the top of the repository.  $ROUNDS changes
#   the number of rounds (10).  Needs qemu-system-x86_64.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
me=bench/guest-start.sh
rounds=${ROUNDS:-10}

# shellcheck source=bench/common.sh
. "$top/bench/common.sh"

vfiotui=$(find_vfiotui "${1:-}")
need qemu-system-x86 qemu-system-x86_64
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive number"

tmp=$(make_tmp guest-start)
export XDG_CONFIG_HOME=$tmp/cfg XDG_RUNTIME_DIR=$tmp/run \
	XDG_STATE_HOME=$tmp/state XDG_DATA_HOME=$tmp/data
mkdir -p "$XDG_CONFIG_HOME/vfiotui/guests" "$tmp/script"
mkdir -m 700 "$XDG_RUNTIME_DIR"
run=$XDG_RUNTIME_DIR/vfiotui/guests/b

# Every QEMU this started goes, however the script ends.
cleanup()
{
	local f

	set +e
	for f in "$run/pid" "$tmp/script/pid"; do
		[[ -s $f ]] && kill -KILL "$(cat "$f")" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap_cleanup

printf '%s\n' "machine = q35" "accel = tcg" "memory = 128M" "cpus = 1" \
	"firmware = seabios" "display = none" "network = none" \
	>"$XDG_CONFIG_HOME/vfiotui/guests/b.conf"
mapfile -t argv < <("$vfiotui" guest start --print b)
((${#argv[@]} > 0)) || no_figure "guest start --print printed nothing"
# The script's QEMU line: the same, its files in a dir of its own.
script=("${argv[@]//"$run"/"$tmp/script"}")

# gone PIDFILE: waits up to 10 s for the QEMU of PIDFILE to end.
gone()
{
	local pid i

	pid=$(cat "$1")
	kill -KILL "$pid" 2>/dev/null || true
	for i in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || { rm -f "$1"; return 0; }
		sleep 0.1
	done
	no_figure "QEMU $pid did not end"
}

# us CMD...: runs CMD, prints how long it took in microseconds.
us()
{
	local t0

	t0=$(now_us)
	"$@" >"$tmp/out" 2>&1 || no_figure "$1 failed: $(cat "$tmp/out")"
	echo $(($(now_us) - t0))
}

# ms_median: the median of the microseconds on stdin, in ms.
ms_median()
{
	median | awk '{ printf "%.1f\n", $1 / 1000 }'
}

: >"$tmp/v" && : >"$tmp/s"
for ((i = 0; i < rounds; i++)); do
	us "$vfiotui" guest start b >>"$tmp/v"
	gone "$run/pid"
	us "${script[@]}" >>"$tmp/s"
	gone "$tmp/script/pid"
done
printf 'guest start (ms, median of %d): vfiotui %s, shell script %s\n' \
	"$rounds" "$(ms_median <"$tmp/v")" "$(ms_median <"$tmp/s")"
