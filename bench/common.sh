# Shared by the benchmarks: sourced after setting $me (the script's name)
# and $top (the repository).  Finds the binaries and makes the temp dir.

die()
{
	echo "$me: $*" >&2
	exit 1
}

# find_tool VAR_VALUE NAME...: the first of the value or the candidates
# under the top that is executable.
find_tool()
{
	local c

	if [[ -n $1 ]]; then
		[[ -x $1 ]] || return 1
		printf '%s\n' "$1"
		return 0
	fi
	shift
	for c in "$@"; do
		if [[ -x $top/$c ]]; then
			printf '%s\n' "$top/$c"
			return 0
		fi
	done
	return 1
}

# find_vfiotui [BINARY]: the argument, $VFIOTUI, or a build in the tree.
find_vfiotui()
{
	find_tool "${1:-${VFIOTUI:-}}" build/vfiotui vfiotui src/vfiotui ||
		die "no vfiotui binary: build it, or pass its path"
}

# find_helper NAME: tests/NAME, as $NAME (upper case) names it or as built.
find_helper()
{
	local var=${1^^}

	find_tool "${!var:-}" "build/tests/$1" "tests/$1" ||
		die "no $1: make tests/$1, or set \$$var"
}

# need PACKAGES TOOL...: dies, naming the PACKAGES that hold them, unless
# every TOOL is on PATH.
need()
{
	local packages=$1 t

	shift
	for t; do
		command -v "$t" >/dev/null ||
			die "$t not found (package: $packages)"
	done
}

# find_fake_kernel: sets mkfixture and fakekernel, and checks for the tools
# that a bench of a fixture tree under umockdev, watched in tmux, needs.
find_fake_kernel()
{
	mkfixture=$(find_helper mkfixture)
	fakekernel=$(find_helper fakekernel)
	need "strace, tmux, umockdev" strace tmux umockdev-wrapper
}

# strace_call_ere: the start of a line of `strace -f -ttt`, up to the call's
# name: strace pads the pid to five columns, so a pid under 10000 comes
# after spaces.
strace_call_ere='^ *[0-9]+ +[0-9]+[.][0-9]+ '

# no_figure WHAT: a run that missed or timed out gives no figure; says so
# and exits 1, so that no caller takes a partial run for a measure.
no_figure()
{
	die "$*; no figure from this run"
}

# now_us: the wall clock in microseconds, as strace -ttt prints it.
now_us()
{
	local t=$EPOCHREALTIME

	printf '%s\n' "${t/./}"
}

# sleep_until_us T: sleeps until now_us would say T.
sleep_until_us()
{
	local d=$(($1 - $(now_us)))

	if ((d > 0)); then
		sleep "$(printf '%d.%06d' $((d / 1000000)) $((d % 1000000)))"
	fi
}

# make_tmp NAME: a temp dir on tmpfs where there is one (fixture trees are
# thousands of small files: about 1 ms a file on a disk here), printed.
make_tmp()
{
	local base=${TMPDIR:-}

	if [[ -z $base ]]; then
		base=/tmp
		if [[ -d /dev/shm && -w /dev/shm ]]; then
			base=/dev/shm
		fi
	fi
	mktemp -d "$base/vfiotui-$1.XXXXXX"
}

# start_fakekernel TREE: tests/fakekernel on TREE under umockdev; sets
# fk_pid, fk_in, fk_out and testbed (its UMOCKDEV_DIR).  The caller's trap
# closes fk_in (the testbed goes) and removes $testbed should it not.
start_fakekernel()
{
	coproc FK { exec umockdev-wrapper "$fakekernel" "$1" 2>"$tmp/fk.err"; }
	fk_pid=$FK_PID fk_in=${FK[1]} fk_out=${FK[0]}
	read -r -t 10 testbed <&"$fk_out" ||
		die "fakekernel did not start: $(cat "$tmp/fk.err")"
}

# wait_listener: waits up to 10 s for vfiotui's udev monitor (the preload
# makes a socket in the testbed when it starts; events sent before then
# are lost).  Sets ev to the socket, empty when none came.
wait_listener()
{
	local i

	ev=
	for i in $(seq 100); do
		ev=$(compgen -G "$testbed/event[0-9]*" || true)
		[[ -n $ev ]] && return 0
		sleep 0.1
	done
	return 1
}

# trap_cleanup: runs the caller's cleanup() however the script ends; a
# signal ends it with the shell's status for that signal.
trap_cleanup()
{
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP
}

# tmux_tmp NAME: a temp dir for the bench NAME in $tmp and a tmux socket in
# it, $sock; both go, the server killed, however the script ends.
tmux_tmp()
{
	tmp=$(make_tmp "$1")
	sock=$tmp/tmux.sock
	cleanup()
	{
		set +e
		tmux -S "$sock" kill-server >/dev/null 2>&1
		rm -rf "$tmp"
	}
	trap_cleanup
}

# big_host_tree DIR [--no-config]: the 5000-device host as a sysfs tree.
big_host_tree()
{
	big_host_desc >"$tmp/host.desc"
	"$mkfixture" ${2:+"$2"} "$tmp/host.desc" "$1" >/dev/null \
	    2>"$tmp/err" || die "mkfixture failed: $(cat "$tmp/err")"
}

# screen: what the dashboard in tmux (socket $sock, window t) shows now.
screen()
{
	tmux -S "$sock" capture-pane -p -t t 2>/dev/null || true
}

# log_size: where the strace log $log ends now.
log_size()
{
	stat -c %s "$log"
}

# wait_write OFFSET ERE: waits until the log past OFFSET has a write() to
# fd 1 matching ERE; fails after $wait_s.  The first look comes after
# 20 ms, so that this loop does not take the CPU from vfiotui while it
# works on the change.
wait_write()
{
	local deadline=$(($(now_us) + wait_s * 1000000))

	sleep 0.02
	while :; do
		grep -qE "${strace_call_ere}write\(1, .*$2" \
		    < <(tail -c +$(($1 + 1)) "$log") && return 0
		(($(now_us) < deadline)) || return 1
		sleep 0.01
	done
}

# pct P: the nearest-rank P-th percentile of the sorted microseconds on
# stdin, in ms.
pct()
{
	awk -v p="$1" '{ v[NR] = $1 }
	END {
		r = int(p * NR + 0.999999)
		printf "%.2f", v[r < 1 ? 1 : r] / 1000
	}'
}

# median: the median of the numbers on stdin (of an even count, the mean
# of the two middle ones), in their unit.
median()
{
	sort -n | awk '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		# awk would print a large number as 3.6e+07.
		printf m == int(m) ? "%.0f\n" : "%.10g\n", m }'
}

# wait_gone TENTHS PID...: waits up to TENTHS tenths of a second while
# the PIDs run.
wait_gone()
{
	local i

	for ((i = 0; i < $1; i++)); do
		kill -0 "${@:2}" 2>/dev/null || return 0
		sleep 0.1
	done
}

# end_pids PID...: TERM to each, a second for them to go, then KILL.
end_pids()
{
	(($# > 0)) || return 0
	kill "$@" 2>/dev/null || true
	wait_gone 10 "$@"
	kill -KILL "$@" 2>/dev/null || true
}

# stop_fakekernel: ends start_fakekernel's fakekernel (EOF on its stdin
# makes it remove the testbed) and removes the testbed should it not.
stop_fakekernel()
{
	if [[ -n $fk_pid ]]; then
		[[ -n $fk_in ]] && exec {fk_in}>&-
		[[ -n $fk_out ]] && exec {fk_out}<&-
		wait_gone 50 "$fk_pid"
		kill "$fk_pid" 2>/dev/null || true
		wait "$fk_pid" 2>/dev/null || true
	fi
	if [[ $testbed == /tmp/umockdev.* ]]; then
		rm -rf "$testbed"
	fi
	fk_pid='' fk_in='' fk_out='' testbed=''
}

# wait_screen ERE: waits up to 5 s for a line of the screen to match ERE.
wait_screen()
{
	local i

	for i in $(seq 50); do
		screen | grep -qE "$1" && return 0
		sleep 0.1
	done
	return 1
}

# big_host_desc: the 5000-device host, as mkfixture reads it: 5 PCI
# domains x 200 root ports x (the port + a 4-function device on its own
# bus).  No ACS, so each port shares its group with what is behind it:
# 1000 groups of 5.  The devices cycle through a GPU on host drivers, a GPU
# given to vfio-pci and asleep, a quad-port NIC, and an unbound GPU.
big_host_desc()
{
	awk 'BEGIN {
		split("10de:1e87 10de:10f8 10de:1ad8 10de:1ad9", rtx, " ")
		split("10de:1e07 10de:10f7 10de:1ad6 10de:1ad7", ti, " ")
		split("030000 040300 0c0330 0c8000", gpucls, " ")
		split("nvidia snd_hda_intel xhci_hcd nvidia-gpu", gpudrv, " ")
		for (dom = 0; dom < 5; dom++) for (k = 0; k < 200; k++) {
			g = dom * 200 + k
			port = sprintf("%04x:00:%02x.%x", dom, 1 + int(k / 8), k % 8)
			printf "%s class=060400 id=%s group=%d driver=pcieport\n", \
			    port, dom % 2 ? "8086:a110" : "1022:1483", g
			for (fn = 0; fn < 4; fn++) {
				extra = ""
				if (k % 4 == 0) {
					cls = gpucls[fn + 1]; id = rtx[fn + 1]
					extra = "rev=a1 subsys=1462:3721 driver=" gpudrv[fn + 1]
				} else if (k % 4 == 1) {
					cls = gpucls[fn + 1]; id = rtx[fn + 1]
					extra = "rev=a1 driver=vfio-pci driver_override=vfio-pci" \
					    " power_state=D3cold runtime_status=suspended control=auto"
				} else if (k % 4 == 2) {
					cls = "020000"; id = "8086:1521"
					extra = "rev=01 subsys=8086:0001 driver=igb"
				} else {
					cls = gpucls[fn + 1]; id = ti[fn + 1]; extra = "rev=a1"
				}
				printf "%04x:%02x:00.%d class=%s id=%s group=%d parent=%s %s\n", \
				    dom, k + 1, fn, cls, id, g, port, extra
			}
		}
	}'
}
