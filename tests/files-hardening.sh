#!/bin/bash
# Files another user could plant.  Root with a user's XDG_RUNTIME_DIR
# (sudo -E, su -c) must not write through that user's links nor believe
# that user's journal entries; a group- or world-writable directory is
# refused; a crash's temp files go.  And a FIFO where vfiotui reads a
# profile, net.conf, the user config or a ROM is refused at once, naming
# it, instead of stalling open(2) for ever.  Runs as root (chown).
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

[ -f "${FAKESYSFS:-}" ] || skip "tests/fakesysfs.so is not built"
[ "$(id -u)" -eq 0 ] || skip "needs root (it plays another user with chown)"
export XDG_CONFIG_HOME="$TMP/cfg" XDG_STATE_HOME="$TMP/state" HOME="$TMP/home"
mkdir -p "$XDG_CONFIG_HOME/vfiotui/guests" "$HOME"
shadow=$TMP/shadow		# stands for /etc/shadow
secret='root:$6$secret:19000:0:99999:7:::'

new_tree() {
	tree=$(fixture desktop-2gpu --no-config)
	printf '%s\n' "$secret" > "$shadow"
}

vt() {
	env LD_PRELOAD="$FAKESYSFS" FAKESYSFS_ROOT="$tree" \
		timeout 10 "$VFIOTUI" --sysfs "$tree" "$@"
}

driver_of() {
	basename "$(readlink "$tree/bus/pci/devices/$1/driver")"
}

# --- (a) root with another user's runtime dir -------------------------------
new_tree
xdg=$TMP/xdg-nobody
mkdir -p "$xdg/vfiotui/journal"
chmod 700 "$xdg"
ln -s "$shadow" "$xdg/vfiotui/journal/0000:04:00.0.tmp"
chown -R -h 65534:65534 "$xdg"
XDG_RUNTIME_DIR=$xdg vt bind 04:00.0 > /dev/null 2> "$TMP/err"
expect_eq "another user's runtime dir: exit status" 1 "$?"
expect_match "another user's runtime dir: names it and its owner" \
	"^vfiotui: bind: the runtime dir $xdg/vfiotui belongs to nobody \(uid 65534\), not to this user: .*; nothing was changed$" \
	"$(cat "$TMP/err")"
expect_eq "another user's runtime dir: the link's target is unchanged" \
	"$secret" "$(cat "$shadow")"
expect_eq "another user's runtime dir: the device as found" nvidia \
	"$(driver_of 0000:04:00.0)"
expect_eq "another user's runtime dir: nothing written to sysfs" "" \
	"$(cat "$tree/fake/writes.log" 2>/dev/null)"

# --- (b) links and strangers in root's own journal ---------------------------
export XDG_RUNTIME_DIR=$TMP/run
journal=$XDG_RUNTIME_DIR/vfiotui/journal
new_tree
mkdir -p "$journal"
chmod 700 "$XDG_RUNTIME_DIR" "$XDG_RUNTIME_DIR/vfiotui" "$journal"
# The old temp name, and the entry's own name, as links.
ln -s "$shadow" "$journal/0000:04:00.0.tmp"
ln -s "$shadow" "$journal/0000:04:00.1"
vt bind 04:00.0 > /dev/null 2> "$TMP/err"
expect_eq "planted links: bind succeeds" 0 "$?"
expect_eq "planted links: the target is unchanged" "$secret" "$(cat "$shadow")"
expect_eq "planted links: the entry is a file of its own" "regular file" \
	"$(stat -c %F "$journal/0000:04:00.1")"
expect_eq "planted links: it holds the driver as found" \
	"driver=snd_hda_intel override=" \
	"$(tr '\n' ' ' < "$journal/0000:04:00.1" | sed 's/ $//')"
vt restore > /dev/null 2>&1
expect_eq "planted links: restored" nvidia "$(driver_of 0000:04:00.0)"
rm -f "$journal/0000:04:00.0.tmp"

# An entry another user wrote is not believed: restore writes nothing.
new_tree
override=$(cat "$tree/bus/pci/devices/0000:04:00.0/driver_override")
printf 'driver=\noverride=evil\n' > "$journal/0000:04:00.0"
chown 65534:65534 "$journal/0000:04:00.0"
vt restore > /dev/null 2> "$TMP/err"
expect_eq "a stranger's entry: exit status" 1 "$?"
expect_match "a stranger's entry: says why" \
	"^vfiotui: restore: $journal/0000:04:00\.0: owned by nobody \(uid 65534\), not by this user: not believed \(remove it\)$" \
	"$(cat "$TMP/err")"
expect_eq "a stranger's entry: nothing written to sysfs" "" \
	"$(cat "$tree/fake/writes.log" 2>/dev/null)"
expect_eq "a stranger's entry: the override untouched" "$override" \
	"$(cat "$tree/bus/pci/devices/0000:04:00.0/driver_override")"
rm -f "$journal/0000:04:00.0"

# --- (c) directories others may write ----------------------------------------
for mode in 0770 0757 1777; do
	new_tree
	chmod "$mode" "$journal"
	vt bind 04:00.0 > /dev/null 2> "$TMP/err"
	expect_eq "journal mode $mode: exit status" 1 "$?"
	expect_match "journal mode $mode: refused, naming it" \
		"^vfiotui: cannot use the journal directory: $journal: writable by others \(mode $mode\): .*chmod go-w $journal\)" \
		"$(cat "$TMP/err")"
	expect_eq "journal mode $mode: nothing written to sysfs" "" \
		"$(cat "$tree/fake/writes.log" 2>/dev/null)"
done
chmod 700 "$journal"
# On the way there: a writable directory without the sticky bit.
new_tree
chmod 0777 "$XDG_RUNTIME_DIR"
vt bind 04:00.0 > /dev/null 2> "$TMP/err"
expect_match "a world-writable runtime dir: refused" \
	"^vfiotui: cannot use the journal directory: $XDG_RUNTIME_DIR: writable by others \(mode 0777\)" \
	"$(cat "$TMP/err")"
chmod 700 "$XDG_RUNTIME_DIR"

# --- (e) a crash's temp files ------------------------------------------------
new_tree
dead=2147483646			# no such process
: > "$journal/0000:04:00.0.tmp.$dead.0badf00d"
: > "$journal/0000:04:00.1.tmp.$$.0badf00d"	# a live writer's
ln -s "$shadow" "$journal/0000:04:00.2.tmp.$dead.0badf00d"
vt restore > /dev/null 2>&1
expect_eq "stale temps: a dead writer's file removed, a live one's and a link kept" \
	"0000:04:00.1.tmp.$$.0badf00d 0000:04:00.2.tmp.$dead.0badf00d" \
	"$(ls -A "$journal" | tr '\n' ' ' | sed 's/ $//')"
rm -f "$journal"/*
# The guests' runtime and state dirs are swept when a guest starts.
guests=$XDG_CONFIG_HOME/vfiotui/guests
printf '%s\n' "qemu = /nonexistent/qemu" "firmware = seabios" \
	"network = none" "memory = 128M" > "$guests/g.conf"
mkdir -p "$XDG_RUNTIME_DIR/vfiotui/guests/g" "$XDG_STATE_HOME/vfiotui/guests/g"
chmod 700 "$XDG_STATE_HOME" "$XDG_STATE_HOME/vfiotui" \
	"$XDG_STATE_HOME/vfiotui/guests" "$XDG_STATE_HOME/vfiotui/guests/g" \
	"$XDG_RUNTIME_DIR/vfiotui/guests" "$XDG_RUNTIME_DIR/vfiotui/guests/g"
: > "$XDG_RUNTIME_DIR/vfiotui/guests/g/pid.tmp.$dead.1"
: > "$XDG_STATE_HOME/vfiotui/guests/g/cdrom0.iso.tmp.$dead.out"
vt guest start g > /dev/null 2>&1
expect_eq "stale temps: the guest's runtime dir swept" "" \
	"$(ls "$XDG_RUNTIME_DIR/vfiotui/guests/g" | grep tmp)"
expect_eq "stale temps: the guest's state dir swept" "" \
	"$(ls "$XDG_STATE_HOME/vfiotui/guests/g" | grep tmp)"
rm -f "$guests/g.conf"

# --- (d) FIFOs where vfiotui reads -------------------------------------------
# guest list and check leave a broken profile to guest start to report.
new_tree
rm -rf "$XDG_RUNTIME_DIR/vfiotui/guests"
mkfifo "$guests/x.conf"
out=$(vt guest list 2>&1)
rc=$?
expect_eq "a FIFO profile: guest list answers" 0 "$rc"
expect_match "a FIFO profile: guest list lists it" '^x +stopped$' "$out"
out=$(vt check 2>&1)
rc=$?
expect_no_match "a FIFO profile: check answers" '^124$' "$rc"
expect_match "a FIFO profile: check ends with its count" '^[0-9]+ ok, ' "$out"
out=$(vt guest start --print x 2>&1)
expect_eq "a FIFO profile: guest start --print refuses" 2 "$?"
expect_match "a FIFO profile: guest start names it" \
	"^vfiotui: $guests/x\.conf: a FIFO, not a regular file: not read$" "$out"
tui_start 120 40 --sysfs "$tree"
tui_expect "a FIFO profile: the dashboard draws" '^ vfiotui +1 IOMMU'
tui_keys 3
tui_expect "a FIFO profile: the Guests pane lists it" '^> x +bad profile'
tui_expect "a FIFO profile: and says why" \
	"$guests/x\.conf: a FIFO, not a regular file"
tui_keys q
expect_eq "a FIFO profile: q quits" 0 "$(tui_exit_status)"
rm -f "$guests/x.conf"

mkfifo "$XDG_CONFIG_HOME/vfiotui/net.conf"
out=$(timeout 10 "$VFIOTUI" net status 2>&1)
expect_no_match "a FIFO net.conf: net status answers" '^124$' "$?"
expect_match "a FIFO net.conf: names it" \
	"$XDG_CONFIG_HOME/vfiotui/net\.conf: a FIFO, not a regular file: not read" "$out"
tui_start 120 40 --sysfs "$tree"
tui_expect "a FIFO net.conf: the dashboard draws" '^ vfiotui +1 IOMMU'
tui_keys q
expect_eq "a FIFO net.conf: q quits" 0 "$(tui_exit_status)"
rm -f "$XDG_CONFIG_HOME/vfiotui/net.conf"

# A bad user config refuses the dashboard (it would mislead): at once.
mkfifo "$XDG_CONFIG_HOME/vfiotui/config"
tui_start 120 40 --sysfs "$tree"
expect_eq "a FIFO config: the dashboard refuses at once" 2 "$(tui_exit_status)"
tui_expect "a FIFO config: and says why" \
	"^vfiotui: $XDG_CONFIG_HOME/vfiotui/config: a FIFO, not a regular file: not read$"
rm -f "$XDG_CONFIG_HOME/vfiotui/config"

mkfifo "$TMP/vbios.rom"
out=$(timeout 10 "$VFIOTUI" rom "$TMP/vbios.rom" 2>&1)
expect_no_match "a FIFO ROM: rom answers" '^124$' "$?"
expect_match "a FIFO ROM: names it" \
	"$TMP/vbios\.rom: a FIFO, not a regular file: not read" "$out"

finish
