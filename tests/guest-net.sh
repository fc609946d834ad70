#!/bin/bash
# A "network = vde" guest and vfiotui's switch: with the switch down the
# start is refused before QEMU runs, naming the switch and the command
# that starts it, and the Guests pane offers to start the network, then
# the guest, which then runs with a port on the real switch.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/netlib.sh"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu

profile lan "machine = q35" "accel = tcg" "memory = 128M" "cpus = 1" \
	"firmware = seabios" "display = none" "network = vde"

vf guest start lan > "$TMP/out" 2> "$TMP/err"
expect_eq "switch down: refused" 1 "$?"
expect_eq "switch down: says which and how to start it" \
	"vfiotui: $GUESTS/lan.conf: network = vde: the switch is down (no answer at $SOCK): run 'vfiotui net start'" \
	"$(cat "$TMP/err")"
expect_eq "switch down: no QEMU" "" "$(qemu_of_test)"
expect_eq "switch down: nothing made" no \
	"$(test -e "$GUEST_RUN/lan" && echo yes || echo no)"

tree=$(fixture clevo-p650hp6 --no-config)
tui_start 160 40 --sysfs "$tree"
tui_keys 3
tui_expect "the guest" '^> lan +stopped '
tui_keys s
tui_expect "the offer names the switch" "lan cannot start: the switch is down \(no answer at"
tui_expect "and the fix" "Start the network, then the guest\?"
tui_keys y
tui_expect "the guest runs" '^> lan +running '
guest_watch lan
expect_eq "the switch runs" yes "$(alive "$(pid_of switch)")"
wait_status '[.ports[] | select(.active and (.endpoint | startswith("QEMU ")))] | length == 1' ||
	fail "no QEMU port on the switch: $("$VFIOTUI" net status 2>&1)"
pass

tui_keys q
expect_eq "q exits with status 0" 0 "$(tui_exit_status)"
finish
