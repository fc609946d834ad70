#!/bin/bash
# bench/soak.sh: does the dashboard hold its memory and fds over a long
# busy run?  vfiotui runs in tmux on the reference laptop's fixture tree
# (tests/fixtures/clevo-p650hp6.desc) and watches eight guests: seven are
# tests/fakeqmp servers flooding it with QMP events (STOP, RESUME,
# RTC_CHANGE, back to back, each state change asked about again) for the
# whole run, one is a real qemu-system-x86_64 under TCG started by
# `vfiotui guest start`.  Its Network pane follows a real vde_switch (and
# slirpvde, from `vfiotui net start`) into which tests/vdeclient plugs and
# unplugs 50 times, spread over the run, each time with the pane on screen
# until the port shows and goes; after each cycle the Guests pane is shown
# until all eight guests are on it.  The dashboard's RSS (VmRSS) and open
# fds are sampled after the first minute (after a tenth of the run when
# that is shorter) and at the end, each time between two cycles.
# A test, unlike the other benches: it prints both samples and exits 1
# when the fds grew at all or the RSS by more than SOAK_RSS_SLACK_KB; it
# fails without a figure when the dashboard or a server died, a screen did
# not come, or the run overran.
#
# usage: bench/soak.sh [BUILD_DIR | VFIOTUI_BINARY]
#   The binary is, in order: BUILD_DIR/vfiotui, the argument, $VFIOTUI,
#   then build/vfiotui, vfiotui or src/vfiotui at the top of the
#   repository.  The build dir is the binary's; where it has a Makefile,
#   `make -s` there first builds the binary and the test helpers the bench
#   needs (tests/fakeqmp, tests/vdeclient and tests/mkfixture: check
#   programs, which plain `make` leaves out).  $FAKEQMP, $VDECLIENT and
#   $MKFIXTURE name other helpers.  Use a build without sanitizers: ASan's
#   quarantine alone grows the RSS for a long while.
#   SOAK_SECONDS: the run's length (600); SOAK_RSS_SLACK_KB: the RSS growth
#   let pass (64).  Needs tmux, qemu-system-x86_64 and vde2 (vde_switch,
#   slirpvde).  The files go under $TMPDIR if set, else /dev/shm, else /tmp.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
me=bench/soak.sh
run_s=${SOAK_SECONDS:-600}
# Allocator noise: under the flood the heap in use swings by some 40 kB
# with the depth of the QMP queues (malloc_stats() every 20 s of a 300 s
# run: 3.49 to 3.53 MB, no trend), and RSS keeps the highest page the heap
# touched, so it creeps up a page now and then.  A leak of anything an
# event, a cycle or a redraw brings is far past 64 kB over the run.
slack_kb=${SOAK_RSS_SLACK_KB:-64}
cycles=50
nfakes=7
wait_s=15	# for a screen: seconds, on a busy machine under the flood

# shellcheck source=bench/common.sh
. "$top/bench/common.sh"

# Below a minute the cycles (a second or so each under the flood) do not
# fit in the run.
if ! [[ $run_s =~ ^[0-9]+$ ]] || ((run_s < 60)); then
	die "SOAK_SECONDS must be a number of seconds, at least 60"
fi
[[ $slack_kb =~ ^[0-9]+$ ]] || die "SOAK_RSS_SLACK_KB must be a number"
if [[ -n ${1:-} && -d $1 ]]; then
	vfiotui=$1/vfiotui
else
	vfiotui=$(find_vfiotui "${1:-}")
fi
build=$(cd "$(dirname "$vfiotui")" && pwd)
if [[ -f $build/Makefile ]]; then
	make -s -C "$build" vfiotui tests/fakeqmp tests/vdeclient \
	    tests/mkfixture >/dev/null || die "make in $build failed"
fi
vfiotui=$(find_tool "$build/$(basename "$vfiotui")") ||
	die "no vfiotui binary in $build"
for h in fakeqmp vdeclient mkfixture; do
	var=${h^^}
	if [[ -z ${!var:-} && -x $build/tests/$h ]]; then
		printf -v "$var" '%s' "$build/tests/$h"
	fi
done
fakeqmp=$(find_helper fakeqmp)
vdeclient=$(find_helper vdeclient)
mkfixture=$(find_helper mkfixture)
need "tmux, qemu-system-x86, vde2" tmux qemu-system-x86_64 vde_switch \
    slirpvde
desc=$top/tests/fixtures/clevo-p650hp6.desc
[[ -r $desc ]] || die "$desc is missing"

tmp=$(make_tmp soak)
sock=$tmp/tmux.sock	# in $tmp, so it goes with it
export XDG_CONFIG_HOME=$tmp/cfg XDG_RUNTIME_DIR=$tmp/run
export XDG_STATE_HOME=$tmp/state HOME=$tmp/home
guests=$XDG_RUNTIME_DIR/vfiotui/guests
net=$XDG_RUNTIME_DIR/vfiotui/net	# the daemons' pid files
switch=$tmp/vde/switch

# What was started, for cleanup; empty when not running.
vfiotui_pid='' qemu_pid='' watchdog_pid='' client_pid='' client_in=''
fake_pids=()

# The pids of the processes whose command line names $tmp: what the pid
# files do not cover (none, when all went well).
tmp_pids()
{
	local p

	for p in /proc/[0-9]*; do
		tr '\0' ' ' 2>/dev/null <"$p/cmdline" | grep -qF -- "$tmp/" &&
			echo "${p#/proc/}"
	done
	return 0
}

# Stops everything by pid, the daemons by their pid files, and removes
# the temp dir; runs from the EXIT trap however the script ends.
cleanup()
{
	local pid f i

	set +e
	tmux -S "$sock" kill-server >/dev/null 2>&1
	[[ -n $client_in ]] && exec {client_in}>&-
	for pid in $vfiotui_pid $client_pid "${fake_pids[@]}"; do
		kill "$pid" 2>/dev/null
	done
	# 5 s: a sanitizer build checks for leaks on its way out.
	for i in $(seq 50); do
		kill -0 $vfiotui_pid $client_pid "${fake_pids[@]}" \
		    2>/dev/null || break
		sleep 0.1
	done
	for pid in $vfiotui_pid $client_pid "${fake_pids[@]}" $qemu_pid; do
		kill -KILL "$pid" 2>/dev/null
	done
	# Its QEMU gone, the watchdog ends within a second.
	[[ -n $watchdog_pid ]] && wait "$watchdog_pid"
	timeout 10 "$vfiotui" net stop >/dev/null 2>&1
	for f in "$net"/*.pid; do
		[[ -f $f ]] && kill -KILL "$(cat "$f")" 2>/dev/null
	done
	for pid in $(tmp_pids); do
		[[ $pid != "$$" ]] && kill -KILL "$pid" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap_cleanup

# alive PID: PID runs and is no zombie.
alive()
{
	local state

	state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
	[[ -n $state && $state != Z && $state != X ]]
}

# check_alive: dies, naming it, when the dashboard or a server is gone,
# or when the run overran its deadline.
check_alive()
{
	local i

	alive "$vfiotui_pid" || die "the dashboard died:" \
	    "$(cat "$tmp/vfiotui.err" 2>/dev/null)"
	for ((i = 0; i < nfakes; i++)); do
		alive "${fake_pids[i]}" || die "fake$((i + 1))'s fakeqmp" \
		    "died early: $(cat "$tmp/fake$((i + 1)).log"); screen:" \
		    $'\n'"$(screen)"
	done
	alive "$qemu_pid" || die "the real QEMU died early:" \
	    "$(tail -n 5 "$guests/real/log" 2>/dev/null)"
	alive "$(cat "$net/switch.pid" 2>/dev/null)" ||
		die "vde_switch died early"
	(($(now_us) < deadline_us)) || die "the run overran: not done" \
	    "$((run_s + 120)) s after its start"
}

# wait_screen WHAT CMD...: polls the screen until CMD (given it on stdin)
# succeeds; dies, showing the screen, after $wait_s.
wait_screen()
{
	local what=$1 until=$(($(now_us) + wait_s * 1000000))

	shift
	while ! screen | "$@" >/dev/null; do
		if (($(now_us) > until)); then
			check_alive
			die "the screen never showed $what in $wait_s s:" \
			    $'\n'"$(screen)"
		fi
		sleep 0.1
	done
}

# guests_shown: the Guests pane has the fakes, each as QMP says it is
# (running or paused, by the last event it answered for), the real QEMU
# running, and fake1's last events (its detail: it has the cursor).
guests_shown()
{
	local s i state='(running|paused)'

	s=$(cat)
	for ((i = 0; i < nfakes; i++)); do
		grep -qE "^[> ] fake$((i + 1)) +$state +${fake_pids[i]} " \
		    <<<"$s" || return 1
	done
	grep -qE "^[> ] real +running +$qemu_pid " <<<"$s" &&
		grep -qE '^    [0-9:]{8} (STOP|RESUME|RTC_CHANGE)' <<<"$s"
}

show_guests()
{
	tmux -S "$sock" send-keys -t t 3
	wait_screen "the eight guests" guests_shown
}

# port_shown NAME, port_gone NAME: whether the Network pane on stdin has
# client NAME's port ("  3  root  NAME user=root pid=...").
port_shown()
{
	grep -qE "^ +[0-9]+ +[^ ]+ +$1 user="
}

port_gone()
{
	local s

	s=$(cat)
	grep -qE '^ Switch +up, started by vfiotui' <<<"$s" &&
		! grep -qE " $1 user=" <<<"$s"
}

# cycle N: with the Network pane on screen, a client plugs in as soakN
# and shows as a port, then leaves and its port goes.
cycle()
{
	local name=soak$1 line=''

	tmux -S "$sock" send-keys -t t 2
	wait_screen "the Network pane" port_gone "$name"
	coproc CLIENT { exec "$vdeclient" "$switch" "$name"; }
	client_pid=$CLIENT_PID client_in=${CLIENT[1]}
	read -r -t "$wait_s" line <&"${CLIENT[0]}" || true
	[[ $line == connected ]] || die "vdeclient $name did not plug in"
	wait_screen "port $name" port_shown "$name"
	exec {client_in}>&-
	client_in=''
	wait "$client_pid" 2>/dev/null || true
	client_pid=''
	wait_screen "port $name gone" port_gone "$name"
}

# sample: "RSS_KB FDS READ_BYTES" of the dashboard, the least of five
# looks 0.2 s apart: a redraw or a re-read of sysfs may hold a file open
# for a moment, and the heap breathes with the flood; a leak stays in all
# five.  READ_BYTES (all it read, the flood mostly) is the last look's.
sample()
{
	local i rss fds min_rss='' min_fds='' rchar

	for i in 1 2 3 4 5; do
		rss=$(awk '$1 == "VmRSS:" { print $2 }' \
		    "/proc/$vfiotui_pid/status") &&
			fds=$(ls "/proc/$vfiotui_pid/fd" | wc -l) ||
			die "the dashboard died while sampled"
		if [[ -z $min_rss ]] || ((rss < min_rss)); then
			min_rss=$rss
		fi
		if [[ -z $min_fds ]] || ((fds < min_fds)); then
			min_fds=$fds
		fi
		sleep 0.2
	done
	rchar=$(awk '$1 == "rchar:" { print $2 }' "/proc/$vfiotui_pid/io")
	echo "$min_rss $min_fds $rchar"
}

"$mkfixture" --no-config "$desc" "$tmp/tree" >/dev/null 2>"$tmp/err" ||
	die "mkfixture $desc failed: $(cat "$tmp/err")"
mkdir -p "$XDG_CONFIG_HOME/vfiotui/guests" "$HOME" "$tmp/vde"
mkdir -m 700 "$XDG_RUNTIME_DIR"
printf 'socket = %s\nmgmt = %s\n' "$switch" "$tmp/vde/mgmt" \
    >"$XDG_CONFIG_HOME/vfiotui/net.conf"
timeout 30 "$vfiotui" net start >"$tmp/net.out" 2>&1 ||
	die "net start failed: $(cat "$tmp/net.out")"

# The real guest: the smallest QEMU that runs (SeaBIOS finds no disk and
# waits), with a watchdog that kills it should this script be killed.
printf '%s\n' "machine = q35" "accel = tcg" "memory = 64M" "cpus = 1" \
    "firmware = seabios" "display = none" "network = none" \
    >"$XDG_CONFIG_HOME/vfiotui/guests/real.conf"
timeout 30 "$vfiotui" guest start real >"$tmp/start.out" 2>&1 ||
	die "guest start real failed: $(cat "$tmp/start.out")"
qemu_pid=$(cat "$guests/real/pid")
(timeout $((run_s + 600)) tail --pid="$qemu_pid" -f /dev/null ||
	kill -KILL "$qemu_pid") >/dev/null 2>&1 &
watchdog_pid=$!

# The fakes: the runtime dir of a started guest, and a profile naming
# fakeqmp as its QEMU (the dashboard believes a pid file only when the
# process has the name of the profile's QEMU).  They flood on past the
# end of the run.
for ((i = 1; i <= nfakes; i++)); do
	printf 'qemu = %s\nmachine = q35\nmemory = 64M\n' "$fakeqmp" \
	    >"$XDG_CONFIG_HOME/vfiotui/guests/fake$i.conf"
	mkdir -m 700 "$guests/fake$i"
	"$fakeqmp" "$guests/fake$i/qmp.sock" greet \
	    flood $(((run_s + 300) * 1000)) >"$tmp/fake$i.log" 2>&1 &
	fake_pids+=("$!")
	echo "$!" >"$guests/fake$i/pid"
done
for ((i = 1; i <= nfakes; i++)); do
	for _ in $(seq 50); do
		grep -q '^ready$' "$tmp/fake$i.log" && break
		sleep 0.1
	done
	grep -q '^ready$' "$tmp/fake$i.log" ||
		die "fakeqmp fake$i did not start: $(cat "$tmp/fake$i.log")"
done

tmux -S "$sock" -f /dev/null new-session -d -x 120 -y 40 -s t \
    "exec env LANG=C.UTF-8 '$vfiotui' --sysfs '$tmp/tree' 2>'$tmp/vfiotui.err'"
vfiotui_pid=$(tmux -S "$sock" list-panes -t t -F '#{pane_pid}')
start_us=$(now_us)
deadline_us=$((start_us + (run_s + 120) * 1000000))
# The pane's shell execs env, which execs vfiotui: the pid stays.
for _ in $(seq 50); do
	[[ $(cat "/proc/$vfiotui_pid/comm" 2>/dev/null) == vfiotui ]] && break
	sleep 0.1
done
[[ $(cat "/proc/$vfiotui_pid/comm" 2>/dev/null) == vfiotui ]] ||
	die "vfiotui did not start: $(cat "$tmp/vfiotui.err" 2>/dev/null)"
check_alive
show_guests

echo "vfiotui in a 120x40 tmux pane for $run_s s: $nfakes fakeqmp guests" \
    "flooding events, 1 QEMU (TCG), a vde_switch with $cycles plug/unplug" \
    "cycles; RSS and fds the least of 5 looks"
base_at_s=$((run_s / 10 < 60 ? run_s / 10 : 60))
base=''
for ((c = 0; c < cycles; c++)); do
	sleep_until_us $((start_us + c * run_s * 1000000 / cycles))
	check_alive
	cycle "$c"
	show_guests
	if [[ -z $base ]] &&
	    (($(now_us) >= start_us + base_at_s * 1000000)); then
		base=$(sample)
		base_s=$((($(now_us) - start_us) / 1000000))
	fi
done
[[ -n $base ]] || die "no sample was taken after $base_at_s s"
sleep_until_us $((start_us + run_s * 1000000))
check_alive
show_guests
end=$(sample)
end_s=$((($(now_us) - start_us) / 1000000))
check_alive

read -r base_rss base_fds base_read <<<"$base"
read -r end_rss end_fds end_read <<<"$end"
echo "after $base_s s: RSS $base_rss kB, $base_fds fds"
echo "at the end, $end_s s: RSS $end_rss kB, $end_fds fds" \
    "(read $(((end_read - base_read) / 1048576)) MiB in between)"
grown_rss=$((end_rss - base_rss)) grown_fds=$((end_fds - base_fds))
echo "grown: RSS $grown_rss kB (slack $slack_kb kB), fds $grown_fds"
if ((grown_fds > 0 || grown_rss > slack_kb)); then
	echo "$me: the dashboard grew" >&2
	exit 1
fi
exit 0
