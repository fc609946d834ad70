#!/bin/bash
# The bind dialog gives each device's reset trap as a reason before y,
# in show's words (tests/fixtures/reset-traps.desc): the AMD reset bug
# is a warning line; the iGPU without FLR, whose unbind can hang the
# host, takes a second y that names it.  tests/fakesysfs.so plays the
# kernel.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

[ -f "${FAKESYSFS:-}" ] || skip "tests/fakesysfs.so is not built"
# The iGPU not the console's, so that nothing but its reset stops it.
tree=$TMP/tree
sed '/^0000:00:02\.0 /s/ boot_vga=1//' "$FIXTURES/reset-traps.desc" |
	"$MKFIXTURE" --no-config - "$tree" ||
	{ echo "mkfixture failed" >&2; exit 99; }
mkdir "$tree/bus/pci/drivers/vfio-pci"
export XDG_RUNTIME_DIR=$TMP/run
mkdir -m 700 "$XDG_RUNTIME_DIR"

driver() {
	basename "$(readlink "$tree/bus/pci/devices/0000:$1/driver")"
}
pick() {
	tui_keys / "$1" Enter
	tui_expect "the cursor on $1" "^[>+] $(printf '%s' "$1" | sed 's/\./\\./g') "
}
# box_has WHAT TEXT: the dialog's lines, joined where it wrapped them,
# hold TEXT as it is.
box_has() {
	local box
	box=$(tui_screen | sed -n 's/^ *│ \(.*\)│ *$/\1/p' | sed 's/ *$//' |
		tr '\n' ' ' | tr -s ' ')
	case $box in
	*"$2"*) pass ;;
	*) fail "$1: the dialog does not hold '$2': $box" ;;
	esac
}
show_reset() {
	"$VFIOTUI" --sysfs "$tree" show "$1" | sed -n 's/^	Reset: //p'
}

TUI_ENV="LD_PRELOAD=$FAKESYSFS FAKESYSFS_ROOT=$tree XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR"
tui_start 160 40 --sysfs "$tree"
tui_expect "dashboard up" '^> 00:00\.0 '

# The AMD card: its reset bug in the plan, in show's words; n: nothing.
pick 01:00.0
tui_keys b
tui_expect "the plan" 'Give IOMMU group 1 to vfio-pci\?'
line=$(show_reset 01:00.0)
expect_match "show names the AMD bug" 'reset bug' "$line"
box_has "the AMD bug as a reason" "reset: $line"
tui_keys n
tui_expect "n: said so" 'nothing was changed'
expect_eq "n: the AMD card on amdgpu" amdgpu "$(driver 01:00.0)"

# The iGPU: its trap before y, then a second question that names it.
tui_keys Escape
pick 00:02.0
tui_keys b
tui_expect "the iGPU's plan" 'Give IOMMU group 2 to vfio-pci\?'
box_has "its trap as a reason" "reset: $(show_reset 00:02.0)"
tui_keys y
tui_expect "y asks again" '│ Unbinding may hang the host\. Take it anyway\? +│'
box_has "naming the risk" "0000:00:02.0: an Intel iGPU without FLR: taking it from i915 can hang the host; leave it to the host (or use GVT-g)."
tui_expect "and its keys" '│ y: take it anyway    any other key: no +│'
expect_eq "before the second y: still on i915" i915 "$(driver 00:02.0)"
tui_keys n
tui_gone 'Unbinding may hang' || fail "the second question did not close"
tui_expect "n: said so" 'nothing was changed'
expect_eq "n: still on i915" i915 "$(driver 00:02.0)"
tui_keys b
tui_expect "asked once more" 'Give IOMMU group 2 to vfio-pci\?'
tui_keys y
tui_expect "the second question again" 'Unbinding may hang the host'
tui_keys y
tui_expect "y y: group 2 bound" 'IOMMU group 2 is viable: /dev/vfio/2'
expect_eq "y y: the iGPU on vfio-pci" vfio-pci "$(driver 00:02.0)"

tui_keys q
expect_eq "q exits 0" 0 "$(tui_exit_status)"
env LD_PRELOAD="$FAKESYSFS" FAKESYSFS_ROOT="$tree" \
	"$VFIOTUI" --sysfs "$tree" restore > /dev/null 2>&1
expect_eq "restore: the iGPU on i915" i915 "$(driver 00:02.0)"
finish
