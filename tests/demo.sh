#!/bin/bash
# The README's demo: `make demo`, then ./demo, the dashboard on the
# reference laptop's tree with tests/fakesysfs.so playing the kernel.  Its
# header says it is a demo and shows the tree's kernel, not this machine's;
# b and y give the GTX 1060's group to vfio-pci, u and y give it back, and
# the demo's journal is its own.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

[ -f "${FAKESYSFS:-}" ] || skip "tests/fakesysfs.so is not built"
# The demo's own dir, not the build dir's: a user's demo stays as it is.
make -s -C "$(dirname "$VFIOTUI")" demo DEMO_DIR="$TMP" > "$TMP/make.out" 2>&1 ||
	{ cat "$TMP/make.out"; fail "make demo failed"; finish; }
[ -x "$TMP/demo" ] && pass || fail "make demo made no ./demo"

gpu=$TMP/demo-sysfs/bus/pci/devices/0000:01:00.0
release_re=$(sed 's/[.[\*^$+?(){}|]/\\&/g' /proc/sys/kernel/osrelease)
TUI_ENV="XDG_RUNTIME_DIR=/nonexistent"	# the demo brings its own
tui_run 80 24 "$TMP/demo"
tui_expect "the tab bar: a demo, not this machine" \
	'^ vfiotui +1 IOMMU +2 Network +3 Guests +4 Checks +DEMO: not this machine$'
tui_expect "the header: the tree's kernel and every fact" \
	'^ kernel 4\.20\.1-1-MANJARO +IOMMU on, 11 groups +vfio-pci loaded +updates: re-read$'
expect_no_match "not this machine's kernel" "kernel $release_re " \
	"$(tui_screen | sed -n 2p)"
tui_keys j j
tui_expect "cursor on the GTX 1060, on nvidia" '^> 01:00\.0 VGA .* nvidia +D0'
tui_keys b
tui_expect "b asks first" 'Give IOMMU group 1 to vfio-pci\?'
tui_keys y
tui_expect "the result" 'IOMMU group 1 is viable: /dev/vfio/1'
tui_expect "the GPU on vfio-pci in the pane" '^> 01:00\.0 VGA .* vfio-pci'
tui_expect "its group viable" '^IOMMU Group 1 \(2 devices\) +viable for VFIO'
expect_eq "the tree: on vfio-pci" vfio-pci "$(basename "$(readlink "$gpu/driver")")"
expect_eq "the demo's journal has it" 0000:01:00.0 \
	"$(ls "$TMP/demo-run/vfiotui/journal")"
tui_keys u
tui_expect "u asks first" 'Give IOMMU group 1 back to the host\?'
tui_keys y
tui_expect "back on nvidia" '^> 01:00\.0 VGA .* nvidia +D0'
expect_eq "the tree: on nvidia" nvidia "$(basename "$(readlink "$gpu/driver")")"
expect_eq "the journal: empty" "" "$(ls -A "$TMP/demo-run/vfiotui/journal")"
tui_keys q
expect_eq "q exits 0" 0 "$(tui_exit_status)"

finish
