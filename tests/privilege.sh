#!/bin/bash
# Every command as a user who is not root, against root's runtime state
# (its journal, its running switch, its guests' dirs) that the user's
# XDG_RUNTIME_DIR points at: what sysfs shows the user may read; what
# root keeps the user is refused, in words that name the directory and
# its owner, with the system's no (exit 1) and nothing of root's changed.
# Then root's side of pkexec: run for a user (PKEXEC_UID), vfiotui takes
# only the commands that need root, on the real /sys and /proc.  Runs as
# root (it plays the user with setpriv).
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/netlib.sh"

[ -f "${FAKESYSFS:-}" ] || skip "tests/fakesysfs.so is not built"
[ "$(id -u)" -eq 0 ] || skip "needs root (it plays another user with setpriv)"
command -v setpriv >/dev/null || skip "setpriv is not installed (util-linux)"

# The user must reach the binary and the tree: copies in a dir all may read.
chmod 755 "$TMP"
mkdir -m 755 "$TMP/pub"
cp "$VFIOTUI" "$TMP/pub/vfiotui"
chmod 755 "$TMP/pub/vfiotui"
tree=$(fixture desktop-2gpu --no-config)
chmod -R a+rX "$tree"
mkdir -m 700 "$TMP/cfg/vfiotui/guests"
tiny='machine = q35'

as_root() {
	env LD_PRELOAD="$FAKESYSFS" FAKESYSFS_ROOT="$tree" \
		timeout 20 "$VFIOTUI" --sysfs "$tree" "$@"
}
# as_user CMD...: vfiotui CMD as nobody, its runtime dir root's.
as_user() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		env HOME=/nonexistent XDG_RUNTIME_DIR="$XDG_RUNTIME_DIR" \
		XDG_CONFIG_HOME="$TMP/pub/cfg" \
		timeout 20 "$TMP/pub/vfiotui" --sysfs "$tree" "$@"
}
driver_of() {
	basename "$(readlink "$tree/bus/pci/devices/$1/driver")"
}

# --- root's state ------------------------------------------------------------
as_root bind 04:00.0 >/dev/null 2>&1
expect_eq "root binds the dGPU" vfio-pci "$(driver_of 0000:04:00.0)"
expect_eq "root's journal entry" yes \
	"$([ -f "$XDG_RUNTIME_DIR/vfiotui/journal/0000:04:00.0" ] && echo yes || echo no)"
as_root net start >/dev/null 2>&1
switch=$(pid_of switch)
if alive "$switch"; then pass; else fail "root's switch did not start"; fi
printf '%s\n' "$tiny" >"$TMP/cfg/vfiotui/guests/win10.conf"
mkdir -m 700 -p "$XDG_RUNTIME_DIR/vfiotui/guests/win10"
journal=$(ls -l "$XDG_RUNTIME_DIR/vfiotui/journal")

# try WHAT WANT REGEX ARGS...: the user's vfiotui ARGS exits WANT, saying
# REGEX on stdout or stderr.
try() {
	local what=$1 want=$2 regex=$3 out rc
	shift 3
	out=$(as_user "$@" 2>&1 </dev/null)
	rc=$?
	expect_eq "$what: exit status" "$want" "$rc"
	expect_match "$what: says" "$regex" "$out"
}

# --- what the user may read: sysfs -------------------------------------------
try "list" 0 "^IOMMU Group 17 0000:04:00\.0 VGA compatible controller" list
try "show" 0 "Kernel driver in use: vfio-pci" show 04:00.0
: >"$TMP/pub/empty.rom"
try "rom: the user's own file" 1 "zero sized ROM file" rom "$TMP/pub/empty.rom"

# --- what root keeps: refused, naming the dir and its owner ------------------
unreachable="cannot reach the runtime dir $XDG_RUNTIME_DIR/vfiotui: Permission denied \(XDG_RUNTIME_DIR, $XDG_RUNTIME_DIR, belongs to root \(uid 0\), mode 0700, not to this user\)"
try "bind" 1 "^vfiotui: bind: $unreachable; nothing was changed$" bind 04:00.0
try "unbind" 1 "^vfiotui: unbind: $unreachable; nothing was changed$" unbind 04:00.0
try "restore" 1 "^vfiotui: restore: $unreachable$" restore
try "net status" 1 "^vfiotui: net: $unreachable$" net status
try "net stop" 1 "^vfiotui: net: $unreachable$" net stop
try "net start" 1 "^vfiotui: net: $unreachable$" net start
try "guest list" 1 "^vfiotui: guest list: running guests not shown: $unreachable$" guest list
try "guest status" 1 "^vfiotui: guest status: $unreachable$" guest status win10
try "guest stop" 1 "^vfiotui: guest stop: $unreachable$" guest stop win10
try "guest kill" 1 "^vfiotui: guest kill: $unreachable$" guest kill win10

# The same dir readable to all: root's still, so still not the user's.
chmod 755 "$XDG_RUNTIME_DIR"
notmine="the runtime dir $XDG_RUNTIME_DIR/vfiotui belongs to root \(uid 0\), not to this user: XDG_RUNTIME_DIR \($XDG_RUNTIME_DIR\) is not your own runtime dir"
try "readable, bind" 1 "^vfiotui: bind: $notmine; nothing was changed$" bind 04:00.0
try "readable, net status" 1 "^vfiotui: net: $notmine$" net status
try "readable, guest list" 1 "^vfiotui: guest list: running guests not shown: $notmine$" guest list
chmod 700 "$XDG_RUNTIME_DIR"

# Root's state as root left it.
expect_eq "the dGPU is still root's binding" vfio-pci "$(driver_of 0000:04:00.0)"
expect_eq "root's journal untouched" "$journal" "$(ls -l "$XDG_RUNTIME_DIR/vfiotui/journal")"
if alive "$switch"; then pass; else fail "root's switch is gone"; fi

# --- root's side of pkexec ---------------------------------------------------
# pkexec sets PKEXEC_UID.  The action names the program, not the command,
# so vfiotui itself keeps a user from making root run a guest, the network,
# or a fixture tree the user wrote.
pk() {
	env PKEXEC_UID=65534 timeout 20 "$VFIOTUI" "$@" </dev/null
}
refused="run by pkexec, vfiotui only runs bind, unbind, restore and memlock as root"
for cmd in "guest start win10" "guest list" "net start" "net stop" \
	"rom /dev/null" "check" "list" "watch"; do
	# shellcheck disable=SC2086 # the command's words
	out=$(pk $cmd 2>&1)
	expect_eq "pkexec $cmd: exit status" 1 "$?"
	expect_match "pkexec $cmd: refused" "^vfiotui: $refused, not '${cmd%% *}': run it as yourself, without pkexec$" "$out"
done
out=$(pk 2>&1)
expect_eq "pkexec, the dashboard: exit status" 1 "$?"
expect_match "pkexec, the dashboard: refused" "^vfiotui: $refused \(not the dashboard\)" "$out"
out=$(pk --sysfs "$tree" unbind 04:00.0 2>&1)
expect_eq "pkexec --sysfs: exit status" 1 "$?"
expect_match "pkexec --sysfs: refused" "works on the real /sys and /proc only" "$out"
expect_eq "pkexec --sysfs: the fixture's dGPU untouched" vfio-pci "$(driver_of 0000:04:00.0)"
out=$(pk --proc "$TMP" memlock $$ 1048576 2>&1)
expect_eq "pkexec --proc: exit status" 1 "$?"
expect_match "pkexec --proc: refused" "works on the real /sys and /proc only" "$out"
if alive "$switch"; then pass; else fail "pkexec net stop stopped root's switch"; fi
# What it takes still has its address checked before anything runs.
out=$(pk bind '../../../etc' 2>&1)
expect_eq "pkexec bind, no address: exit status" 2 "$?"
expect_match "pkexec bind, no address: says so" "is not a PCI address" "$out"
out=$(pk bind --dry-run 0000:7f:1f.7 2>&1)
expect_eq "pkexec bind, no such device: exit status" 1 "$?"
expect_no_match "pkexec bind on /sys: not refused" "run by pkexec" "$out"

finish
