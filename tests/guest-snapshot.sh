#!/bin/bash
# Snapshots with the real QEMU and qemu-img: a guest whose boot sector
# counts in memory at 0x500, on a qcow2 disk.  Paused, saved, run on,
# loaded: the counter is the saved one again, and the listing has the
# tags qemu-img snapshot -l has; delete removes it.  A raw disk is
# refused with why; a stopped guest's snapshot is its disks' (qemu-img),
# also for a guest that passes a device through.  guest disk create
# makes a qcow2 disk and adds it to the profile.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu
snapshot_guest

vf guest start snap >/dev/null
expect_eq "started" 0 "$?"
guest_watch snap
sleep 1
vf guest pause snap >/dev/null
saved=$(snapshot_counter)
[ -n "$saved" ] || fail "no counter from the monitor"
out=$(vf guest snapshot snap save one)
expect_eq "save: exit status" 0 "$?"
expect_match "save: says so" "^snapshot one: saved$" "$out"
vf guest resume snap >/dev/null
sleep 1
vf guest pause snap >/dev/null
later=$(snapshot_counter)
[ "$later" != "$saved" ] && pass || fail "the counter did not move ($saved)"
out=$(vf guest snapshot snap load one)
expect_eq "load: exit status" 0 "$?"
expect_match "load: says so" "^snapshot one: loaded" "$out"
expect_eq "load: the saved state is back" "$saved" "$(snapshot_counter)"
out=$(vf guest snapshot snap list)
expect_eq "list: as qemu-img lists it" "$(snapshot_tags)" \
	"$(sed -n 's/^  \([^ ]*\)  (machine state: [0-9]* bytes)$/\1/p' <<<"$out" | sort | tr '\n' ' ')"
expect_eq "qemu-img has it" "one " "$(snapshot_tags)"
vf guest snapshot snap delete one >/dev/null
expect_eq "delete: gone" "" "$(snapshot_tags)"

# A raw disk: refused, saying why.
qemu-img convert -O raw "$TMP/count.img" "$TMP/raw.img"
tiny_profile rawg "disk = $TMP/raw.img format=raw"
vf guest kill snap >/dev/null
gone "$GUEST_PID"
vf guest start rawg >/dev/null
guest_watch rawg
vf guest snapshot rawg save x >"$TMP/out" 2>"$TMP/err"
expect_eq "raw disk: refused" 1 "$?"
expect_match "raw disk: says why" "is raw, and snapshots need qcow2 disks" "$(cat "$TMP/err")"
vf guest kill rawg >/dev/null
gone "$GUEST_PID"

# Stopped: the disks' own, also with a passed-through device.
tiny_profile pt "disk = $TMP/count.qcow2" "pci = 01:00.0"
out=$(vf guest snapshot pt save off)
expect_eq "stopped: exit status" 0 "$?"
expect_match "stopped: its disk" "^snapshot off: saved on $TMP/count\.qcow2 \(the guest is stopped: its disk only\)$" "$out"
expect_eq "stopped: qemu-img has it" "off " "$(snapshot_tags)"
vf guest snapshot pt list >"$TMP/out"
expect_match "stopped: list is qemu-img's" "^1 +off " "$(cat "$TMP/out")"
vf guest snapshot pt load off >/dev/null
expect_eq "stopped: load" 0 "$?"
vf guest snapshot pt delete off >/dev/null
expect_eq "stopped: deleted" "" "$(snapshot_tags)"

vf guest snapshot snap save "a b" >/dev/null 2>&1
expect_eq "a tag with a blank: usage" 2 "$?"
vf guest snapshot snap list x >/dev/null 2>&1
expect_eq "list takes no tag: usage" 2 "$?"

export XDG_DATA_HOME="$TMP/data"
out=$(vf guest disk pt create 64M)
expect_eq "disk create: exit status" 0 "$?"
disk=$XDG_DATA_HOME/vfiotui/disks/pt.qcow2
expect_match "disk create: says where" "^made $disk \(64M, qcow2\) and added disk = $disk to " "$out"
expect_match "disk create: a 64 MiB qcow2" "file format: qcow2.*virtual size: 64 MiB" \
	"$(qemu-img info "$disk" | tr '\n' ' ')"
expect_eq "disk create: the profile has it" "disk = $disk" "$(grep "^disk = $disk" "$GUESTS/pt.conf")"
vf guest disk pt create 64M >/dev/null 2>"$TMP/err"
expect_eq "disk create again: refused" 1 "$?"
expect_match "disk create again: says why" "is there already: leaving it" "$(cat "$TMP/err")"

finish
