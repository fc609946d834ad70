#!/bin/bash
# S in the Guests pane with the real QEMU and qemu-img: a guest whose boot
# sector counts in memory at 0x500 (as tests/guest-snapshot.sh), on a
# qcow2 disk.  S lists no snapshot; s and a tag save one, which the list
# then shows as qemu-img does; the guest runs on, and Enter and a yes
# load it: the counter is the saved one again; d and a yes delete it,
# and another is saved (QEMU was told to forget the first job).  A
# tag with a blank, a tag taken, a raw disk and a stopped guest are each
# refused with why.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu
snapshot_guest
qemu-img convert -O raw "$TMP/count.img" "$TMP/raw.img"
tiny_profile rawg "disk = $TMP/raw.img format=raw"

tui_start 120 40
tui_keys 3
tui_expect "the guests, stopped" '^> rawg +stopped'
tui_keys C-l
tui_expect "the footer names S and P" 'U usb  S snap  P shot +\? help'
tui_keys S
tui_expect "a stopped guest: refused" "rawg is not running: a stopped guest's"
tui_keys L
tui_expect "the log: its disks' snapshots, by the command line" \
	'list\|save\|load\|delete, with qemu-img\)'
tui_keys Escape

vf guest start snap >/dev/null
guest_watch snap
snap_pid=$GUEST_PID
tui_keys j
tui_expect "the guest runs" '^> snap +(running|prelaunch)'
tui_keys S
tui_expect "S: the list, about the guest" 'Snapshots of snap'
tui_expect "none yet" 'No snapshot yet: s takes one\.'
tui_keys s
tui_expect "s asks for a tag" 'Save a snapshot of snap \(its memory and disks\) as:'
tui_keys "a b" Enter
tui_expect "a tag with a blank: refused" "'a b' is not a tag \(letters, digits, '-', '_', '\.'\)"

vf guest pause snap >/dev/null
saved=$(snapshot_counter)
[ -n "$saved" ] || fail "no counter from the monitor"
tui_keys S
tui_expect "S again" 'No snapshot yet'
tui_keys s one Enter
tui_expect "saved, on the status bar" 'snap: snapshot one: saved'
expect_eq "qemu-img has it" "one " "$(snapshot_tags)"
tui_keys S
tui_expect "the list again, with it: machine and disks" \
	'> one +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}  machine and disks'
tui_keys Escape
vf guest resume snap >/dev/null
sleep 1
vf guest pause snap >/dev/null
later=$(snapshot_counter)
[ "$later" != "$saved" ] && pass || fail "the counter did not move ($saved)"

tui_keys S
tui_expect "S: one" '> one '
tui_keys s one Enter
tui_expect "a tag taken: refused" 'snap has a snapshot one already: d deletes it first'
tui_keys S
tui_expect "S: one" '> one '
tui_keys Enter
tui_expect "Enter asks first" 'Load snapshot one into snap\? What it runs now is lost\.'
tui_keys y
tui_expect "loaded" 'snap: snapshot one: loaded'
expect_eq "the saved state is back" "$saved" "$(snapshot_counter)"
tui_keys S
tui_expect "S: one" '> one '
tui_keys d
tui_expect "d asks first" 'Delete snapshot one of snap, from every disk\?'
tui_keys y
tui_expect "deleted" 'snap: snapshot one: deleted'
expect_eq "qemu-img has none" "" "$(snapshot_tags)"
tui_keys S
tui_expect "the list again: none" 'No snapshot yet'
# A second save from the same dashboard: QEMU dismissed the first job.
tui_keys s two Enter
tui_expect "a second save" 'snap: snapshot two: saved'
expect_eq "qemu-img has it" "two " "$(snapshot_tags)"
vf guest kill snap >/dev/null
gone "$snap_pid"

vf guest start rawg >/dev/null
guest_watch rawg
tui_keys g
tui_expect "rawg runs" '^> rawg +(running|prelaunch)'
tui_keys S
tui_expect "S on rawg" 'Snapshots of rawg'
tui_keys s x Enter
tui_expect "a raw disk: refused, saying why" 'rawg: snapshot x: .*is raw'
tui_keys L
tui_expect "the log has it whole" '\(qemu-img convert -O qcow2 makes one\)'
tui_keys Escape
vf guest kill rawg >/dev/null
gone "$GUEST_PID"

finish
