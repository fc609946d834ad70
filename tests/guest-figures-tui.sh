#!/bin/bash
# What a guest costs, live in the Guests pane, with the real QEMU: the
# list's CPU% and the detail's line sampled on the pane's tick (a guest
# whose boot sector spins near 100% of its vCPU, one that halts near 0),
# gone once the guest is; and with no guest running the dashboard has no
# timer: poll() sleeps until something happens.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu

spin_and_halt_guests

# cpu NAME: guest NAME's CPU% in the list, "" when it shows none.
cpu() {
	tui_screen | sed -n "s/^[> ] $1 .* \([0-9][0-9]*\)%\$/\1/p"
}

# cpu_within NAME LOW HIGH: waits up to 20 s for NAME's CPU% to be in
# [LOW, HIGH] (a busy machine's one second may fall short); the last.
cpu_within() {
	local deadline=$((SECONDS + 20)) p=
	while [ "$SECONDS" -le "$deadline" ]; do
		p=$(cpu "$1")
		[ -n "$p" ] && [ "$p" -ge "$2" ] && [ "$p" -le "$3" ] && break
		sleep 0.3
	done
	printf '%s\n' "$p"
}

# within V LOW HIGH: yes when number V is in [LOW, HIGH], else why not.
within() {
	awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN {
		print (v != "" && v >= lo && v <= hi) ? "yes" : "no (" v ")"
	}'
}

vf guest start spin >/dev/null
guest_watch spin
spin_pid=$GUEST_PID
vf guest start halt >/dev/null
guest_watch halt
halt_pid=$GUEST_PID

# Without udevd the dashboard re-reads sysfs every 2 s (refresh): a
# period past the idle window below, which looks for the pane's timers.
printf 'refresh = 60\n' >"$XDG_CONFIG_HOME/vfiotui/config"
tui_start 120 40
tui_keys 3
tui_expect "the list's CPU% column" \
	'^  GUEST +STATE +PID +UPTIME +DEVICES +CPU%$'
# Near 100% on an idle host; the suite on both of a CI machine's cores
# leaves a spinning vCPU half of one (as tests/guest-figures.sh).
spin=$(cpu_within spin 30 110)
expect_eq "a spinning vCPU: most of a CPU" yes "$(within "$spin" 30 110)"
halt=$(cpu_within halt 0 10)
expect_eq "a halted vCPU: near 0" yes "$(within "$halt" 0 10)"
rate='[0-9.]+ [KMG]?i?B/s'
costs="^  Costs: CPU vCPU0 [0-9]%; memory [0-9]+ MiB resident; "
tui_expect "the detail: halt's vCPU, memory and disks" \
	"$costs""disks $rate read, $rate written\$"
rss=$(tui_screen | sed -n 's/^  Costs: .*; memory \([0-9]*\) MiB.*/\1/p')
proc=$(awk '/^VmRSS:/ {print int($2 / 1024)}' "/proc/$halt_pid/status")
expect_eq "its memory, as /proc says (a fifth either way)" yes \
	"$(within "$rss" $((proc - proc / 5 - 1)) $((proc + proc / 5 + 1)))"
tui_keys j
tui_expect "cursor on spin" '^> spin '
tui_expect "the detail: spin's vCPU busy" \
	'^  Costs: CPU vCPU0 ([3-9][0-9]|1[01][0-9])%; memory '

# A guest gone shows no figures: the row's CPU% and the Costs line go.
vf guest kill spin >/dev/null
gone "$spin_pid"
tui_expect "spin ended" '^> spin +quit by QMP +- +- +-$'
expect_no_match "no Costs line for spin" '^  Costs:' "$(tui_screen)"
expect_eq "halt still measured" yes \
	"$([ -n "$(cpu halt)" ] && echo yes || echo no)"
vf guest kill halt >/dev/null
gone "$halt_pid"
tui_expect "halt ended" '^  halt +quit by QMP +- +- +-$'

# No guest runs, the pane is shown: no tick, no sample.  poll() over
# 2.5 s returns for nothing (one with a timeout would be a timer's).
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
	shell=$(tmux -S "$TMUX_SOCK" list-panes -t t -F '#{pane_pid}')
	pid=$(pgrep -P "$shell" -x vfiotui)
	sleep 1
	timeout -s INT 2.5 strace -qq -p "$pid" -e trace=poll,ppoll \
		-o "$TMP/idle.strace" 2>/dev/null
	expect_no_match "no guest runs: poll() never times out" \
		'= 0 \(Timeout\)' "$(cat "$TMP/idle.strace")"
	expect_no_match "no guest runs: poll() returns for nothing" \
		' = [0-9]' "$(cat "$TMP/idle.strace")"
	tui_expect "the dashboard runs on" '^> spin +quit by QMP '
fi

# What QEMU refuses while sampled is said, on the status bar and in the
# detail: tests/fakeqmp, attached, refuses query-cpus-fast twice.
: "${FAKEQMP:?run through make check}"
fake=$TMP/fake.sock
refused='{"error": {"class": "CommandNotFound", "desc": "no vCPUs here"}'
timeout 30 "$FAKEQMP" "$fake" greet expect qmp_capabilities \
	send '{"return": {}, "id": $ID1}\r\n' expect query-status \
	send '{"return": {"status": "running"}, "id": $ID2}\r\n' \
	expect query-pci send '{"return": [], "id": $ID3}\r\n' \
	expect qom-list send '{"return": [], "id": $ID4}\r\n' \
	expect query-cpus-fast send "$refused"', "id": $ID5}\r\n' \
	expect query-cpus-fast send "$refused"', "id": $ID6}\r\n' \
	hang >"$TMP/fake.log" 2>&1 &
fake_pid=$!
at_exit "kill $fake_pid"
wait_file_match "$TMP/fake.log" '^ready$' 5 || fail "fakeqmp did not start"
tui_keys a
tui_expect "a asks" 'Attach the QEMU behind this QMP socket:'
tui_keys "$fake" Enter
tui_expect "the fake, attached" '^> [^ ]*fake\.sock +running '
# The status bar cuts it where it ends.
tui_expect "the refusal on the status bar" \
	'fake\.sock: figures: query-cpus-fast: CommandNo'
why='QEMU refused query-cpus-fast: CommandNotFound: no vCPUs here'
tui_expect "and in the detail, whole" \
	"^  Costs: CPU measuring; memory [0-9]+ MiB resident; $why\$"
kill "$fake_pid"
tui_expect "the fake gone: no figures" \
	'^> [^ ]*fake\.sock +[a-z].* +- +- +\(attached socket\)$'

finish
