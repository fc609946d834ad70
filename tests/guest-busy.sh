#!/bin/bash
# The Guests pane answers keys while a guest stops: a QEMU with no OS
# takes no notice of the power button, so the stop waits out its
# stop-timeout (6 s), counting down, before it sends quit.  Keys pressed
# meanwhile, with the events, the log or the Code 43 checklist shown,
# show on screen as fast as when nothing runs, and the stop ends as it
# did.  The checklist follows its profile when it is rewritten.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu

IOMMU='^IOMMU Group 0 '
tree=$(fixture clevo-p650hp6 --no-config)
tiny_profile tiny "stop-timeout = 6"

tui_start 120 40 --sysfs "$tree"
tui_keys 3
tui_expect "tiny, stopped" '^> tiny +stopped +- +- +-$'
tui_keys s
tui_expect "s: running" '^> tiny +running +[0-9]+ '
guest_watch tiny
pid=$GUEST_PID

# Three stops, so that each view of the detail is shown while one runs.
for view in events log checklist; do
	case $view in
	log) tui_keys l ;;
	checklist) tui_keys l c ;;
	esac
	# The same keys with nothing under way, just before: the load the
	# machine has then weighs on both.
	tui_key_times 1 "$IOMMU" 3 '^> tiny +running '
	IDLE1=$MS1 IDLE2=$MS2
	tui_keys x
	tui_expect "$view: stop asks" 'Power tiny down\? If its OS has not shut down after 6 s'
	tui_keys y
	tui_expect "$view: the countdown" '^> tiny +powering down, quit in [1-6]s '
	tui_key_times 1 "$IOMMU" 3 '^> tiny +powering down'
	expect_quick "1 while tiny powers down ($view)" "$MS1" "$IDLE1"
	expect_quick "3 while tiny powers down ($view)" "$MS2" "$IDLE2"
	tui_expect "$view: then quit, as before" '^> tiny +quit by QMP +- +- +-$'
	gone "$pid"
	expect_eq "$view: QEMU is gone" no "$(alive "$pid")"
	[ "$view" = checklist ] && break
	tui_keys s
	tui_expect "$view: started again" '^> tiny +running +[0-9]+ '
	guest_watch tiny
	pid=$GUEST_PID
done

# The checklist was read for the stopped guest; a profile rewritten
# meanwhile is read again when the watch says so, not at the next frame.
tui_expect "the checklist is shown" '^  Code 43 checklist \(c: back to the events\):$'
expect_no_match "memory is not its item yet" 'lots' "$(tui_screen)"
profile tiny "memory = lots"
# Twice: the detail's line for the profile, and the checklist's own.
bad="^$GUESTS/tiny\.conf:1: memory: bad number 'lots'"
deadline=$((SECONDS + 15))
until [ "$(tui_screen | grep -Ec -- "$bad")" = 2 ] || [ "$SECONDS" -gt "$deadline" ]; do
	sleep 0.1
done
expect_eq "the checklist reads the rewritten profile" 2 "$(tui_screen | grep -Ec -- "$bad")"

tui_keys q
expect_eq "q exits with status 0" 0 "$(tui_exit_status)"

finish
