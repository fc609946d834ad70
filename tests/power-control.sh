#!/bin/bash
# The runtime PM key (p): confirmed, written to power/control, the error
# shown when the write is refused; and the fallback when no uevents come
# (a --sysfs tree): a change in the tree shows up on the slow re-read.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

tree=$(fixture clevo-p650hp6 --no-config)
gpu=$tree/bus/pci/devices/0000:01:00.0

tui_start 120 40 --sysfs "$tree"
tui_expect "started" '^  01:00\.0 +VGA'
tui_keys j j
tui_expect "cursor on the GPU" '^> 01:00\.0 '

# Asked, and declined: nothing is written.
tui_keys p
tui_expect "the dialog says what will happen" \
	'Set power/control of 01:00\.0 to auto\? Runtime PM may then suspend it\.'
tui_expect "and how to answer" 'y: yes    any other key: no'
tui_keys n
tui_gone 'y: yes' && pass || fail "the dialog did not close"
expect_eq "declined: still on" on "$(cat "$gpu/power/control")"

# Asked, and accepted.
tui_keys p
tui_expect "asked again" 'Set power/control of 01:00\.0 to auto\?'
tui_keys y
tui_expect "the result in the status bar" '01:00\.0: power/control is now auto'
expect_eq "written to the tree" auto "$(cat "$gpu/power/control")"
tui_expect "the detail shows it" 'control auto, d3cold_allowed 1\)'
tui_keys p
tui_expect "back the other way" 'Set power/control of 01:00\.0 to on\? It will be kept awake\.'
tui_keys y
tui_expect "on again" '01:00\.0: power/control is now on'
expect_eq "written back" on "$(cat "$gpu/power/control")"

# A refused write: the kernel's error, and the device left as it was.
rm "$gpu/power/control"
mkdir "$gpu/power/control"
tui_keys p y
tui_expect "the refusal is shown" \
	'01:00\.0: cannot write power/control: Is a directory'
rmdir "$gpu/power/control"
echo on > "$gpu/power/control"

# No uevents for a --sysfs tree: the status bar says so, and a change made
# behind vfiotui's back shows up within the re-read period.  (A key clears
# the last message from the status bar first.)
tui_keys C-l
tui_expect "fallback named" 're-reading sysfs every 2 s'
rm "$gpu/driver" "$tree/bus/pci/drivers/vfio-pci/0000:01:00.0"
mkdir -p "$tree/bus/pci/drivers/nvidia"
ln -s ../../../../devices/pci0000:00/0000:00:01.0/0000:01:00.0 \
	"$tree/bus/pci/drivers/nvidia/0000:01:00.0"
ln -s ../../../../bus/pci/drivers/nvidia "$gpu/driver"
tui_expect "the new driver, from the re-read" '^> 01:00\.0 +VGA .* nvidia +D0' 4
tui_expect "and the group's verdict" '^IOMMU Group 1 \(2 devices\) +not viable'
tui_keys q
expect_eq "quits with 0" 0 "$(tui_exit_status)"

finish
