#!/bin/bash
# guest usb against tests/fakeqmp on the guest's ctl.sock, for what the
# real QEMU does not do on cue: DEVICE_DELETED before device_del's
# answer is a detach all the same; a device_del answered and no
# DEVICE_DELETED within the 10 s says the device is still attached; an
# attach QEMU refuses says QEMU's words.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"

: "${FAKEQMP:?run through make check}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-}:exitcode=86"

GREETING='{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "fake"}, "capabilities": ["oob"]}}\r\n'
CAPS='{"return": {}, "id": $ID1}\r\n'
DONE='{"return": {}, "id": $ID2}\r\n'
DELETED='{"timestamp": {"seconds": 1764084545, "microseconds": 5}, "event": "DEVICE_DELETED", "data": {"device": "usb-tablet", "path": "/machine/peripheral/usb-tablet"}}\r\n'
OTHER='{"timestamp": {"seconds": 1764084545, "microseconds": 4}, "event": "DEVICE_DELETED", "data": {"device": "usb-kbd", "path": "/machine/peripheral/usb-kbd"}}\r\n'
DUP='{"error": {"class": "GenericError", "desc": "Duplicate device ID '"'"'usb-tablet'"'"' for device"}, "id": $ID2}\r\n'

tiny_profile u
mkdir -p "$GUEST_RUN/u"
chmod 700 "$XDG_RUNTIME_DIR/vfiotui" "$GUEST_RUN" "$GUEST_RUN/u"
SOCK=$GUEST_RUN/u/ctl.sock

# fake STEP...: tests/fakeqmp on the guest's ctl.sock playing STEP...
fake() {
	FAKE_LOG=$TMP/fake.$#.log
	timeout 30 "$FAKEQMP" "$SOCK" "$@" >"$FAKE_LOG" 2>&1 &
	FAKE_PID=$!
	at_exit "kill $FAKE_PID"
	wait_file_match "$FAKE_LOG" '^ready$' 5 ||
		{ echo "fakeqmp did not start: $(cat "$FAKE_LOG")"; exit 99; }
}

fake send "$GREETING" expect qmp_capabilities send "$CAPS" \
	expect device_del send "$OTHER$DELETED" sleep 100 send "$DONE" hang
out=$(vf guest usb u detach usb-tablet 2>&1)
expect_eq "the event before the answer: detached" 0 "$?"
expect_eq "and says so" "guest u: usb-tablet detached (the guest let it go)" "$out"
wait "$FAKE_PID"

fake send "$GREETING" expect qmp_capabilities send "$CAPS" \
	expect device_del send "$DONE" hang
start=$SECONDS
vf guest usb u detach usb-tablet >"$TMP/out" 2>"$TMP/err"
expect_eq "no DEVICE_DELETED: failed" 1 "$?"
expect_eq "says the device is still attached" "vfiotui: guest usb: u: QEMU was told to take usb-tablet out, but the guest did not let it go within 10 s: it is still attached, and may leave later" "$(cat "$TMP/err")"
expect_eq "after the 10 s" yes "$([ $((SECONDS - start)) -ge 9 ] && echo yes)"
wait "$FAKE_PID"

fake send "$GREETING" expect qmp_capabilities send "$CAPS" \
	expect device_add send "$DUP" hang
vf guest usb u attach usb-tablet >"$TMP/out" 2>"$TMP/err"
expect_eq "an attach refused: failed" 1 "$?"
expect_eq "in QEMU's words" "vfiotui: guest usb: u: QEMU said: Duplicate device ID 'usb-tablet' for device" "$(cat "$TMP/err")"
wait "$FAKE_PID"
finish
