#!/bin/bash
# The Checks pane in tmux on the reference laptop's fixture and a fake
# /proc: the list in its colours with a guest's Code 43 checklist after
# the host's checks, the selected check's why and fix, r running the
# checks again after the tree changed, checks of this machine's /dev
# skipped beside a tree, and every name whole at 80x24.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

tree=$(fixture clevo-p650hp6 --no-config)
proc=$TMP/proc
mkdir -p "$proc"
printf 'vendor_id\t: GenuineIntel\nflags\t\t: fpu vmx sse2\n' > "$proc/cpuinfo"
printf 'root=/dev/sda2 intel_iommu=on,igfx_off\n' > "$proc/cmdline"
: > "$proc/modules"
reset=$tree/bus/pci/devices/0000:01:00.0/reset_method
: > "$reset"

# A guest profile: its Code 43 checklist follows the host's checks.
mkdir -p "$TMP/cfg/vfiotui/guests"
printf '%s\n' "machine = q35" "pci = 01:00.0" > "$TMP/cfg/vfiotui/guests/win.conf"
TUI_ENV="XDG_CONFIG_HOME=$TMP/cfg"
tui_start 120 40 --sysfs "$tree" --proc "$proc"
tui_keys 4
tui_expect "the pane's title" '^  Preflight checks \(r runs them again\)'
tui_expect "cursor on the first check" '^> ok    CPU virtualization +vmx in .*/cpuinfo: Intel VT-x is on'
tui_expect "groups from the fixture" '^  ok    IOMMU groups +11 IOMMU groups in '
tui_expect "a warning" '^  warn  iommu=pt +no iommu=pt'
tui_expect "the GPU's group" '^  ok    01:00\.0 group +group 1 is viable'
tui_expect "a failure" '^  fail  01:00\.0 reset +reset_method empty: it cannot be reset'
tui_expect "the guest's checklist" '^  fail  win: 01:00\.0 romfile +not set: a laptop GPU has no ROM of its own'
tui_expect "status bar counts" ' [0-9]+ checks: [0-9]+ ok, [0-9]+ warn, [0-9]+ fail'

# Colours: ok green (32), warn yellow (33), fail red (31).
screen=$(tmux -S "$TMUX_SOCK" capture-pane -e -p -t t)
expect_match "ok in green" $'\e\\[[0-9;]*32m[^\e]*ok' "$screen"
expect_match "warn in yellow" $'\e\\[[0-9;]*33m[^\e]*warn' "$screen"
expect_match "fail in red" $'\e\\[[0-9;]*31m[^\e]*fail' "$screen"

# The selected check's why and fix, below the list.
tui_expect "detail of the first check" '^why: +vmx in .*/cpuinfo: Intel VT-x is on'
rows=$(tui_screen | grep -E '^[> ] (ok|warn|fail|skip)  ' | grep -n ' 01:00\.0 reset ' | cut -d: -f1)
for _ in $(seq $((rows - 1))); do
	tui_keys Down
done
tui_expect "cursor on the reset check" '^> fail  01:00\.0 reset '
tui_expect "its why" '^why: +reset_method empty: it cannot be reset: a guest that restarts'
tui_expect "its fix" '^fix: +start one guest per host boot'

# r: the checks run again and see the new reset_method.
printf 'flr\n' > "$reset"
tui_keys r
tui_expect "re-run: reset ok" '^> ok    01:00\.0 reset +reset_method flr: FLR: it resets alone'
tui_expect "re-run: the message" 'checks run again: [0-9]+ ok'

tui_keys q
expect_eq "q exits with status 0" 0 "$(tui_exit_status)"

# At 80x24 every check's name is whole, the longest (a guest's item)
# too: the names' column is as wide as they are.
printf '%s\n' "machine = q35" "pci = 01:00.0" > "$TMP/cfg/vfiotui/guests/gaming-rig.conf"
tui_start 80 24 --sysfs "$tree" --proc "$proc"
tui_keys 4
tui_expect "80x24: skipped, and why" '^  skip  /dev/kvm +not checked: /dev/kvm is this'
names=$(tui_screen | sed -n 's/^[> ] \(ok  \|warn\|fail\|skip\)  \(.\{1,50\}[^ ]\)  .*/\2/p')
for _ in $(seq 30); do
	tui_keys Down
done
tui_expect "80x24: the last row" '^> (ok|warn|fail)  +win: 01:00\.0 '
names="$names
$(tui_screen | sed -n 's/^[> ] \(ok  \|warn\|fail\|skip\)  \(.\{1,50\}[^ ]\)  .*/\2/p')"
for want in "CPU virtualization" "IOMMU on the command line" \
    "01:00.0 /dev/vfio" "kvm ignore_msrs" "gaming-rig: 01:00.0 PCIe root port" \
    "gaming-rig: 01:00.0 hidden hypervisor" "win: 01:00.0 hidden hypervisor"; do
	expect_match "80x24: '$want' whole" "^$want\$" "$names"
done
tui_keys q
expect_eq "80x24: q exits with status 0" 0 "$(tui_exit_status)"

# 60 GPUs, 7 checks each: the pane lists the 192 gravest and counts all.
# The one fail, the last GPU's group held by a NIC on igb, is among them.
awk 'BEGIN {
	for (g = 0; g < 60; g++) {
		printf "0000:%02x:00.0 class=030000 id=10de:1c20 rev=a1 group=%d driver=vfio-pci boot_vga=0\n", g + 1, g
		printf "0000:%02x:00.1 class=040300 id=10de:10f1 rev=a1 group=%d driver=vfio-pci\n", g + 1, g
	}
	print "0000:3c:00.2 class=020000 id=8086:1521 rev=01 group=59 driver=igb"
}' >"$TMP/many.desc"
"$MKFIXTURE" --no-config "$TMP/many.desc" "$TMP/many" >/dev/null ||
	{ echo "mkfixture failed" >&2; exit 99; }
rm -f "$TMP"/cfg/vfiotui/guests/*.conf
tui_start 160 40 --sysfs "$TMP/many" --proc "$proc"
tui_keys 4
tui_expect "60 GPUs: every check counted, the gravest listed" \
	' [0-9]{3} checks: [0-9]+ ok, [0-9]+ warn, 1 fail.* \(the 192 gravest listed\)'
tui_keys / n o t Space v i a b l e Enter
tui_expect "60 GPUs: the one fail is listed" \
	'^> fail  3c:00\.0 group +group 59 is not viable, held by host drivers: 0000:3c:00\.2 igb'
tui_keys q
expect_eq "60 GPUs: q exits with status 0" 0 "$(tui_exit_status)"

finish
