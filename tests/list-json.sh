#!/bin/bash
# `vfiotui list --json`: the same model as the text list, with drivers
# and power, in a shape scripts can rely on.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

command -v jq >/dev/null || skip "jq is not installed"

tree=$(fixture clevo-p650hp6 --no-config)
"$VFIOTUI" --sysfs "$tree" list --json > "$TMP/list.json"
expect_eq "exit status" 0 "$?"
q() { jq -r "$1" "$TMP/list.json"; }

expect_eq "18 devices" 18 "$(q '.devices | length')"
expect_eq "11 groups" 11 "$(q '.groups | length')"
expect_eq "groups in numeric order" "0 1 2 3 4 5 6 7 8 9 10" \
	"$(q '[.groups[].group] | map(tostring) | join(" ")')"
expect_eq "group 1 members" "0000:00:01.0 0000:01:00.0" \
	"$(q '.groups[] | select(.group == 1) | .devices | join(" ")')"
expect_eq "group 1 is viable" true \
	"$(q '.groups[] | select(.group == 1) | .viable')"
expect_eq "group 8 is not" false \
	"$(q '.groups[] | select(.group == 8) | .viable')"
gpu='.devices[] | select(.address == "0000:01:00.0")'
expect_eq "GPU driver" vfio-pci "$(q "$gpu | .driver")"
expect_eq "GPU ids" "10de 1c20 1558 65a1 a1 030000" \
	"$(q "$gpu | [.vendor, .device, .subsystem_vendor, .subsystem_device, .revision, .class] | join(\" \")")"
expect_eq "GPU power" "D0 D0 active on true" \
	"$(q "$gpu | .power | [.summary, .power_state, .runtime_status, .control, .d3cold_allowed] | map(tostring) | join(\" \")")"
expect_eq "GPU parent" 0000:00:01.0 "$(q "$gpu | .parent")"
expect_eq "GPU name" "NVIDIA Corporation GP106M [GeForce GTX 1060 Mobile]" \
	"$(q "$gpu | .name")"
expect_eq "the lspci field is the list line" \
	"$("$VFIOTUI" --sysfs "$tree" list | sed -n 3p | cut -d' ' -f4-)" \
	"$(q "$gpu | .lspci")"
igpu='.devices[] | select(.address == "0000:00:02.0")'
expect_eq "iGPU without a group" null "$(q "$igpu | .iommu_group")"
expect_eq "iGPU boot_vga" true "$(q "$igpu | .boot_vga")"
expect_eq "unbound device has a null driver" null \
	"$(q '.devices[] | select(.address == "0000:00:1f.0") | .driver')"
expect_eq "bridges are marked" "0000:00:01.0 0000:00:1c.0 0000:00:1c.4 0000:00:1c.6" \
	"$(q '[.devices[] | select(.bridge) | .address] | join(" ")')"

finish
