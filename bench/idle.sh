#!/bin/bash
# bench/idle.sh: how often the TUI wakes up when nothing happens.  vfiotui
# runs in tmux on a umockdev testbed (so it has its udev monitor, as on a
# real host, and no sysfs re-read timer), under strace, for 10 s with no
# uevents and no keys; every return from poll()/ppoll() (and the select and
# epoll families, in case a library brings its own) is a wake-up.
#   (a) a host without GPUs: nothing to poll, so the target is 0;
#   (b) the reference laptop (tests/fixtures/clevo-p650hp6.desc), whose
#       GPUs have their power state re-read every second while the IOMMU
#       pane is shown: the target is at most 1 a second.
# A measurement, not a test: it exits 0 whatever the counts, and 1 only
# when something it needs failed to run.
#
# usage: bench/idle.sh [VFIOTUI_BINARY]
#   The binary is, in order: the argument, $VFIOTUI, then build/vfiotui,
#   vfiotui or src/vfiotui at the top of the repository.  $MKFIXTURE and
#   $FAKEKERNEL name the test helpers; otherwise build/tests/NAME, then
#   tests/NAME.  Needs strace, tmux and umockdev (umockdev-wrapper).
#   The trees go under $TMPDIR if set, else /dev/shm, else /tmp.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
me=bench/idle.sh
window=10	# seconds counted
settle=1	# seconds after the monitor starts before counting

# shellcheck source=bench/common.sh
. "$top/bench/common.sh"

vfiotui=$(find_vfiotui "${1:-}")
find_fake_kernel
[[ -r $top/tests/fixtures/clevo-p650hp6.desc ]] ||
	die "tests/fixtures/clevo-p650hp6.desc is missing"

tmp=$(make_tmp idle)
sock=$tmp/tmux.sock	# in $tmp, so it goes with it

# What one run started, for teardown; empty when not running.
fk_pid='' fk_in='' fk_out='' testbed='' strace_pid='' vfiotui_pid=''

# Stops what one run started, each by its pid, and removes its testbed.
# Safe to call twice, and from the EXIT trap at any point.
teardown()
{
	tmux -S "$sock" kill-server >/dev/null 2>&1 || true
	# shellcheck disable=SC2086 # each holds a pid or nothing
	end_pids $strace_pid $vfiotui_pid
	strace_pid='' vfiotui_pid=''
	stop_fakekernel
}

cleanup()
{
	set +e
	teardown
	rm -rf "$tmp"
}
trap_cleanup

# A small server without a display-class device: host bridge, root ports,
# an NVMe drive, a NIC, USB, SATA and an SMBus controller.
cat >"$tmp/nogpu.desc" <<'EOF'
0000:00:00.0 class=060000 id=8086:3e0f rev=08 group=0
0000:00:01.0 class=060400 id=8086:1901 rev=08 group=1 driver=pcieport
0000:01:00.0 class=010802 id=144d:a808 subsys=144d:a801 group=1 driver=nvme parent=0000:00:01.0
0000:00:1c.0 class=060400 id=8086:a338 rev=f0 group=2 driver=pcieport
0000:02:00.0 class=020000 id=8086:1533 subsys=8086:0001 rev=03 group=2 driver=igb parent=0000:00:1c.0
0000:00:14.0 class=0c0330 id=8086:a36d rev=10 group=3 driver=xhci_hcd
0000:00:17.0 class=010601 id=8086:a352 rev=10 group=4 driver=ahci
0000:00:1f.4 class=0c0500 id=8086:a323 rev=10 driver=i801_smbus
EOF

# idle_run NAME DESC: vfiotui on DESC for settle + window seconds; leaves
# the strace log in $tmp/NAME.log, the window's start and end (epoch
# microseconds) in win_from and win_to, and vfiotui's fds in $tmp/NAME.fds.
idle_run()
{
	local name=$1 desc=$2 tree=$tmp/$1.tree log=$tmp/$1.log ev=

	"$mkfixture" --no-config "$desc" "$tree" >/dev/null 2>"$tmp/err" ||
		die "mkfixture $desc failed: $(cat "$tmp/err")"
	start_fakekernel "$tree"

	# strace's -E puts the preload in vfiotui only, not in strace.
	tmux -S "$sock" -f /dev/null new-session -d -x 120 -y 40 -s t \
	    "exec env LANG=C.UTF-8 strace --seccomp-bpf -f -ttt -T \
	    -e trace=poll,ppoll,select,pselect6,epoll_wait,epoll_pwait,epoll_pwait2 \
	    -e signal=none -o '$log' -E LD_PRELOAD=libumockdev-preload.so.0 \
	    -E 'UMOCKDEV_DIR=$testbed' '$vfiotui' 2>'$tmp/$name.err'"
	strace_pid=$(tmux -S "$sock" list-panes -t t -F '#{pane_pid}')

	if ! wait_listener; then
		tmux -S "$sock" capture-pane -p -t t >"$tmp/screen" 2>/dev/null || true
		die "$name: no uevent listener appeared in $testbed in 10 s" \
		    "(is the umockdev preload working?); screen: $(cat "$tmp/screen")" \
		    "stderr: $(cat "$tmp/$name.err" 2>/dev/null)"
	fi
	win_from=$(($(now_us) + settle * 1000000))
	win_to=$((win_from + window * 1000000))
	vfiotui_pid=$(pgrep -P "$strace_pid" | head -n 1 || true)
	[[ -n $vfiotui_pid ]] || die "$name: vfiotui is not running under strace"
	ls -l "/proc/$vfiotui_pid/fd" 2>/dev/null |
	    awk '$(NF - 1) == "->" { print $(NF - 2), $NF }' >"$tmp/$name.fds"
	sleep_until_us $((win_to + 200000))
	kill -0 "$vfiotui_pid" 2>/dev/null ||
		die "$name: vfiotui exited during the measurement:" \
		    "$(cat "$tmp/$name.err" 2>/dev/null)"
	teardown
}

# wakeups NAME: the wake-ups that ended inside the window, then one line
# per cause ("COUNT CAUSE"), most frequent first.
wakeups()
{
	awk -v from="$win_from" -v to="$win_to" -v fds="$tmp/$1.fds" '
	BEGIN {
		while ((getline line < fds) > 0) {
			split(line, f, " ")
			what[f[1]] = f[2]
		}
	}
	# "PID SECS.USECS poll(...) = R ... <DUR>"; an interrupted call is
	# split in two, and its "resumed" half is stamped when it returns.
	$3 ~ /^(poll|ppoll|select|pselect6|epoll_[a-z0-9]+)\(/ ||
	    $3 ~ /^<\.\.\.$/ {
		if ($0 ~ /<unfinished \.\.\.>$/ || $0 !~ /= /)
			next
		split($2, t, ".")
		end = t[1] * 1000000 + t[2]
		if ($3 !~ /^<\.\.\.$/ && match($0, /<[0-9]+\.[0-9]+>$/))
			end += substr($0, RSTART + 1, RLENGTH - 2) * 1000000
		if (end < from || end >= to)
			next
		n++
		call = $3 == "<..." ? $4 : $3
		sub(/\(.*/, "", call)
		if ($0 ~ /= 0 \(Timeout\)/) {
			cause[call " timed out"]++
			next
		}
		# The fds that fired, from revents.
		s = $0
		found = 0
		while (match(s, /\{fd=[0-9]+, revents=[A-Z|]+\}/)) {
			m = substr(s, RSTART, RLENGTH)
			s = substr(s, RSTART + RLENGTH)
			split(m, p, /[=,}]/)
			fd = p[2]
			cause[call " fd " fd " (" (fd in what ? what[fd] : "?") \
			    ") " p[4]]++
			found = 1
		}
		if (!found) {
			r = $0
			sub(/.*\) = /, "= ", r)
			sub(/ <[0-9.]+>$/, "", r)
			cause[call " " r]++
		}
	}
	END {
		print n + 0
		for (c in cause)
			print cause[c], c | "sort -rn"
	}' "$tmp/$1.log"
}

# report NAME LABEL TARGET_PER_S
report()
{
	local name=$1 label=$2 target=$3 out n

	out=$(wakeups "$name")
	n=$(head -n 1 <<<"$out")
	if [[ $target == 0 ]]; then
		echo "$label: $n wake-ups in $window s (target 0)"
	else
		awk -v n="$n" -v w="$window" -v l="$label" -v t="$target" \
		    'BEGIN { printf "%s: %d wake-ups in %d s = %.1f/s (target <= %s/s)\n",
		    l, n, w, n / w, t }'
	fi
	tail -n +2 <<<"$out" | sed 's/^/    /'
}

echo "vfiotui under umockdev (uevents on), 120x40 tmux pane, IOMMU pane," \
    "no input; counted by strace from ${settle} s after the monitor starts"
idle_run nogpu "$tmp/nogpu.desc"
report nogpu "no GPU" 0
idle_run clevo "$top/tests/fixtures/clevo-p650hp6.desc"
report clevo "reference laptop" 1
exit 0
