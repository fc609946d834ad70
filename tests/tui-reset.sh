#!/bin/bash
# The IOMMU pane's detail says how the cursor's device resets, in the
# words of `vfiotui show` (tests/fixtures/reset-traps.desc has each trap).
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

tree=$(fixture reset-traps --no-config)
show_reset() {
	"$VFIOTUI" --sysfs "$tree" show "$1" | sed -n 's/^	Reset: //p'
}
# A regex of show's line, as the pane's "  Reset: " line.
reset_re() {
	printf '^  Reset: %s$' "$(show_reset "$1" | sed 's/[][().*^$?+|{}\\]/\\&/g')"
}

tui_start 160 40 --sysfs "$tree"
tui_expect "cursor on the first device" '^> 00:00\.0 '
tui_expect "a device without reset_method" "$(reset_re 00:00.0)"

tui_keys Down Down
tui_expect "cursor on the AMD card" '^> 01:00\.0 '
tui_expect "the AMD reset bug, as show says it" "$(reset_re 01:00.0)"
expect_match "show names the bug" 'reset bug.*load vendor-reset \(a problem\)$' \
	"$(show_reset 01:00.0)"

tui_keys Down Down
tui_expect "cursor on the iGPU" '^> 00:02\.0 '
tui_expect "the iGPU without FLR" "$(reset_re 00:02.0)"
expect_match "show warns of the hang" 'iGPU without FLR.*hang the host' \
	"$(show_reset 00:02.0)"

tui_keys Down Down
tui_expect "cursor on the GPU behind the switch port" '^> 02:00\.0 '
tui_expect "a bus reset shared with the NVMe drive" "$(reset_re 02:00.0)"
tui_keys Down Down Down
tui_expect "cursor on the GPU with FLR" '^> 03:00\.0 '
tui_expect "FLR: alone" '^  Reset: flr bus: FLR: it resets alone$'

# Back on the card the pane reads reset_method again: vendor-reset came
# and made the AMD card's reset device_specific.
mkdir -p "$tree/module/vendor_reset"
echo "device_specific bus" >"$tree/bus/pci/devices/0000:01:00.0/reset_method"
tui_keys Home Down Down
tui_expect "cursor back on the AMD card" '^> 01:00\.0 '
tui_expect "vendor-reset resets it" \
	'^  Reset: device_specific bus: vendor-reset resets it \(device_specific\)$'

tui_keys q
tui_exit_status >/dev/null
finish
