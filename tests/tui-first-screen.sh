#!/bin/bash
# The dashboard reads what its first screen can show of every device (ids,
# group, driver), in full only as many devices as the screen has lines,
# draws, and reads the rest before it hears a key.  With 60 bridges
# hidden by the user config, the rows on the first screen are devices
# past that count: their override and power must show all the same, as
# must what the detail and the checks say of a device read after the
# first frame.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

awk 'BEGIN {
	for (g = 0; g < 60; g++)
		printf "0000:00:%02x.%x class=060400 id=8086:1901 group=%d driver=pcieport\n", \
		    int(g / 8), g % 8, g
	for (g = 60; g < 70; g++)
		printf "0000:%02x:00.0 class=030000 id=10de:1c20 rev=a1 group=%d driver=vfio-pci driver_override=vfio-pci power_state=D3cold runtime_status=suspended control=auto boot_vga=0\n", \
		    g - 59, g
}' >"$TMP/host.desc"
"$MKFIXTURE" --no-config "$TMP/host.desc" "$TMP/tree" >/dev/null ||
	{ echo "mkfixture failed" >&2; exit 99; }
mkdir -p "$TMP/cfg/vfiotui"
printf 'hide = 0604\n' >"$TMP/cfg/vfiotui/config"

TUI_ENV="XDG_CONFIG_HOME=$TMP/cfg" tui_start 160 30 --sysfs "$TMP/tree"
tui_expect "the first GPU, past 30 hidden bridges, first on screen" \
	'^> 01:00\.0 +VGA compatible controller'
screen=$(tui_screen)
expect_match "its override and power, read after the first frame" \
	'^> 01:00\.0 .* vfio-pci \[vfio-pci\] +D3cold ff *$' "$screen"
expect_match "the last GPU on screen, too" \
	'^  0a:00\.0 .* vfio-pci \[vfio-pci\] +D3cold ff *$' "$screen"
expect_match "the detail: its power in full" \
	'Power: D3cold \(power_state D3cold, runtime suspended, control auto, d3cold_allowed' \
	"$screen"
tui_keys q
expect_eq "q exits 0" 0 "$(tui_exit_status)"
finish
