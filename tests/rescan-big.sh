#!/bin/bash
# The re-read without uevents at scale: a --sysfs tree of 5000 devices
# (1000 groups of a root port and a 4-function GTX 1060), which the
# dashboard looks at again every 2 s and whose shown GPUs' power it reads
# every second.  Changes made behind its back, as the kernel makes them,
# reach the screen: a driver moved on screen, a GPU gone to D3cold, a
# driver moved far off screen (seen on scrolling there), and a device
# removed.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

tree=$TMP/big
awk 'BEGIN {
	split("030000 040300 0c0330 0c8000", cls, " ")
	split("10de:1c20 10de:10f1 10de:1ada 10de:1adb", id, " ")
	split("nvidia snd_hda_intel xhci_hcd nvidia-gpu", drv, " ")
	for (g = 0; g < 1000; g++) {
		dom = int(g / 200); k = g % 200
		port = sprintf("%04x:00:%02x.%x", dom, 1 + int(k / 8), k % 8)
		printf "%s class=060400 id=8086:1901 group=%d driver=pcieport\n", port, g
		for (fn = 0; fn < 4; fn++)
			printf "%04x:%02x:00.%d class=%s id=%s rev=a1 group=%d parent=%s driver=%s\n", \
			    dom, k + 1, fn, cls[fn + 1], id[fn + 1], g, port, drv[fn + 1]
	}
}' >"$TMP/big.desc"
"$MKFIXTURE" --no-config "$TMP/big.desc" "$tree" >/dev/null ||
	{ echo "mkfixture failed" >&2; exit 99; }
devs=$tree/bus/pci/devices
drivers=$tree/bus/pci/drivers

# rebind ADDR FROM TO: what the kernel leaves when ADDR moves from driver
# FROM to TO: the device's driver link and the drivers' folders.
rebind() {
	local dev
	dev=$(readlink -f "$devs/$1")
	rm "$devs/$1/driver" "$drivers/$2/$1"
	mkdir -p "$drivers/$3"
	ln -s "$dev" "$drivers/$3/$1"
	ln -s "$drivers/$3" "$dev/driver"
}

tui_start 120 40 --sysfs "$tree"
tui_expect "started" '^  0000:01:00\.0 +VGA .* nvidia +D0'
expect_match "all of it" '5000 devices, 1000 IOMMU groups' "$(tui_screen)"

rebind 0000:01:00.0 nvidia vfio-pci
tui_expect "a driver moved on screen" '^  0000:01:00\.0 +VGA .* vfio-pci +D0' 4

echo suspended >"$devs/0000:02:00.0/power/runtime_status"
echo D3cold >"$devs/0000:02:00.0/power_state"
tui_expect "a shown GPU's power" '^  0000:02:00\.0 +VGA .* nvidia +D3cold' 3

# The last group, hundreds of screens away.
rebind 0004:c8:00.1 snd_hda_intel vfio-pci
sleep 3
tui_keys End
tui_expect "a driver moved off screen, seen there" \
	'^  0004:c8:00\.1 +Audio .* vfio-pci +D0'

rm -r "$(readlink -f "$devs/0004:c8:00.3")"
rm "$devs/0004:c8:00.3" "$drivers/nvidia-gpu/0004:c8:00.3"
tui_expect "a device removed" '^IOMMU Group 999 \(4 devices\)' 4
expect_match "and counted" '4999 devices, 1000 IOMMU groups' "$(tui_screen)"
tui_keys q
expect_eq "quits with 0" 0 "$(tui_exit_status)"

finish
