#!/bin/bash
# Guests from profiles with the real QEMU (TCG, no disk): start, status,
# pause and resume seen by attach, stop that waits out its timeout when no
# OS answers the power-down, a guest that powers itself off, and the ISO
# of a directory cdrom, built once and again only after a change.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu

# --- start, status, pause/resume, stop ------------------------------------
tiny_profile tiny
out=$(vf guest start tiny)
expect_eq "start: exit status" 0 "$?"
guest_watch tiny
pid=$GUEST_PID
expect_match "start: says where" "^guest tiny started: pid $pid, QMP socket $GUEST_RUN/tiny/qmp\.sock, log $GUEST_RUN/tiny/log$" "$out"
expect_eq "its pid file names a live QEMU" qemu-system-x86 "$(cat /proc/"$pid"/comm 2>/dev/null)"
expect_eq "status: running" running "$(vf guest status tiny | head -1)"
expect_match "list: running" "^tiny +running +pid $pid " "$(vf guest list)"
expect_eq "list --json" "true $pid running" "$(vf guest list --json | jq -r '.[] | select(.name == "tiny") | "\(.running) \(.pid) \(.state)"')"
vf guest start tiny > "$TMP/out" 2> "$TMP/err"
expect_eq "a second start: refused" 1 "$?"
expect_match "a second start: says so" "^vfiotui: guest tiny is running already \(pid $pid," "$(cat "$TMP/err")"

timeout 60 "$VFIOTUI" guest attach tiny > "$TMP/attach" 2> "$TMP/attach.err" &
attach=$!
at_exit "kill $attach"
wait_file_match "$TMP/attach.err" "events follow" 10 || fail "attach did not start"
vf guest pause tiny
expect_file_match "pause: STOP event" "$TMP/attach" '^[-0-9T:.]+ STOP$'
expect_eq "status: paused" paused "$(vf guest status tiny | head -1)"
vf guest list > "$TMP/out"
expect_eq "list, paused: exit status" 0 "$?"
expect_match "list: paused, QEMU's run state" "^tiny +paused +pid $pid " "$(cat "$TMP/out")"
expect_eq "list --json: paused" "true paused" \
	"$(vf guest list --json | jq -r '.[] | select(.name == "tiny") | "\(.running) \(.state)"')"
vf guest resume tiny
expect_file_match "resume: RESUME event" "$TMP/attach" '^[-0-9T:.]+ RESUME$'
expect_eq "status: running again" running "$(vf guest status tiny | head -1)"
expect_match "list: running again" "^tiny +running +pid $pid " "$(vf guest list)"

# No OS answers the ACPI power-down: stop waits out its timeout, then quits.
start=$SECONDS
out=$(vf guest stop tiny --timeout 2)
expect_eq "stop: exit status" 0 "$?"
expect_eq "stop: power-down, the wait, quit" "guest tiny: ACPI power-down sent, waiting up to 2 s
guest tiny did not power down in 2 s: quitting QEMU
guest tiny: QEMU quit" "$out"
expect_match "stop waited its 2 s" '^[2-9]$' "$((SECONDS - start))"
expect_file_match "attach: POWERDOWN" "$TMP/attach" '^[-0-9T:.]+ POWERDOWN$'
expect_file_match "attach: quit" "$TMP/attach" 'SHUTDOWN guest=false reason=host-qmp-quit$'
wait "$attach"
expect_eq "attach ends with 0" 0 "$?"
expect_eq "QEMU is gone" no "$(alive "$pid")"
expect_match "list: how it ended" "^tiny +exited +quit by QMP$" "$(vf guest list)"
vf guest status tiny > "$TMP/out" 2> "$TMP/err"
expect_eq "status of a stopped guest: fails" 1 "$?"
expect_eq "status of a stopped guest: says so" "vfiotui: guest tiny is not running: quit by QMP" "$(head -1 "$TMP/err")"

# --- what QEMU says once daemonized ------------------------------------------
vf guest start tiny > /dev/null
guest_watch tiny
kill -TERM "$GUEST_PID"
gone "$GUEST_PID"
expect_file_match "qemu.log: the signal that ended it" "$GUEST_RUN/tiny/qemu.log" \
	'^qemu-system-x86_64: terminating on signal 15 from pid [0-9]+'
expect_file_match "log: still this start's command line" "$GUEST_RUN/tiny/log" \
	' vfiotui starts: qemu-system-x86_64 -name tiny .* -D [^ ]*/tiny/qemu\.log$'

# --- a guest that powers itself off -----------------------------------------
boot_poweroff_image "$TMP/off.img"
tiny_profile off "disk = $TMP/off.img format=raw" "extra = -S"
vf guest start off > /dev/null
guest_watch off
pid=$GUEST_PID
expect_eq "-S: prelaunch" prelaunch "$(vf guest status off | head -1)"
timeout 60 "$VFIOTUI" guest attach off > "$TMP/attach" 2> "$TMP/attach.err" &
attach=$!
at_exit "kill $attach"
wait_file_match "$TMP/attach.err" "events follow" 10 || fail "attach did not start"
vf guest resume off
expect_file_match "SHUTDOWN from the guest" "$TMP/attach" 'SHUTDOWN guest=true reason=guest-shutdown$' 20
wait "$attach"
expect_eq "attach ends with 0" 0 "$?"
gone "$pid"
expect_eq "QEMU exited" no "$(alive "$pid")"

# --- OVMF: the guest's own vars, made once ---------------------------------
code=/usr/share/OVMF/OVMF_CODE_4M.fd
if [ -r "$code" ] && [ -r /usr/share/OVMF/OVMF_VARS_4M.fd ]; then
	cp /usr/share/OVMF/OVMF_VARS_4M.fd "$TMP/vars.fd"
	vars=$GUEST_STATE/uefi/OVMF_VARS.fd
	profile uefi "machine = q35" "accel = tcg" "memory = 128M" \
		"display = none" "firmware = ovmf" "ovmf-code = $code" \
		"ovmf-vars = $TMP/vars.fd" "extra = -S"
	out=$(vf guest start uefi)
	expect_eq "uefi: started" 0 "$?"
	guest_watch uefi
	pid=$GUEST_PID
	expect_match "uefi: the vars copy made" "^firmware: made the guest's own vars, $vars$" "$out"
	expect_eq "uefi: a copy of the template" "" "$(cmp "$TMP/vars.fd" "$vars")"
	expect_match "uefi: QEMU's flash is the copy" \
		"-drive file=$vars,if=pflash,format=raw " \
		"$(tr '\0' ' ' < /proc/"$pid"/cmdline)"
	vf guest kill uefi
	gone "$pid"
	# The guest wrote its boot entries; a changed template must not
	# overwrite them.
	printf 'guest' | dd of="$vars" bs=1 seek=100 conv=notrunc 2>/dev/null
	cp "$vars" "$TMP/guest-vars.fd"
	printf 'template' | dd of="$TMP/vars.fd" bs=1 seek=200 conv=notrunc 2>/dev/null
	out=$(vf guest start uefi)
	guest_watch uefi
	pid=$GUEST_PID
	expect_no_match "uefi: second start makes no copy" "firmware:" "$out"
	expect_eq "uefi: the guest's vars kept" "" "$(cmp "$TMP/guest-vars.fd" "$vars")"
	vf guest kill uefi
	gone "$pid"
	rm "$TMP/vars.fd"
	out=$(vf guest start uefi 2>&1)
	expect_eq "uefi: the template gone, the copy serves" 0 "$?"
	guest_watch uefi
	vf guest kill uefi
	gone "$GUEST_PID"
else
	echo "no OVMF (package ovmf): its vars copy is not tested"
fi

# --- a directory cdrom ------------------------------------------------------
mkdir -p "$TMP/drivers/sub"
echo one > "$TMP/drivers/setup.inf"
echo two > "$TMP/drivers/sub/nv.sys"
tiny_profile iso "cdrom = $TMP/drivers"
iso=$GUEST_STATE/iso/cdrom0.iso
# start_iso WHAT: starts guest iso, checks QEMU has the ISO, stops it.
start_iso() {
	out=$(vf guest start iso)
	expect_eq "$1: started" 0 "$?"
	guest_watch iso
	pid=$GUEST_PID
	expect_match "$1: QEMU reads the ISO" "file=$iso,media=cdrom" \
		"$(tr '\0' ' ' < /proc/"$pid"/cmdline)"
	expect_eq "$1: --print is what runs" "$(vf guest start --print iso)" \
		"$(tr '\0' '\n' < /proc/"$pid"/cmdline)"
	vf guest kill iso
	gone "$pid"
}
start_iso "first start"
expect_match "built" "^cdrom $TMP/drivers: built $iso$" "$out"
expect_match "said while it builds" "^cdrom $TMP/drivers: building its ISO$" "$out"
expect_match "the ISO holds the tree" "nv\.sys" "$(xorriso -indev "$iso" -find / 2>/dev/null | tr 'A-Z' 'a-z')"
first=$(stat -c %i "$iso")
start_iso "second start"
expect_match "not rebuilt" "^cdrom $TMP/drivers: up to date: $iso$" "$out"
expect_eq "the same file" "$first" "$(stat -c %i "$iso")"
echo three > "$TMP/drivers/sub/nv.sys"
start_iso "after a change"
expect_match "rebuilt" "^cdrom $TMP/drivers: built $iso$" "$out"
inode=$(stat -c %i "$iso")
xorriso -indev "$iso" -osirrox on -extract /sub/nv.sys "$TMP/nv.sys" >/dev/null 2>&1
expect_eq "with the new file" three "$(cat "$TMP/nv.sys" 2>/dev/null)"

# No ISO tool: the error says what to install, QEMU is not started.
mkdir "$TMP/bin"
ln -s "$(command -v qemu-system-x86_64)" "$TMP/bin/"
echo four > "$TMP/drivers/setup.inf"
timeout 30 env PATH="$TMP/bin" "$VFIOTUI" guest start iso > "$TMP/out" 2> "$TMP/err"
expect_eq "no ISO tool: refused" 1 "$?"
expect_eq "no ISO tool: says what to install" "vfiotui: $TMP/drivers: cannot build an ISO: install xorriso or genisoimage (xorriso: not found (is it installed and on PATH?))" "$(cat "$TMP/err")"
expect_eq "no ISO tool: no QEMU" "" "$(qemu_of_test)"
expect_eq "no ISO tool: the old ISO is kept" "$inode" "$(stat -c %i "$iso")"

# A net.conf that does not parse: a usage error, and nothing made.
profile vdeguest "machine = q35" "accel = tcg" "memory = 128M" "cpus = 1" \
	"firmware = seabios" "display = none" "network = vde"
printf 'bogus = 1\n' > "$XDG_CONFIG_HOME/vfiotui/net.conf"
vf guest start vdeguest > "$TMP/out" 2> "$TMP/err"
expect_eq "bad net.conf: a usage error" 2 "$?"
expect_match "bad net.conf: says where" \
	"^vfiotui: guest vdeguest: network = vde: $XDG_CONFIG_HOME/vfiotui/net\.conf:1: " \
	"$(cat "$TMP/err")"
expect_eq "bad net.conf: no runtime dir made" no \
	"$(test -e "$GUEST_RUN/vdeguest" && echo yes || echo no)"
rm "$XDG_CONFIG_HOME/vfiotui/net.conf"

finish
