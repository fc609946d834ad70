#!/bin/bash
# How a guest's QEMU ended, with the real QEMU: killed (kill -9), quit by
# QMP, and powered off by its guest each read as such in the Guests pane,
# at once and with its log's last lines, and `guest list` and `guest
# status` say the same; a QEMU killed while no dashboard ran is found so
# by the CLI and by the next dashboard.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu

KILLED='killed or crashed \(no exit status: not our child\)'
tree=$(fixture clevo-p650hp6 --no-config)
boot_poweroff_image "$TMP/off.img"
tiny_profile a
tiny_profile b
tiny_profile off "disk = $TMP/off.img format=raw" "extra = -S"

# screen_ms REGEX: waits up to 10 s for a line matching REGEX, polling
# often; prints the milliseconds it took, or "never".
screen_ms() {
	local t0 i
	t0=$(date +%s%N)
	for i in $(seq 500); do
		if tui_screen | grep -Eq -- "$1"; then
			echo $((($(date +%s%N) - t0) / 1000000))
			return
		fi
		sleep 0.02
	done
	echo never
}

tui_start 160 45 --sysfs "$tree"
tui_keys 3
tui_expect "three guests" '^  off +stopped '

# kill -9: dead at once, and why not is said honestly.
vf guest start a > /dev/null
guest_watch a
apid=$GUEST_PID
tui_expect "a runs" "^> a +running +$apid "
kill -9 "$apid"
ms=$(screen_ms '^> a +killed or crashed +- +- +-$')
echo "# kill -9 to the pane: $ms ms"
expect_match "kill -9: the pane says so within a second" '^[0-9]{1,3}$' "$ms"
tui_expect "the detail: no exit status to be had" "^a: $KILLED"
tui_expect "its log's last lines" "^  Its log's last lines \(l: all of it\):$"
tui_expect "with vfiotui's start line" \
	'^    [-0-9]+ [0-9:]+ vfiotui starts: qemu-system-x86_64 -name a '
tui_expect "the status bar agrees" '3 guests, 0 running'
expect_match "list: killed" "^a +exited +$KILLED$" "$(vf guest list)"
expect_eq "list --json: killed" \
	"exited killed or crashed (no exit status: not our child)" \
	"$(vf guest list --json | jq -r '.[] | select(.name == "a") | "\(.state) \(.end)"')"
vf guest status a > "$TMP/out" 2> "$TMP/err"
expect_eq "status of a killed guest: fails" 1 "$?"
expect_match "status: killed" "^vfiotui: guest a is not running: $KILLED$" \
	"$(head -1 "$TMP/err")"
expect_file_match "status: the log's last lines" "$TMP/err" \
	'^    [-0-9]+ [0-9:]+ vfiotui starts: qemu-system-x86_64 -name a '

# quit from the pane (K): quit by QMP.
vf guest start b > /dev/null
guest_watch b
bpid=$GUEST_PID
tui_keys j
tui_expect "b runs" "^> b +running +$bpid "
tui_keys K
tui_expect "K asks" 'Force b to quit now\?'
tui_keys y
tui_expect "K: quit by QMP" '^> b +quit by QMP +- +- +-$'
gone "$bpid"
expect_match "list: quit" '^b +exited +quit by QMP$' "$(vf guest list)"

# The guest powers itself off.
vf guest start off > /dev/null
guest_watch off
opid=$GUEST_PID
tui_expect "off waits (-S)" "^  off +prelaunch +$opid "
vf guest resume off
tui_expect "shut down by the guest" '^  off +shut down by the guest +- +- +-$'
gone "$opid"
expect_match "list: shut down" '^off +exited +shut down by the guest$' \
	"$(vf guest list)"
tui_keys q
expect_eq "q exits with status 0" 0 "$(tui_exit_status)"

# Killed while no dashboard watched: its pid file says so.
vf guest start a > /dev/null
guest_watch a
kill -9 "$GUEST_PID"
gone "$GUEST_PID"
expect_match "unwatched kill -9: list" "^a +exited +$KILLED$" "$(vf guest list)"
tui_start 160 45 --sysfs "$tree"
tui_keys 3
tui_expect "and the next dashboard" '^> a +killed or crashed +- +- +-$'
tui_keys q

# A new start forgets how the last one ended: b quits unwatched (by
# its socket, which leaves no record).
vf guest start b > /dev/null
guest_watch b
expect_match "b runs again" "^b +running " "$(vf guest list)"
vf guest kill "$GUEST_RUN/b/ctl.sock"
gone "$GUEST_PID"
expect_match "no record of the last end" '^b +stopped$' "$(vf guest list)"
expect_eq "no QEMU left" "" "$(qemu_of_test)"

finish
