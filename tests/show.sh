#!/bin/bash
# `vfiotui show`: the lspci -nnk lines first, then group, viability, power,
# boot_vga and driver_override, as the reference user needs them.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

tree=$(fixture clevo-p650hp6 --no-config)
cfg_tree=$(fixture clevo-p650hp6)

out=$("$VFIOTUI" --sysfs "$tree" show 01:00.0)
expect_eq "show 01:00.0: exit status" 0 "$?"
if command -v "${LSPCI:-lspci}" >/dev/null; then
	# lspci adds "Kernel modules:" from the running kernel's modules;
	# the fixture's GPU has none here, so the first lines are the same.
	expect_eq "show 01:00.0 begins like lspci -nnk" \
		"$(lspci_on "$cfg_tree" -nnk -s 01:00.0 | grep -v 'Kernel modules')" \
		"$(printf '%s\n' "$out" | head -n 3)"
fi
expect_match "GTX 1060 subsystem" \
	'^	Subsystem: CLEVO/KAPOK Computer .*\[1558:65a1\]$' "$out"
expect_match "driver" '^	Kernel driver in use: vfio-pci$' "$out"
expect_match "group 1 viable" '^	IOMMU group: 1 \(viable' "$out"
expect_match "group members" '^		0000:00:01.0 pcieport, bridge$' "$out"
expect_match "the GPU in its group" '^		0000:01:00.0 vfio-pci$' "$out"
expect_match "parent" '^	Parent bridge: 0000:00:01.0$' "$out"
expect_match "power" '^	Power: D0 \(power_state D0, runtime_status active, control on, d3cold_allowed 1\)$' "$out"
expect_match "boot_vga" '^	boot_vga: 0$' "$out"
expect_match "driver_override" '^	driver_override: \(none\)$' "$out"

out=$("$VFIOTUI" --sysfs "$tree" show 0000:00:02.0)
expect_match "iGPU without a group" '^	IOMMU group: none' "$out"
expect_match "iGPU boots the console" '^	boot_vga: 1 ' "$out"
expect_match "iGPU driver" '^	Kernel driver in use: i915$' "$out"

out=$("$VFIOTUI" --sysfs "$tree" show 00:1f.3)
expect_match "group 8 is not viable" \
	'^	IOMMU group: 8 \(not viable: 2 devices held by a host driver\)$' "$out"
expect_match "the audio blocks it" '^		0000:00:1f.3 snd_hda_intel, blocks the group$' "$out"
expect_match "an unbound member does not" '^		0000:00:1f.0 \(no driver\)$' "$out"

# The desktop: a sleeping GPU and a driver_override.
tree=$(fixture desktop-2gpu --no-config)
out=$("$VFIOTUI" --sysfs "$tree" show 05:00.0)
expect_match "D3cold GPU" '^	Power: D3cold \(power_state D3cold, runtime_status suspended, control auto' "$out"
expect_match "override shown" '^	driver_override: vfio-pci$' "$out"

# How each resets, and the traps (tests/fixtures/reset-traps.desc).
tree=$(fixture reset-traps --no-config)
reset() { "$VFIOTUI" --sysfs "$tree" show "$1" | sed -n 's/^	Reset: //p'; }
expect_eq "the AMD reset bug" "bus: an AMD card with the reset bug: after a guest it stays dirty until the host reboots; load vendor-reset (a problem)" \
	"$(reset 01:00.0)"
mkdir -p "$tree/module/vendor_reset"
expect_eq "vendor-reset loaded, not chosen" "bus: an AMD card with the reset bug: vendor-reset is loaded, but not this card's reset (echo device_specific > reset_method) (a problem)" \
	"$(reset 01:00.0)"
echo "device_specific bus" >"$tree/bus/pci/devices/0000:01:00.0/reset_method"
expect_eq "vendor-reset resets it" "device_specific bus: vendor-reset resets it (device_specific)" \
	"$(reset 01:00.0)"
expect_eq "an iGPU without FLR" "pm: an Intel iGPU without FLR: taking it from i915 can hang the host; leave it to the host (or use GVT-g) (a warning)" \
	"$(reset 00:02.0)"
expect_eq "a bus reset shared" "bus: only a bus reset, which resets 0000:02:01.0 too (1 more on its bus) (a warning)" \
	"$(reset 02:00.0)"
expect_eq "FLR" "flr bus: FLR: it resets alone" "$(reset 03:00.0)"
expect_eq "no reset" "none: it cannot be reset: a guest that restarts finds it as it left it (a problem)" \
	"$(reset 04:00.0)"
expect_eq "a kernel before 5.15" "?: no reset_method (a kernel before 5.15): how it resets is unknown (a warning)" \
	"$("$VFIOTUI" --sysfs "$(fixture clevo-p650hp6 --no-config)" show 01:00.0 | sed -n 's/^	Reset: //p')"

finish
