#!/bin/bash
# The Guests pane's offer to bind: a guest whose GPU is still on its host
# driver, started from the pane, gives the GPU's IOMMU group to vfio-pci
# first (tests/fakesysfs.so plays the kernel), then QEMU runs and refuses
# the fixture's device, which this machine does not have, in its own
# words; u gives the group back.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu
[ -f "${FAKESYSFS:-}" ] || skip "tests/fakesysfs.so is not built"

tree=$(fixture desktop-2gpu --no-config)
driver_of() {
	basename "$(readlink "$tree/bus/pci/devices/$1/driver")" 2>/dev/null
}
tiny_profile rtx "pci = 04:00.0"

TUI_ENV="LD_PRELOAD=$FAKESYSFS FAKESYSFS_ROOT=$tree"
tui_start 120 40 --sysfs "$tree"
tui_keys 3
tui_expect "the guest" '^> rtx +stopped +- +- +04:00\.0$'
tui_keys s
tui_expect "the offer" 'rtx cannot start: 0000:04:00\.0 is bound to nvidia, not'
tui_keys y
tui_expect "QEMU ran, and its refusal shows" \
	'^  .*guest rtx: QEMU did not start \(exit 1\): qemu-system-x86_64: -device'
tui_expect "wrapped, not cut" '^    vfio-pci,host=0000:04:00\.0,.*: no such host$'
expect_eq "the GPU is on vfio-pci" vfio-pci "$(driver_of 0000:04:00.0)"
expect_eq "its USB function too" vfio-pci "$(driver_of 0000:04:00.2)"
expect_eq "no QEMU left" "" "$(qemu_of_test)"
expect_eq "no socket left" "" "$(ls "$GUEST_RUN/rtx/"*.sock 2>/dev/null)"

tui_keys u
tui_expect "u asks" "Give rtx's devices \(04:00\.0\) back to the host's drivers\?"
tui_keys y
tui_expect "unbind's last word" '^ 0000:04:00\.[0-3]: vfio-pci -> [a-z_-]+ '
expect_eq "the GPU is back on nvidia" nvidia "$(driver_of 0000:04:00.0)"
expect_eq "the USB function on xhci_hcd" xhci_hcd "$(driver_of 0000:04:00.2)"

tui_keys q
expect_eq "q exits with status 0" 0 "$(tui_exit_status)"

finish
