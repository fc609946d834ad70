#!/bin/bash
# The whole bind / verify / journal / unbind cycle with real writes, on
# fixture trees where tests/fakesysfs.so plays the kernel's side of each
# write; and the faults: a refused unbind, a device that vanishes, a probe
# that binds nothing, a journal that cannot be written, vfiotui killed
# mid-bind.  Each ends with the devices as found, or journaled in a state
# `vfiotui restore` repairs, and a message naming the device.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

[ -f "${FAKESYSFS:-}" ] || skip "tests/fakesysfs.so is not built"
export XDG_RUNTIME_DIR=$TMP/run
journal=$TMP/run/vfiotui/journal
gpu=(0000:04:00.0 0000:04:00.1 0000:04:00.2 0000:04:00.3)
orig=(nvidia snd_hda_intel xhci_hcd nvidia-gpu)

new_tree() {
	tree=$(fixture desktop-2gpu --no-config)
	rm -rf "$journal"
}

# vt ARGS...: vfiotui on the tree, with the fake kernel preloaded.
vt() {
	env LD_PRELOAD="$FAKESYSFS" FAKESYSFS_ROOT="$tree" \
		"$VFIOTUI" --sysfs "$tree" "$@"
}

driver_of() {
	local link
	if link=$(readlink "$tree/bus/pci/devices/$1/driver"); then
		basename "$link"
	else
		echo none
	fi
}

override_of() {
	cat "$tree/bus/pci/devices/$1/driver_override"
}

# for_gpu FN: FN for each function of the RTX, on one line.
for_gpu() {
	local a out=
	for a in "${gpu[@]}"; do
		out+="$("$1" "$a") "
	done
	printf '%s\n' "${out% }"
}

drivers() {
	for_gpu driver_of
}

overrides() {
	for_gpu override_of
}

fault() {
	mkdir -p "$tree/fake/fail"
	printf '%s\n' "${3:-}" > "$tree/fake/fail/$1.$2"
}

# --- the cycle ---------------------------------------------------------------
new_tree
"$VFIOTUI" --sysfs "$tree" bind --dry-run 04:00.0 | sed -n "s|^write $tree/||p" \
	> "$TMP/dry-run"
vt bind 04:00.0 > "$TMP/out" 2> "$TMP/err"
expect_eq "bind: exit status" 0 "$?"
# The RTX's USB-C function is a USB controller: a warning, not a refusal.
expect_eq "bind: stderr only warns of the USB controller" \
	"vfiotui: warning: 0000:04:00.2 is a USB controller: the host's keyboard and mouse may be on it" \
	"$(cat "$TMP/err")"
expect_eq "every function on vfio-pci" "vfio-pci vfio-pci vfio-pci vfio-pci" "$(drivers)"
expect_eq "overrides set" "vfio-pci vfio-pci vfio-pci vfio-pci" "$(overrides)"
expect_match "says what it did" '^0000:04:00\.1: snd_hda_intel -> vfio-pci$' "$(cat "$TMP/out")"
expect_match "names the group's node" '^IOMMU group 17 is viable: /dev/vfio/17$' "$(cat "$TMP/out")"
expect_eq "the bridge above was left alone" pcieport "$(driver_of 0000:00:03.1)"
for i in 0 1 2 3; do
	expect_eq "journal of ${gpu[$i]}" "driver=${orig[$i]} override=" \
		"$(tr '\n' ' ' < "$journal/${gpu[$i]}" | sed 's/ $//')"
done
expect_eq "journal is private" 700 "$(stat -c %a "$journal")"
expect_eq "the writes, in the dry run's order" "$(cat "$TMP/dry-run")" \
	"$(cat "$tree/fake/writes.log")"
expect_match "show: the group is viable" '^	IOMMU group: 17 \(viable' "$(vt show 04:00.0)"

vt unbind 04:00.3 > "$TMP/out" 2> "$TMP/err"
expect_eq "unbind: exit status" 0 "$?"
expect_eq "unbind: quiet stderr" "" "$(cat "$TMP/err")"
expect_eq "every function back on its driver" "${orig[*]}" "$(drivers)"
expect_eq "overrides cleared" "(null) (null) (null) (null)" "$(overrides)"
expect_match "says so" '^0000:04:00\.0: vfio-pci -> nvidia$' "$(cat "$TMP/out")"
expect_eq "journal emptied" "" "$(ls -A "$journal")"

# --- the unbind write fails ----------------------------------------------------
new_tree
fault 0000:04:00.2 unbind EBUSY
vt bind 04:00.0 > /dev/null 2> "$TMP/err"
expect_eq "refused unbind: exit status" 1 "$?"
expect_match "names the device and the error" \
	'^vfiotui: 0000:04:00\.2: unbinding from xhci_hcd failed: Device or resource busy$' "$(cat "$TMP/err")"
expect_match "puts the others back" '^vfiotui: 0000:04:00\.0: put back on nvidia$' "$(cat "$TMP/err")"
expect_eq "all as found" "${orig[*]}" "$(drivers)"
expect_eq "overrides as found" "(null) (null) (null) (null)" "$(overrides)"
expect_eq "nothing journaled" "" "$(ls -A "$journal")"

# --- the device disappears between two steps ---------------------------------
new_tree
fault 0000:04:00.1 vanish-after-unbind
vt bind 04:00.0 > /dev/null 2> "$TMP/err"
expect_eq "vanished: exit status" 1 "$?"
expect_match "vanished: named" '^vfiotui: 0000:04:00\.1: drivers_probe failed: No such device$' \
	"$(cat "$TMP/err")"
expect_match "vanished: its state" '^vfiotui: 0000:04:00\.1: left on \(gone\) \(was snd_hda_intel\); .vfiotui restore. gives it back$' \
	"$(cat "$TMP/err")"
expect_eq "the GPU put back" nvidia "$(driver_of 0000:04:00.0)"
expect_eq "only the vanished one journaled" 0000:04:00.1 "$(ls "$journal")"
vt restore > /dev/null 2> "$TMP/err"
expect_eq "restore of a device that is gone: exit status" 1 "$?"
expect_match "restore says so" '^vfiotui: restore: 0000:04:00\.1 is not on the bus \(removed\?\); its journal entry is kept$' \
	"$(cat "$TMP/err")"

# --- drivers_probe leaves it unbound -------------------------------------------
new_tree
fault 0000:04:00.3 probe
vt bind 04:00.0 > /dev/null 2> "$TMP/err"
expect_eq "no probe: exit status" 1 "$?"
expect_match "no probe: named" '^vfiotui: 0000:04:00\.3: vfio-pci did not take it after drivers_probe$' \
	"$(cat "$TMP/err")"
expect_match "no probe: left unbound, and how to mend it" \
	'^vfiotui: 0000:04:00\.3: left on no driver \(was nvidia-gpu\); .vfiotui restore. gives it back$' \
	"$(cat "$TMP/err")"
expect_eq "the others put back" "nvidia snd_hda_intel xhci_hcd none" "$(drivers)"
expect_eq "journaled" 0000:04:00.3 "$(ls "$journal")"
rm "$tree/fake/fail/0000:04:00.3.probe"
vt restore > "$TMP/out" 2> "$TMP/err"
expect_eq "restore: exit status" 0 "$?"
expect_match "restore: said" '^0000:04:00\.3: vfio-pci -> nvidia-gpu$' "$(cat "$TMP/out")"
expect_eq "restored" "${orig[*]}" "$(drivers)"
expect_eq "restored overrides" "(null) (null) (null) (null)" "$(overrides)"
expect_eq "journal empty after restore" "" "$(ls -A "$journal")"

# --- the journal directory is not writable -------------------------------------
new_tree
rm -rf "$TMP/run"
mkdir -p "$TMP/run"
: > "$TMP/run/vfiotui"		# a file where the directory should be
vt bind 04:00.0 > /dev/null 2> "$TMP/err"
expect_eq "no journal: exit status" 1 "$?"
expect_match "no journal: says so" \
	"^vfiotui: bind: the runtime dir $TMP/run/vfiotui is not a directory; nothing was changed$" \
	"$(cat "$TMP/err")"
expect_eq "no journal: nothing written" "" "$(cat "$tree/fake/writes.log" 2>/dev/null)"
expect_eq "no journal: all as found" "${orig[*]}" "$(drivers)"
rm "$TMP/run/vfiotui"

# --- vfio-pci not loaded: a --sysfs tree can only be told ---------------------
new_tree
vt unbind 05:00.0 > /dev/null	# nothing else on vfio-pci, then unload it
rm -r "$tree/bus/pci/drivers/vfio-pci"
vt bind --dry-run 04:00.0 > "$TMP/out"
expect_eq "dry run: the module load comes first" "load module vfio-pci" \
	"$(grep -v '^journal' "$TMP/out" | head -n 1)"
vt bind 04:00.0 > /dev/null 2> "$TMP/err"
expect_eq "not loaded: exit status" 1 "$?"
expect_match "not loaded: says so" \
	"^vfiotui: the vfio-pci driver is not loaded \(no $tree/bus/pci/drivers/vfio-pci\): load it with 'modprobe vfio-pci'; nothing was changed$" \
	"$(cat "$TMP/err")"
expect_eq "not loaded: all as found" "${orig[*]}" "$(drivers)"

# --- killed mid-bind, then restore -----------------------------------------------
new_tree
fault 0000:04:00.1 kill-at-probe
vt bind 04:00.0 > /dev/null 2>&1
expect_eq "killed: by SIGKILL" 137 "$?"
expect_eq "killed: half done" "vfio-pci none xhci_hcd nvidia-gpu" "$(drivers)"
expect_eq "killed: both journaled" "0000:04:00.0 0000:04:00.1" "$(ls "$journal" | tr '\n' ' ' | sed 's/ $//')"
rm "$tree/fake/fail/0000:04:00.1.kill-at-probe"
vt restore > "$TMP/out" 2> "$TMP/err"
expect_eq "restore after the kill: exit status" 0 "$?"
expect_eq "restore after the kill: quiet" "" "$(cat "$TMP/err")"
expect_eq "restore after the kill: as found" "${orig[*]}" "$(drivers)"
expect_eq "restore after the kill: overrides" "(null) (null) (null) (null)" "$(overrides)"
expect_eq "restore after the kill: journal empty" "" "$(ls -A "$journal")"
# A kill inside a journal write leaves ADDR.tmp (seen on the real kernel,
# tests/vm/crash.vm): restore drops it, but never a link someone planted.
printf 'half an entr' > "$journal/0000:04:00.0.tmp"
ln -s /nonexistent "$journal/0000:04:00.1.tmp"
vt restore > "$TMP/out"
expect_match "restore with nothing to do" '^nothing to restore' "$(cat "$TMP/out")"
expect_eq "restore: the stale temp entry is gone, the link left" "0000:04:00.1.tmp" "$(ls -A "$journal")"
rm "$journal/0000:04:00.1.tmp"

# --- the same from the dashboard: b and u, each confirmed ---------------------
new_tree
row=$("$VFIOTUI" --sysfs "$tree" list | grep -n ' 0000:04:00\.0 ' | cut -d: -f1)
TUI_ENV="LD_PRELOAD=$FAKESYSFS FAKESYSFS_ROOT=$tree XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR"
tui_start 120 40 --sysfs "$tree"
tui_expect "dashboard up" '^> 0000:00:01\.0 '
for ((i = 1; i < row; i++)); do
	tui_keys j
done
tui_expect "cursor on the RTX" '^> 0000:04:00\.0 '
tui_keys b
tui_expect "the plan names the group" 'Give IOMMU group 17 to vfio-pci\?'
tui_expect "and lists every device that will change" \
	'│   0000:04:00\.0 nvidia -> vfio-pci  NVIDIA '
tui_expect "down to the last function" '│   0000:04:00\.3 nvidia-gpu -> vfio-pci '
tui_keys y
tui_expect "the result" 'IOMMU group 17 is viable: /dev/vfio/17'
tui_expect "the group heading" '^IOMMU Group 17 \(4 devices\) +viable for VFIO'
tui_expect "the detail names the node" 'group 17 viable /dev/vfio/17'
expect_eq "the tree: all on vfio-pci" "vfio-pci vfio-pci vfio-pci vfio-pci" "$(drivers)"
tui_keys u
tui_expect "asked before giving it back" \
	'Give IOMMU group 17 back to the host\? vfio-pci lets go of 0000:04:00\.0,'
tui_expect "every function named" '│ 0000:04:00\.1, 0000:04:00\.2, 0000:04:00\.3\. '
tui_keys y
tui_expect "back on the host" '^> 0000:04:00\.0 .* nvidia '
expect_eq "the tree: as found" "${orig[*]}" "$(drivers)"
expect_eq "the journal: empty" "" "$(ls -A "$journal")"
# A refused unbind: the status bar names the device, the step and the
# error, and says that the group was put back.
fault 0000:04:00.2 unbind EBUSY
tui_keys b
tui_expect "asked again" 'Give IOMMU group 17 to vfio-pci\?'
tui_keys y
tui_expect "the failure, in the dashboard's words" \
	'0000:04:00\.2: its driver.s unbind failed: Device or resource busy; IOMMU group 17 is as it was'
expect_eq "the tree: as found again" "${orig[*]}" "$(drivers)"
tui_keys q
expect_eq "quits with 0" 0 "$(tui_exit_status)"

finish
