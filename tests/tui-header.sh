#!/bin/bash
# The header's host facts at 80x24, each from the machine it describes:
# this machine's kernel on the live /sys, never on a --sysfs tree, which
# shows its own kernel when its vfiotui-tree file says it, or its path.
# Every fact fits in 80 columns.  (The demo's header: tests/demo.sh.)
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

release=$(cat /proc/sys/kernel/osrelease)
kernel_re=$(printf '%s' "$release" | sed 's/[.[\*^$+?(){}|]/\\&/g')

# line N: row N of the screen.
line() {
	tui_screen | sed -n "${1}p"
}

tui_start 80 24
tui_expect "live: the tab bar says whose facts" \
	'^ vfiotui +1 IOMMU +2 Network +3 Guests +4 Checks +this machine: /sys *$'
tui_expect "live: this machine's kernel, and every fact" \
	"^ kernel $kernel_re +IOMMU (on, [0-9]+ groups|off) +vfio-pci (loaded|not loaded) +updates: (udev|re-read)\$"
expect_no_match "live: nothing past column 80" '^.{81}' "$(tui_screen)"
tui_keys q
expect_eq "live: q exits 0" 0 "$(tui_exit_status)"

# A tree that says nothing of its kernel: its path in the kernel's place.
tree=$(fixture clevo-p650hp6 --no-config)
tui_start 80 24 --sysfs "$tree"
tui_expect "tree: the tab bar names no machine" \
	'^ vfiotui +1 IOMMU +2 Network +3 Guests +4 Checks +tree *$'
tui_expect "tree: its path where the kernel was, cut from the left" \
	"^ tree: \.\.\.[^ ]*\.${tree##*.} +IOMMU on, 11 groups +vfio-pci loaded\$"
expect_no_match "tree: not this machine's kernel" "kernel $kernel_re" "$(line 2)"
expect_no_match "tree: nothing past column 80" '^.{81}' "$(tui_screen)"
tui_keys q
expect_eq "tree: q exits 0" 0 "$(tui_exit_status)"

# One that says: its kernel, and the least useful fact dropped first.
printf 'kernel=4.20.1-1-MANJARO\n' > "$tree/vfiotui-tree"
tui_start 80 24 --sysfs "$tree"
tui_expect "tree with a kernel: every fact fits" \
	'^ kernel 4\.20\.1-1-MANJARO +IOMMU on, 11 groups +vfio-pci loaded +updates: re-read$'
tmux -S "$TMUX_SOCK" resize-window -t t -x 64 -y 24
tui_expect "64 columns: updates dropped first" \
	'^ kernel 4\.20\.1-1-MANJARO +IOMMU on, 11 groups +vfio-pci loaded$'
tmux -S "$TMUX_SOCK" resize-window -t t -x 40 -y 24
tui_expect "40 columns: then the kernel" '^ IOMMU on, 11 groups +vfio-pci loaded$'
tmux -S "$TMUX_SOCK" resize-window -t t -x 120 -y 24
tui_expect "120 columns: the tree's path on the tab bar" \
	"^ vfiotui +1 IOMMU .* +tree: $tree\$"
tui_keys q
expect_eq "q exits 0" 0 "$(tui_exit_status)"

finish
