#!/bin/bash
# P in the Guests pane with the real QEMU (display = vnc, SeaBIOS's text
# screen): a bare Enter writes the screen as a PNG named from the guest
# and the time in the dashboard's directory, a name typed writes it
# there; QEMU's refusal (a folder that does not exist) is said with its
# words, and a stopped guest is refused.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu

profile vga "machine = q35" "accel = tcg" "memory = 128M" "cpus = 1" \
	"firmware = seabios" "network = none" "display = vnc"
profile off "machine = q35" "accel = tcg" "memory = 128M" "cpus = 1" \
	"firmware = seabios" "network = none" "display = vnc"
vf guest start vga >/dev/null
guest_watch vga

mkdir "$TMP/here"
cd "$TMP/here" || fail "no $TMP/here"
tui_start 120 40
tui_keys 3
tui_expect "the guests" '^> off +stopped'
# Connected first: its "vga: running" would take the status bar.
tui_expect "vga's QEMU answered" '^  vga +running'
tui_keys P
tui_expect "a stopped guest: refused" \
	"off is not running: a screenshot is of a running guest's screen"
tui_keys j
tui_expect "vga runs" '^> vga +(running|prelaunch)'
tui_keys P
tui_expect "P asks, naming the default" \
	"Save vga's screen as \(Enter: vga-[0-9]{8}-[0-9]{6}\.png here\):"
tui_keys Enter
# SeaBIOS's text screen: 80x25 characters of 9x16 pixels.
tui_expect "a bare Enter: the default's file, its size" \
	"vga: its screen, 720x400, is in $TMP/here/vga-[0-9]{8}-[0-9]{6}\.png"
shot=$(ls "$TMP/here"/vga-*.png 2>/dev/null)
expect_eq "the file is a PNG" "89504e470d0a1a0a" \
	"$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')"
tui_keys P
tui_expect "P again" "Save vga's screen as"
tui_keys shot.png Enter
tui_expect "a name: the file there" "vga: its screen, 720x400, is in $TMP/here/shot\.png"
[ -s "$TMP/here/shot.png" ] && pass || fail "no $TMP/here/shot.png"
tui_keys P
tui_expect "P again" "Save vga's screen as"
tui_keys "$TMP/none/x.png" Enter
tui_expect "QEMU's refusal, on the status bar" \
	"vga: no screenshot: QEMU said GenericError: failed to open file"
tui_keys L
tui_expect "and with its words in the log" "$TMP/none/x\.png"
tui_keys Escape
[ -e "$TMP/none" ] && fail "a folder was made" || pass
vf guest kill vga >/dev/null
gone "$GUEST_PID"

finish
