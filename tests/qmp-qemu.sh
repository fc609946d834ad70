#!/bin/bash
# The guest verbs against a real QEMU (TCG, no disk): status, resume,
# pause, powerdown and kill on one QMP socket while `attach` follows the
# events on a second one (QEMU serves one client a socket), then a guest
# that powers itself off.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

QEMU=${QEMU:-qemu-system-x86_64}
command -v "$QEMU" >/dev/null || skip "$QEMU is not installed"
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-}:exitcode=86"

# qemu NAME ARGS...: QEMU stopped before its first instruction, with the
# QMP sockets $TMP/NAME.qmp (for the verbs) and $TMP/NAME.events (for
# attach); waits until both exist.
qemu() {
	local name=$1 deadline=$((SECONDS + 10))
	shift
	SOCK=$TMP/$name.qmp
	EVSOCK=$TMP/$name.events
	timeout 120 "$QEMU" -machine q35,accel=tcg -display none -nodefaults \
		-m 128 -S -qmp "unix:$SOCK,server=on,wait=off" \
		-qmp "unix:$EVSOCK,server=on,wait=off" "$@" \
		> "$TMP/$name.log" 2>&1 &
	QEMU_PID=$!
	at_exit "kill $QEMU_PID"
	while [ ! -S "$SOCK" ] || [ ! -S "$EVSOCK" ]; do
		if [ "$SECONDS" -gt "$deadline" ] || ! kill -0 "$QEMU_PID"; then
			echo "QEMU did not start: $(cat "$TMP/$name.log")"
			exit 99
		fi
		sleep 0.05
	done
}

# attach_start NAME: `guest attach` on $EVSOCK, until it says it is in.
attach_start() {
	ATT_OUT=$TMP/$1.attach
	ATT_ERR=$TMP/$1.attach-err
	timeout 60 "$VFIOTUI" guest attach "$EVSOCK" > "$ATT_OUT" 2> "$ATT_ERR" &
	ATT_PID=$!
	at_exit "kill $ATT_PID"
	wait_file_match "$ATT_ERR" 'events follow' 10 ||
		fail "attach never got in: $(cat "$ATT_ERR")"
}

# verb WHAT ARGS...: vfiotui guest ARGS must succeed quietly.
verb() {
	local what=$1 out
	shift
	out=$(timeout 20 "$VFIOTUI" guest "$@" 2>&1)
	expect_eq "$what: exit status" 0 "$?"
	expect_eq "$what: quiet" "" "$out"
}

state() {
	timeout 20 "$VFIOTUI" guest status "$SOCK" 2>&1 | head -1
}

# --- a guest with no OS, steered from the CLI -------------------------------
qemu steer -device virtio-rng-pci,id=rng0
status=$(timeout 20 "$VFIOTUI" guest status "$SOCK" 2>&1)
expect_eq "a fresh -S QEMU is in prelaunch" prelaunch "$(head -1 <<< "$status")"
expect_match "status: QEMU's version" "^version $("$QEMU" --version |
	sed -n 's/^QEMU emulator version \([0-9.]*\).*/\1/p' | sed 's/\./\\./g')$" "$status"
expect_match "status: QEMU's pid" "^pid [0-9]+$" "$status"
expect_match "status: uptime" "^uptime [0-9]+s$" "$status"
expect_match "status: the host bridge" '^device 00:00\.0 8086:29c0 Host bridge$' "$status"
expect_match "status: a -device with an id, and its type" \
	'^device 00:[0-9a-f]{2}\.0 1af4:[0-9a-f]{4} .* id=rng0 type=virtio-rng-pci$' "$status"
json=$(timeout 20 "$VFIOTUI" guest status --json "$SOCK")
expect_match "status --json" '^\{"socket":".*","status":"prelaunch","version":' "$json"

attach_start steer
verb resume resume "$SOCK"
expect_eq "resume: running" running "$(state)"
expect_file_match "attach: RESUME" "$ATT_OUT" '^[0-9-]+T[0-9:.]+ RESUME$' 10
verb pause pause "$SOCK"
expect_file_match "attach: STOP" "$ATT_OUT" '^[0-9-]+T[0-9:.]+ STOP$' 10
expect_eq "pause: paused" paused "$(state)"
verb "resume again" resume "$SOCK"
expect_eq "resume again: running" running "$(state)"
verb powerdown powerdown "$SOCK"
expect_file_match "attach: POWERDOWN" "$ATT_OUT" '^[0-9-]+T[0-9:.]+ POWERDOWN$' 10
expect_eq "no OS answers the power button" running "$(state)"
verb reset reset "$SOCK"
expect_file_match "attach: RESET by QMP" "$ATT_OUT" \
	'^[0-9-]+T[0-9:.]+ RESET guest=false reason=host-qmp-system-reset$' 10
verb kill kill "$SOCK"
wait "$QEMU_PID"
expect_eq "kill: QEMU exits, and well" 0 "$?"
wait "$ATT_PID"
expect_eq "attach ends with 0 when QEMU went away" 0 "$?"
expect_file_match "attach: SHUTDOWN for the quit" "$ATT_OUT" \
	'^[0-9-]+T[0-9:.]+ SHUTDOWN guest=false reason=host-qmp-quit$'
expect_eq "attach: no more than what it was told" "" "$(grep -v 'events follow' "$ATT_ERR")"
expect_eq "attach: events in order" "RESUME STOP RESUME POWERDOWN RESET SHUTDOWN" \
	"$(awk '$2 != "RESET" || $3 == "guest=false" { printf "%s%s", sep, $2; sep = " " }' "$ATT_OUT")"
out=$(timeout 20 "$VFIOTUI" guest status "$SOCK" 2>&1)
expect_eq "status after QEMU went: exit status" 1 "$?"
expect_match "status after QEMU went: says so" "cannot connect to QMP socket $SOCK" "$out"

# --- a guest that powers itself off ------------------------------------------
# A boot sector that writes the ACPI sleep-enable (0x2000) to the ICH9's
# PM1a control port (0x604): mov dx,0x604; mov ax,0x2000; out dx,ax; then
# hlt in a loop; 55 aa at 510, in 1 MiB (SeaBIOS boots no 512-byte disk).
img=$TMP/poweroff.img
printf '\272\004\006\270\000\040\357\364\353\375' > "$img"
truncate -s 510 "$img"
printf '\125\252' >> "$img"
truncate -s 1M "$img"

qemu poweroff -drive "file=$img,format=raw,if=virtio,readonly=on"
attach_start poweroff
verb "resume the guest" resume "$SOCK"
wait "$ATT_PID"
expect_eq "attach ends with 0 when the guest powers off" 0 "$?"
expect_file_match "attach: SHUTDOWN by the guest" "$ATT_OUT" \
	'^[0-9-]+T[0-9:.]+ SHUTDOWN guest=true reason=guest-shutdown$'
wait "$QEMU_PID"
expect_eq "QEMU ends with the guest" 0 "$?"

# With -no-shutdown QEMU stays, and shows the state by QMP's name.
qemu stays -no-shutdown -drive "file=$img,format=raw,if=virtio,readonly=on"
attach_start stays
verb "resume the guest that stays" resume "$SOCK"
expect_file_match "attach: SHUTDOWN, QEMU stays" "$ATT_OUT" \
	'^[0-9-]+T[0-9:.]+ SHUTDOWN guest=true reason=guest-shutdown$' 10
expect_eq "status: shutdown" shutdown "$(state)"
verb "kill the one that stays" kill "$SOCK"
wait "$ATT_PID"
expect_eq "attach ends with 0 after the kill" 0 "$?"

finish
