#!/bin/bash
# `vfiotui list` against lspci, line by line, on each fixture: vfiotui
# reads a tree without config files, lspci the same tree with them.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

command -v "${LSPCI:-lspci}" >/dev/null || skip "lspci is not installed"

compare_fixture() {
	local name=$1 with_cfg without line prefix addr rest want n=0
	with_cfg=$(fixture "$name")
	without=$(fixture "$name" --no-config)
	"$VFIOTUI" --sysfs "$without" list > "$TMP/$name.list" ||
		fail "$name: vfiotui list exited $?"
	while IFS= read -r line; do
		n=$((n + 1))
		case $line in
		"IOMMU Group "*)
			prefix=${line%% [0-9a-f]*:*}	# "IOMMU Group N"
			rest=${line#IOMMU Group * }
			;;
		"No IOMMU group "*)
			rest=${line#No IOMMU group }
			;;
		*)
			fail "$name: line $n has no group prefix: $line"
			continue
			;;
		esac
		addr=${rest%% *}
		want=$(lspci_on "$with_cfg" -nn -s "$addr")
		expect_eq "$name line $n ($addr)" "$want" "$rest"
	done < "$TMP/$name.list"
	# Every device lspci sees is listed, once.
	expect_eq "$name: device count" \
		"$(lspci_on "$with_cfg" -nn | wc -l)" "$n"
	expect_eq "$name: no device twice" "$n" \
		"$(awk '{print $(/^No/ ? 4 : 4)}' "$TMP/$name.list" | sort -u | wc -l)"
}

compare_fixture clevo-p650hp6
compare_fixture desktop-2gpu

# modalias carries the ids in one read; without it (it is an attribute
# like the others, but a tree may lack it) the separate files give the
# same list.
tree=$(fixture desktop-2gpu --no-config)
expected=$("$VFIOTUI" --sysfs "$tree" list)
expected_show=$("$VFIOTUI" --sysfs "$tree" show 04:00.0)
expect_match "desktop: show has a subsystem" '^	Subsystem: .*\[1462:3721\]$' \
	"$expected_show"
find "$tree/devices" -name modalias -delete
expect_eq "desktop: no modalias files left" 0 \
	"$(find "$tree/devices" -name modalias | wc -l)"
expect_eq "desktop: same list from vendor/device/class files" \
	"$expected" "$("$VFIOTUI" --sysfs "$tree" list)"
expect_eq "desktop: same show from the separate files" \
	"$expected_show" "$("$VFIOTUI" --sysfs "$tree" show 04:00.0)"

# The reference machine, as its owner's script listed it: groups in
# numeric order, the GTX 1060 alone with its root port in group 1, the
# iGPU (igfx_off) after every group.
tree=$(fixture clevo-p650hp6 --no-config)
out=$("$VFIOTUI" --sysfs "$tree" list)
expect_eq "clevo: 18 lines" 18 "$(printf '%s\n' "$out" | wc -l)"
expect_eq "clevo: group order" "0 1 1 2 2 3 4 5 6 7 8 8 8 8 9 9 10" \
	"$(printf '%s\n' "$out" | awk '/^IOMMU/ {printf "%s%s", s, $3; s=" "}')"
expect_eq "clevo: GTX 1060 line" \
	"IOMMU Group 1 01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP106M [GeForce GTX 1060 Mobile] [10de:1c20] (rev a1)" \
	"$(printf '%s\n' "$out" | sed -n 3p)"
expect_eq "clevo: group 1 holds the root port and the GPU" \
	"00:01.0 01:00.0" \
	"$(printf '%s\n' "$out" | awk '$3 == "1" {printf "%s%s", s, $4; s=" "}')"
expect_match "clevo: iGPU last, without a group" \
	'^No IOMMU group 00:02.0 VGA compatible controller \[0300\]: Intel Corporation HD Graphics 630 \[8086:591b\] \(rev 04\)$' \
	"$(printf '%s\n' "$out" | tail -n 1)"

# A second domain makes lspci print domains on every line; so must we.
tree=$(fixture desktop-2gpu --no-config)
out=$("$VFIOTUI" --sysfs "$tree" list)
expect_no_match "desktop: every address has a domain" \
	'^(IOMMU Group [0-9]+|No IOMMU group) [0-9a-f]{2}:' "$out"
expect_eq "desktop: groups numeric, not 0 10 1" \
	"$(printf '%s\n' "$out" | awk '/^IOMMU/ {print $3}' | sort -n -s | tr '\n' ' ')" \
	"$(printf '%s\n' "$out" | awk '/^IOMMU/ {print $3}' | tr '\n' ' ')"
expect_match "desktop: a group past 9 is listed" '^IOMMU Group 1[0-9] ' "$out"

finish
