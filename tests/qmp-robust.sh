#!/bin/bash
# The QMP client against tests/fakeqmp, a server that misbehaves on cue:
# messages cut byte by byte or merged in one write, unknown events, an
# overlong message, malformed JSON, a greeting then silence, a close in
# the middle of a message.  Valid streams give the right answers; every
# broken one gives one clear line and exit 1, never a crash or a hang.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

: "${FAKEQMP:?run through make check}"
# A sanitizer report must not pass for EXIT_FAILED.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-}:exitcode=86"

GREETING='{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "fake"}, "capabilities": ["oob"]}}\r\n'
CAPS='{"return": {}, "id": $ID1}\r\n'
STATUS='{"return": {"status": "running", "singlestep": false, "running": true}, "id": $ID2}\r\n'
PCI='{"return": [{"bus": 0, "devices": [{"bus": 0, "slot": 0, "function": 0, "class_info": {"desc": "Host bridge", "class": 1536}, "id": {"device": 10688, "vendor": 32902, "subsystem": 4352, "subsystem-vendor": 6900}, "qdev_id": "", "regions": []}, {"bus": 0, "slot": 2, "function": 0, "class_info": {"desc": "VGA controller", "class": 768}, "id": {"device": 7309, "vendor": 4318}, "qdev_id": "hostdev0", "regions": []}]}], "id": $ID3}\r\n'
PERIPHERAL='{"return": [{"name": "hostdev0", "type": "child<vfio-pci>"}], "id": $ID4}\r\n'
HOST='{"return": "0000:01:00.0", "id": $ID5}\r\n'
# After a STOP, vfiotui asks for the run state again.
RESTATUS='{"return": {"status": "paused", "singlestep": false, "running": false}, "id": $ID5}\r\n'
HOST6='{"return": "01:00.0", "id": $ID6}'
STOP='{"timestamp": {"seconds": 1764084544, "microseconds": 777412}, "event": "STOP"}\r\n'
ODD='{"timestamp": {"seconds": 1764084545, "microseconds": 1}, "event": "VFIOTUI_ODD_EVENT", "data": {"x": "1\\u001b[2J"}}\r\n'
DELETED='{"timestamp": {"seconds": 1764084545, "microseconds": 5}, "event": "DEVICE_DELETED", "data": {"device": "hostdev0", "path": "/machine/peripheral/hostdev0"}}\r\n'
PANICKED='{"timestamp": {"seconds": 1764084545, "microseconds": 6}, "event": "GUEST_PANICKED", "data": {"action": "pause", "info": {"type": "hyper-v", "arg1": 1}}}\r\n'
SHUTDOWN='{"timestamp": {"seconds": 1764084546, "microseconds": 2}, "event": "SHUTDOWN", "data": {"guest": true, "reason": "guest-shutdown"}}\r\n'
# What `guest status` asks, in order, once the capabilities are in.
QUERIES=(expect query-status expect query-pci expect qom-list)

# fake NAME STEP...: tests/fakeqmp on $TMP/NAME.sock playing STEP...
fake() {
	local name=$1
	shift
	SOCK=$TMP/$name.sock
	FAKE_LOG=$TMP/$name.fake
	timeout 30 "$FAKEQMP" "$SOCK" "$@" > "$FAKE_LOG" 2>&1 &
	FAKE_PID=$!
	at_exit "kill $FAKE_PID"
	wait_file_match "$FAKE_LOG" '^ready$' 5 ||
		{ echo "fakeqmp did not start: $(cat "$FAKE_LOG")"; exit 99; }
}

# fake_done WHAT: the fake played its whole script.
fake_done() {
	wait "$FAKE_PID"
	expect_eq "$1: the fake's script ran to its end" 0 "$?"
	expect_eq "$1: the fake saw what it expected" "ready" "$(cat "$FAKE_LOG")"
}

# vq WHAT ARGS...: vfiotui guest ARGS under a deadline; sets RC, OUT, ERR.
vq() {
	local what=$1
	shift
	timeout 20 "$VFIOTUI" guest "$@" > "$TMP/out" 2> "$TMP/err"
	RC=$?
	OUT=$(cat "$TMP/out")
	ERR=$(cat "$TMP/err")
	[ "$RC" -ne 124 ] || fail "$what: vfiotui hung (killed after 20 s)"
}

# broken WHAT REGEX: the last vq failed with one line matching REGEX.
broken() {
	expect_eq "$1: exit status" 1 "$RC"
	expect_eq "$1: one line on stderr" 1 "$(wc -l < "$TMP/err")"
	expect_match "$1: says why" "$2" "$ERR"
	expect_eq "$1: nothing on stdout" "" "$OUT"
}

# status_ok WHAT STATE: the last vq printed the fake guest's status.
status_ok() {
	expect_eq "$1: exit status" 0 "$RC"
	expect_eq "$1: quiet stderr" "" "$ERR"
	expect_eq "$1: first line is the run state" "$2" "$(head -1 "$TMP/out")"
	expect_match "$1: version" '^version 7\.2\.22$' "$OUT"
	expect_match "$1: the bridge" '^device 00:00\.0 8086:29c0 Host bridge$' "$OUT"
	expect_match "$1: the passed GPU and its host address" \
		'^device 00:02\.0 10de:1c8d VGA controller id=hostdev0 type=vfio-pci host=0000:01:00\.0$' "$OUT"
}

# 1. Every message cut into single bytes, 2 ms apart.  (The last one
# without its line end: vfiotui has all it needs, and goes, before it.)
fake split bytes "$GREETING" expect qmp_capabilities bytes "$CAPS" \
	"${QUERIES[@]}" bytes "$STATUS" bytes "$PCI" bytes "$PERIPHERAL" \
	expect qom-get bytes "${HOST%'\r\n'}" hang
vq split status "$SOCK"
status_ok "split byte by byte" running
fake_done "split byte by byte"

# 2. Several messages in one write, events among the replies, one of them
# unknown to vfiotui; the STOP makes it ask for the run state again.
fake merged send "$GREETING" expect qmp_capabilities send "$CAPS$STOP" \
	"${QUERIES[@]}" expect query-status \
	send "$ODD$STATUS$PCI$ODD$PERIPHERAL$RESTATUS" \
	expect qom-get send "$HOST6$ODD" hang
vq merged status "$SOCK"
status_ok "merged in one write" paused
fake_done "merged in one write"

# The same with --json: the whole record, the events seen while loading;
# and the host address QEMU gives a vfio-pci made with sysfsdev=, which is
# none.  (The text case above gave it without a domain.)
fake merged-json send "$GREETING" expect qmp_capabilities send "$CAPS$STOP" \
	"${QUERIES[@]}" expect query-status \
	send "$ODD$STATUS$PCI$PERIPHERAL$RESTATUS" \
	expect qom-get send '{"return": "ffffffff:ffffffff:ffffffff.-1", "id": $ID6}' hang
vq "merged, --json" status --json "$SOCK"
expect_eq "--json: exit status" 0 "$RC"
if command -v jq >/dev/null; then
	expect_eq "--json: status, asked again after the STOP" paused \
		"$(jq -r .status <<< "$OUT")"
	expect_eq "--json: no host for a vfio-pci given by sysfsdev=" null \
		"$(jq -r '.devices[] | select(.id == "hostdev0") | .host' <<< "$OUT")"
	expect_eq "--json: events by name" "STOP VFIOTUI_ODD_EVENT" \
		"$(jq -r '[.events[].event] | join(" ")' <<< "$OUT")"
else
	expect_match "--json: status" '"status":"paused"' "$OUT"
fi
fake_done "merged, --json"

# QEMU refuses query-status: status and attach say so at once, not after
# their 5 s for an answer, even with the other answers in the same write.
REFUSED='{"error": {"class": "GenericError", "desc": "the monitor is busy"}, "id": $ID2}\r\n'
for verb in status attach; do
	fake "refused-$verb" send "$GREETING" expect qmp_capabilities \
		send "$CAPS" "${QUERIES[@]}" send "$REFUSED$PCI$PERIPHERAL" hang
	start=$(date +%s%N)
	vq "$verb: query-status refused" "$verb" "$SOCK"
	ms=$((($(date +%s%N) - start) / 1000000))
	broken "$verb: query-status refused" \
		"^vfiotui: $verb: $SOCK: query-status: GenericError: the monitor is busy$"
	expect_match "$verb: query-status refused: at once ($ms ms)" \
		'^[0-9]{1,3}$' "$ms"
	fake_done "$verb: query-status refused"
done

# 3. attach prints every event, the unknown one by name, and ends with 0
# when QEMU goes after a SHUTDOWN.  Each state event makes it ask for the
# run state, a DEVICE_DELETED for the devices.
fake attach send "$GREETING" expect qmp_capabilities send "$CAPS" \
	"${QUERIES[@]}" send "$STATUS$PCI$PERIPHERAL" expect qom-get \
	send "$HOST" sleep 100 send "$STOP" bytes "$ODD" \
	send "$DELETED$PANICKED" send "$SHUTDOWN" \
	expect query-status expect query-pci expect qom-list \
	expect query-status expect query-status
vq attach attach "$SOCK"
expect_eq "attach: exit status" 0 "$RC"
expect_match "attach: STOP" '^[0-9-]+T[0-9:.]+ STOP$' "$OUT"
expect_match "attach: the unknown event, by name, no escape let through" \
	'^[0-9-]+T[0-9:.]+ VFIOTUI_ODD_EVENT x=1\?\[2J$' "$OUT"
expect_match "attach: SHUTDOWN and its reason" \
	'^[0-9-]+T[0-9:.]+ SHUTDOWN guest=true reason=guest-shutdown$' "$OUT"
expect_match "attach: DEVICE_DELETED" \
	'^[0-9-]+T[0-9:.]+ DEVICE_DELETED device=hostdev0 path=/machine/peripheral/hostdev0$' "$OUT"
expect_match "attach: GUEST_PANICKED, its plain members" \
	'^[0-9-]+T[0-9:.]+ GUEST_PANICKED action=pause$' "$OUT"
expect_eq "attach: five events" 5 "$(wc -l < "$TMP/out")"
expect_match "attach: says it is attached" "attach: $SOCK: qemu 7\.2\.22, running" "$ERR"
fake_done attach

# A guest that keeps changing state: fakeqmp's flood (STOP, RESUME and
# RTC_CHANGE back to back, each state change asked about again) still
# gives a status at once; the load waited for the answer to every such
# question, and one more was always on its way.
fake flood greet flood 5000
vq "a flood of events" status --timeout 3 "$SOCK"
expect_eq "a flood of events: exit status" 0 "$RC"
expect_eq "a flood of events: quiet stderr" "" "$ERR"
expect_match "a flood of events: the run state" '^(running|paused)$' \
	"$(head -1 "$TMP/out")"
expect_match "a flood of events: the bridge" \
	'^device 00:00\.0 8086:29c0 Host bridge$' "$OUT"

# attach --json: one object a line.
fake attach-json send "$GREETING" expect qmp_capabilities send "$CAPS" \
	"${QUERIES[@]}" send "$STATUS$PCI$PERIPHERAL" expect qom-get \
	send "$HOST" send "$SHUTDOWN" expect query-status
vq "attach --json" attach --json "$SOCK"
expect_eq "attach --json: exit status" 0 "$RC"
expect_match "attach --json: the event as an object" \
	'^\{"time":"[^"]+","event":"SHUTDOWN","data":\{"guest":true,"reason":"guest-shutdown"\}\}$' "$OUT"
fake_done "attach --json"

# attach stops on SIGINT and SIGTERM, with 0.
for sig in INT TERM; do
	fake "sig$sig" send "$GREETING" expect qmp_capabilities send "$CAPS" \
		"${QUERIES[@]}" send "$STATUS$PCI$PERIPHERAL" expect qom-get \
		send "$HOST" hang
	# Not under timeout, which would take the signal itself; the fake's
	# own deadline ends it should it hang.
	# A file of its own: the last round's "events follow" must not
	# pass for this one's before the shell's child has opened it.
	"$VFIOTUI" guest attach "$SOCK" > "$TMP/out" 2> "$TMP/err.$sig" &
	att=$!
	at_exit "kill $att"
	wait_file_match "$TMP/err.$sig" 'events follow' 10 ||
		fail "SIG$sig: attach never got in: $(cat "$TMP/err.$sig")"
	kill -s "$sig" "$att"
	wait "$att"
	expect_eq "attach stopped by SIG$sig: exit status" 0 "$?"
	fake_done "attach stopped by SIG$sig"
done

# attach, idle, does not wake up: between the load and the next event
# (1.5 s of silence) poll() returns only for that event.
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
	fake idle send "$GREETING" expect qmp_capabilities send "$CAPS" \
		"${QUERIES[@]}" send "$STATUS$PCI$PERIPHERAL" expect qom-get \
		send "$HOST" sleep 1500 send "$SHUTDOWN" expect query-status
	# LeakSanitizer cannot work under ptrace.
	ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0" timeout 20 strace -qq \
		-e trace=poll,ppoll -o "$TMP/idle.strace" \
		"$VFIOTUI" guest attach "$SOCK" > "$TMP/out" 2> "$TMP/err"
	expect_eq "idle attach: exit status" 0 "$?"
	polls=$(grep -c 'poll' "$TMP/idle.strace")
	[ "$polls" -le 12 ] && pass ||
		fail "idle attach: $polls poll() calls for a dozen messages"
	expect_match "idle attach: once loaded, poll() has no timeout" \
		'^poll\(.*, -1\) = 1' "$(cat "$TMP/idle.strace")"
	fake_done "idle attach"
fi

# 4. A message past the limit (1 MiB).
fake overlong send "$GREETING" expect qmp_capabilities send "$CAPS" \
	"${QUERIES[@]}" overlong 1100000
vq overlong status "$SOCK"
broken "overlong message" "^vfiotui: status: QEMU sent a message longer than 1048576 bytes on $SOCK$"

# 5. Malformed JSON, in the middle of the replies.
fake malformed send "$GREETING" expect qmp_capabilities \
	send "$CAPS"'{"event": "STOP", oops}\r\n' hang
vq malformed status "$SOCK"
broken "malformed JSON" "^vfiotui: status: QEMU sent malformed JSON: .* on $SOCK$"

fake not-json send 'hello, I am not QEMU\r\n' hang
vq "not JSON" status "$SOCK"
broken "not JSON" "QEMU sent a message that is not a JSON object on $SOCK$"

fake not-qmp send '{"hello": "world"}\r\n' hang
vq "JSON, not QMP" status "$SOCK"
broken "JSON, not QMP" "$SOCK does not speak QMP: its first message is no greeting$"

# 6. A greeting, then silence; and silence from the start.
fake silent send "$GREETING" hang
start=$SECONDS
vq silent status --timeout 1 "$SOCK"
broken "greeting then silence" "^vfiotui: status: $SOCK: no answer within 1\.000 s \(.*another one attached\?\)$"
[ $((SECONDS - start)) -le 4 ] && pass || fail "silence: took $((SECONDS - start)) s for a 1 s timeout"

fake mute hang
vq mute pause --timeout 1 "$SOCK"
broken "silence before the greeting" "^vfiotui: pause: no answer within 1\.000 s"

# 7. A close in the middle of a message, and right after the greeting.
fake midclose send "$GREETING" expect qmp_capabilities \
	send "$CAPS"'{"timestamp": {"seconds": 17640'
vq "close mid-message" status "$SOCK"
broken "close mid-message" "^vfiotui: status: QEMU closed the connection on $SOCK in the middle of a message$"

fake early send "$GREETING"
vq "close after the greeting" resume "$SOCK"
broken "close after the greeting" "^vfiotui: resume: QEMU closed the connection on $SOCK$"

# 8. Steering: each verb sends its command; QEMU's errors are passed on.
for pair in pause:stop resume:cont powerdown:system_powerdown \
	reset:system_reset kill:quit; do
	fake "verb-${pair%%:*}" send "$GREETING" expect qmp_capabilities \
		send "$CAPS" expect "${pair#*:}" send '{"return": {}, "id": $ID2}\r\n' hang
	vq "${pair%%:*}" "${pair%%:*}" "$SOCK"
	expect_eq "${pair%%:*}: exit status" 0 "$RC"
	expect_eq "${pair%%:*}: quiet" "" "$OUT$ERR"
	fake_done "${pair%%:*} sends ${pair#*:}"
done

# QEMU may quit before it answers quit; but a close before the
# capabilities were taken means the command never went.
fake quit-early send "$GREETING" expect qmp_capabilities send "$CAPS" \
	expect quit
vq "kill, QEMU gone before answering" kill "$SOCK"
expect_eq "kill, QEMU gone before answering: exit status" 0 "$RC"
fake_done "kill, QEMU gone before answering"
fake quit-never send "$GREETING"
vq "kill, never heard" kill "$SOCK"
broken "kill, never heard" "^vfiotui: kill: QEMU closed the connection on $SOCK$"

fake refused send "$GREETING" expect qmp_capabilities send "$CAPS" \
	expect cont send '{"error": {"class": "GenericError", "desc": "Resetting the Virtual Machine is required"}, "id": $ID2}\r\n' hang
vq "QEMU says no" resume "$SOCK"
broken "QEMU says no" "^vfiotui: resume: QEMU on $SOCK said: Resetting the Virtual Machine is required \(GenericError\)$"

# 9. No QEMU there at all, and paths that cannot be sockets.
vq "no socket" status "$TMP/nowhere.sock"
broken "no socket" "cannot connect to QMP socket $TMP/nowhere.sock: No such file or directory \(is QEMU running"
long=$TMP/$(printf 'x%.0s' $(seq 120))
vq "path too long" status "$long"
broken "path too long" "QMP socket path too long \([0-9]+ bytes, at most 107\)"
vq "a name, not a socket" status no-such-guest
expect_eq "a name, not a socket: exit status" 1 "$RC"
expect_match "a name, not a socket: says why" "'no-such-guest' is not a QMP socket" "$ERR"
vq "unknown verb" frobnicate ./x.sock
expect_eq "unknown verb: exit status" 2 "$RC"
expect_match "unknown verb: says why" "unknown command 'frobnicate'" "$ERR"

finish
