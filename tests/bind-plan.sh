#!/bin/bash
# The IOMMU pane's b shows bind's plan before y, at 80x24, on the
# reference laptop with its GTX 1060 on nvidia: each device's move, the
# SATA controller refused (the backend's rule, as the CLI says it) and
# the USB controller warned of.  y binds what is not refused and leaves
# the rest; F asks once more, naming the risk, and only then forces it.
# tests/fakesysfs.so plays the kernel.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

[ -f "${FAKESYSFS:-}" ] || skip "tests/fakesysfs.so is not built"
tree=$TMP/tree
sed '/^0000:01:00\.0 /s/driver=vfio-pci/driver=nvidia/' \
	"$FIXTURES/clevo-p650hp6.desc" | "$MKFIXTURE" --no-config - "$tree" ||
	{ echo "mkfixture failed" >&2; exit 99; }
mkdir "$tree/bus/pci/drivers/vfio-pci"	# loaded, with nothing on it
export XDG_RUNTIME_DIR=$TMP/run
mkdir -m 700 "$XDG_RUNTIME_DIR"

# drivers: the driver of the GPU, the USB and the SATA controller.
drivers() {
	local a
	for a in 01:00.0 00:14.0 00:17.0; do
		basename "$(readlink "$tree/bus/pci/devices/0000:$a/driver")"
	done | tr '\n' ' ' | sed 's/ $//'
}
# pick ADDR: the cursor onto ADDR, through the filter (Escape clears it).
pick() {
	tui_keys / "$1" Enter
	tui_expect "the cursor on $1" "^[>+] $(printf '%s' "$1" | sed 's/\./\\./g') "
}

# The CLI's words for the same rules, which the dialog must say too.
"$VFIOTUI" --sysfs "$tree" bind --dry-run 00:14.0 > /dev/null 2> "$TMP/usb.err"
expect_eq "CLI: the USB controller is a warning" \
	"vfiotui: warning: 0000:00:14.0 is a USB controller: the host's keyboard and mouse may be on it" \
	"$(cat "$TMP/usb.err")"
"$VFIOTUI" --sysfs "$tree" bind --dry-run 00:17.0 > /dev/null 2> "$TMP/sata.err"
expect_eq "CLI: the SATA controller is refused" 1 "$?"
expect_match "CLI: in the words the dialog uses" \
	'^vfiotui: 0000:00:17\.0 is a storage controller the host may need \(driver ahci\)$' \
	"$(cat "$TMP/sata.err")"

TUI_ENV="LD_PRELOAD=$FAKESYSFS FAKESYSFS_ROOT=$tree XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR"
tui_start 80 24 --sysfs "$tree"
tui_expect "dashboard up" '^> 00:00\.0 '

# The SATA controller alone: refused before any y, and y does nothing.
pick 00:17.0
tui_keys b
tui_expect "the plan's title" 'Give IOMMU group 4 to vfio-pci\? Not all of it:'
tui_expect "the group refused" '│ Group 4: REFUSED, left as it is: +│'
tui_expect "its device, name and move" \
	'│   00:17\.0 ahci -> vfio-pci  Intel Corporation HM170/QM170 Chipset SATA'
tui_expect "and why, in bind's words" \
	'│     refused: a storage controller the host may need +│'
tui_expect "only force offered" '│ F: force it \(asks again\)    any other key: no +│'
expect_no_match "nothing drawn past column 80" '^.{81}' "$(tui_screen)"
tui_keys y
tui_expect "y takes nothing refused" 'nothing was changed'
expect_eq "the tree as found" "nvidia xhci_hcd ahci" "$(drivers)"

# Three groups marked: the GPU's, the USB controller's, the SATA's.
tui_keys Escape
pick 01:00.0
tui_keys Space Escape
pick 00:14.0
tui_keys Space Escape
pick 00:17.0
tui_keys Space Escape
tui_expect "the SATA's group marked" '^IOMMU Group 4 \(1 device\) \[marked\]'
expect_eq "three groups marked" 3 "$(tui_screen | grep -c '^IOMMU Group .*\[marked\]')"
tui_keys b
tui_expect "one plan for the three" 'Give IOMMU groups 1, 2 and 4 to vfio-pci\? Not all of it:'
tui_expect "the GPU will change" '│ Group 1, to vfio-pci: +│'
tui_expect "its move" '│   01:00\.0 nvidia -> vfio-pci  NVIDIA Corporation GP106M'
tui_expect "the USB controller will change" \
	'│   00:14\.0 xhci_hcd -> vfio-pci  Intel Corporation 100 Series'
tui_expect "with the CLI's warning" \
	"│     warning: a USB controller: the host's keyboard and mouse may be on it +│"
tui_expect "its group's other device" '│   00:14\.2 intel_pch_thermal -> vfio-pci '
tui_expect "the SATA controller refused" '│ Group 4: REFUSED, left as it is: +│'
tui_expect "the keys" '│ y: the rest only   F: force the refused too   other key: no +│'
expect_eq "before y: the tree as found" "nvidia xhci_hcd ahci" "$(drivers)"
tui_keys y
tui_expect "the GPU on vfio-pci" '^[>+* ] 01:00\.0 VGA .* vfio-pci'
tui_expect "group 2 viable" '^IOMMU Group 2 \(2 devices\) +viable for VFIO'
expect_eq "after y: the refused left as it is" "vfio-pci vfio-pci ahci" "$(drivers)"
tui_keys L
tui_expect "the log: group 1 bound" 'IOMMU group 1 is viable: /dev/vfio/1'
tui_expect "the log: group 2 bound" 'IOMMU group 2 is viable: /dev/vfio/2'
tui_keys Escape
expect_no_match "the log: group 4 was not tried" 'IOMMU group 4' "$(tui_screen)"

# Forced: F asks again, naming the risk; n there changes nothing.
pick 00:17.0
tui_keys b
tui_expect "refused again" '│ Group 4: REFUSED, left as it is: +│'
tui_keys F
tui_expect "the second question" \
	'│ Force the refused, as bind --force does\? The risks: +│'
tui_expect "names the refusal and its risk" \
	'│ 0000:00:17\.0 is a storage controller the host may need: the host.s disks +│'
tui_expect "(wrapped)" '│ on it vanish from under it\. +│'
tui_expect "and its keys" '│ y: take them anyway    any other key: no +│'
tui_keys n
tui_gone 'Force the refused' || fail "the second question did not close"
tui_expect "n: said so" 'nothing was changed'
expect_eq "n: still on ahci" "vfio-pci vfio-pci ahci" "$(drivers)"
tui_keys b
tui_expect "asked once more" '│ Group 4: REFUSED'
tui_keys F
tui_expect "the second question again" 'Force the refused, as bind'
tui_keys y
tui_expect "forced: group 4 bound" 'IOMMU group 4 is viable: /dev/vfio/4'
expect_eq "forced: the SATA controller on vfio-pci" "vfio-pci vfio-pci vfio-pci" "$(drivers)"

# And back: restore gives every device its driver.
tui_keys q
expect_eq "q exits 0" 0 "$(tui_exit_status)"
env LD_PRELOAD="$FAKESYSFS" FAKESYSFS_ROOT="$tree" \
	"$VFIOTUI" --sysfs "$tree" restore > /dev/null 2>&1
expect_eq "restore: the tree as found" "nvidia xhci_hcd ahci" "$(drivers)"

finish
