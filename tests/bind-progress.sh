#!/bin/bash
# While a bind's writes block (a driver letting go of a GPU can take
# seconds), the dashboard's status bar says which device and step it is
# at, and keys are answered (panes, a second bind refused, q asked to
# wait): tests/fakesysfs.so plays the kernel, with an unbind of the audio
# function that takes 4 s (fake/slow/ADDR.unbind).  Afterwards the
# result takes the progress line's place, in the log too.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

[ -f "${FAKESYSFS:-}" ] || skip "tests/fakesysfs.so is not built"
tree=$TMP/tree
"$MKFIXTURE" --no-config "$FIXTURES/reset-traps.desc" "$tree" ||
	{ echo "mkfixture failed" >&2; exit 99; }
mkdir "$tree/bus/pci/drivers/vfio-pci"
mkdir -p "$tree/fake/slow"
echo 4000 >"$tree/fake/slow/0000:01:00.1.unbind"
export XDG_RUNTIME_DIR=$TMP/run
mkdir -m 700 "$XDG_RUNTIME_DIR"

driver() {
	basename "$(readlink "$tree/bus/pci/devices/0000:$1/driver")"
}

TUI_ENV="LD_PRELOAD=$FAKESYSFS FAKESYSFS_ROOT=$tree XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR"
tui_start 120 30 --sysfs "$tree"
tui_expect "dashboard up" '^> 00:00\.0 '
tui_keys Down Down
tui_expect "cursor on the AMD card" '^> 01:00\.0 '
tui_keys b
tui_expect "the plan" 'Give IOMMU group 1 to vfio-pci\?'
tui_keys y
tui_expect "mid-bind: the step it waits on" \
	'^ binding 0000:01:00\.1 \(2 of 2\): unbinding snd_hda_intel\.\.\. '
expect_eq "mid-bind: the audio not let go yet" snd_hda_intel "$(driver 01:00.1)"
expect_eq "mid-bind: the card already on vfio-pci" vfio-pci "$(driver 01:00.0)"
# The bind runs in a child: the dashboard answers keys meanwhile.
tui_keys 2
tui_expect "mid-bind: 2 shows the Network pane" '^ Switch +'
tui_keys 1
tui_expect "mid-bind: 1 the IOMMU pane again" '^> 01:00\.0 '
tui_keys b
tui_expect "mid-bind: a second bind is refused" \
	'a bind is under way: wait for it to end'
tui_keys q
tui_expect "mid-bind: q waits for it" \
	'a bind is under way: q again once it has ended'
expect_eq "all of it mid-bind: the audio not let go yet" snd_hda_intel \
	"$(driver 01:00.1)"
tui_expect "then the result" 'IOMMU group 1 is viable: /dev/vfio/1'
expect_eq "both on vfio-pci" "vfio-pci vfio-pci" \
	"$(driver 01:00.0) $(driver 01:00.1)"
tui_keys L
tui_expect "the log: the result" 'IOMMU group 1 is viable: /dev/vfio/1'
expect_no_match "the log: no step left behind" 'binding 0000:01:00\.[01] \(' \
	"$(tui_screen)"
tui_keys Escape

# u: the same while the group goes back.
tui_keys u
tui_expect "u asks" 'Give IOMMU group 1 back to the host\?'
tui_keys y
tui_expect "mid-unbind: the step it waits on" \
	'^ giving back 0000:01:00\.1 \(2 of 2\): unbinding vfio-pci\.\.\. '
tui_expect "then the result" '0000:01:00\.0: vfio-pci -> amdgpu'
expect_eq "both back" "amdgpu snd_hda_intel" \
	"$(driver 01:00.0) $(driver 01:00.1)"

tui_keys q
expect_eq "q exits 0" 0 "$(tui_exit_status)"
finish
