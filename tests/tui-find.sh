#!/bin/bash
# Search and order in the real TUI (tmux, the reference laptop's
# fixture): n and N go to the next and previous device the / filter
# matches, round the end; without a filter they say what sets one; in the
# Checks pane o orders the checks the worst first, then by name, then as
# they ran; the status bar says what the keys do to the selected device.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

tree=$(fixture clevo-p650hp6 --no-config)
tui_start 120 40 --sysfs "$tree"
tui_expect "the dashboard" '^ vfiotui +1 IOMMU'
tui_keys n
tui_expect "n without a filter says what sets one" 'IOMMU: no filter: / sets what n and N look for'
tui_keys / pcieport Enter
tui_expect "the filter" "filter 'pcieport': 4 devices"
tui_expect "the first match under the cursor" '^> 00:01\.0 +PCI bridge'
tui_keys n
tui_expect "n: the next match" '^> 00:1c\.0 +PCI bridge'
tui_keys n n
tui_expect "n again: the last match" '^> 00:1c\.6 +PCI bridge'
tui_keys n
tui_expect "n past the last: round to the first" '^> 00:01\.0 +PCI bridge'
tui_keys N
tui_expect "N: back round to the last" '^> 00:1c\.6 +PCI bridge'
tui_keys Escape

tui_keys 4
tui_expect "the Checks pane" 'Preflight checks'
tui_keys o
tui_expect "o: the worst first" 'Checks: the worst first \(o: by name\)'
levels=$(tui_screen | grep -E '^[> ] (ok|warn|fail|skip)  ' | awk '{ print ($1 == ">" ? $2 : $1) }' |
	awk '{ r = $1 == "fail" ? 0 : $1 == "warn" ? 1 : $1 == "skip" ? 2 : 3; print r }' | tr '\n' ' ')
expect_eq "the rows the worst first" "$(tr ' ' '\n' <<<"$levels" | grep . | sort -n | tr '\n' ' ')" "$levels"
tui_keys o
tui_expect "o: by name" 'Checks: by name \(o: as the checks ran\)'
names=$(tui_screen | grep -E '^[> ] (ok|warn|fail|skip)  ' | sed -E 's/^[> ] [a-z]+ +//' | cut -c1-30 | sed 's/ *$//')
expect_eq "the rows in name order" "$(LC_ALL=C sort <<<"$names")" "$names"
tui_keys o
tui_expect "o: as they ran" 'Checks: as the checks ran \(o: the worst first\)'
tui_keys q
expect_eq "q exits with status 0" 0 "$(tui_exit_status)"

# The status bar's context help: what the keys do to the selected row.
tui_start 200 30 --sysfs "$tree"
tui_expect "on the host bridge" '\| b: group 0 to vfio-pci  Enter: detail +\? help'
tui_keys Down Down
tui_expect "on the GPU, which vfio-pci has" '\| u: group 1 back to its drivers  p: power  Enter: detail +\? help'
tui_keys End
tui_expect "on the iGPU, which has no group" '\| no IOMMU group: it cannot be passed  p: power  Enter: detail'
tui_keys q
finish
