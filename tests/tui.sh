#!/bin/bash
# The real TUI in tmux on the reference laptop's fixture: what the user
# sees in the IOMMU pane, the cursor and its detail, resize, help, panes,
# and a clean exit.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

tree=$(fixture clevo-p650hp6 --no-config)
tui_start 120 40 --sysfs "$tree"

tui_expect "tab bar" '^ vfiotui +1 IOMMU +2 Network +3 Guests +4 Checks'
tui_expect "group 1 heading, viable" '^IOMMU Group 1 \(2 devices\) +viable for VFIO'
tui_expect "GTX 1060 row with its driver and power" \
	'^  01:00\.0 +VGA compatible controller +NVIDIA Corporation GP106M \[GeForce GTX 1060 Mobile\] +vfio-pci +D0 *$'
tui_expect "group 8 is not viable" '^IOMMU Group 8 \(4 devices\) +not viable: 2 held by host drivers'
tui_expect "the iGPU under no group" '^No IOMMU group \(1 device\)'
tui_expect "status bar" '18 devices, 11 IOMMU groups \(4 viable\), 1 without a group'
tui_expect "no uevents for a --sysfs tree, and the status bar says so" \
	'\| --sysfs tree: re-reading sysfs every 2 s'
screen=$(tui_screen)
expect_match "cursor on the first device" '^> 00:00\.0 +Host bridge' "$screen"
expect_match "its detail" '^00:00\.0 Host bridge \[0600\]: Intel Corporation Xeon E3-1200 v6' "$screen"

# Down twice: the cursor skips the heading of group 1 and lands on the GPU.
tui_keys Down j
tui_expect "cursor on the GPU" '^> 01:00\.0 '
tui_expect "detail follows the cursor" \
	'^01:00\.0 VGA compatible controller \[0300\]: NVIDIA Corporation GP106M \[GeForce GTX 1060 Mobile\] \[10de:1c20\] \(rev a1\)$'
tui_expect "detail: subsystem" '^  Subsystem: CLEVO/KAPOK Computer .*\[1558:65a1\]'
tui_expect "detail: driver, group, parent, boot_vga" \
	'^  Driver: vfio-pci  override: -  group 1 viable /dev/vfio/1  parent: 00:01\.0  boot_vga: 0$'
tui_expect "detail: power" '^  Power: D0 \(power_state D0, runtime active, control on, d3cold_allowed 1\)$'
expect_no_match "no other cursor" '^> 00:00\.0' "$(tui_screen)"

tui_keys End
tui_expect "End: the last device" '^> 00:02\.0 +VGA compatible controller +Intel Corporation HD Graphics 630'
tui_expect "its detail" '^  Driver: i915  override: -  no IOMMU group  parent: -  boot_vga: 1$'
tui_keys k
tui_expect "k: back up" '^> 6e:00\.0 '
tui_keys Home
tui_expect "Home: the first device" '^> 00:00\.0 '

# Resize to 80x24: the screen is laid out again for the new size.
tmux -S "$TMUX_SOCK" resize-window -t t -x 80 -y 24
tui_expect "status bar on the new last line" '18 devices, 11 IOMMU groups'
screen=$(tui_screen)
expect_eq "24 rows" 24 "$(printf '%s\n' "$screen" | wc -l)"
expect_match "status bar is row 24" '^ 18 devices' "$(printf '%s\n' "$screen" | sed -n 24p)"
expect_match "tab bar still there" '^ vfiotui +1 IOMMU' "$screen"
expect_no_match "nothing drawn past column 80" '^.{81}' "$screen"
# In 24 rows the list scrolls: the last device is reachable and shown.
tui_keys PPage End
tui_expect "End after resize" '^> 00:02\.0 '
tui_keys NPage
tui_expect "and its detail" '^00:02\.0 VGA compatible controller'
tmux -S "$TMUX_SOCK" resize-window -t t -x 160 -y 50
tui_expect "larger again" '^ vfiotui +1 IOMMU +2 Network +3 Guests +4 Checks +tree: '
expect_eq "50 rows" 50 "$(tui_screen | wc -l)"

# Help overlay from the key table; any key closes it.
tui_keys '?'
tui_expect "help overlay" 'vfiotui keys'
tui_expect "help lists quitting" 'q F10 +quit'
tui_keys x
tui_gone 'vfiotui keys' && pass || fail "the help did not close"

# Pane switching: the other panes are laid out, and say they are coming.
tui_keys 2
tui_expect "network pane" '^ Switch +'
tui_keys Tab
tui_expect "Tab: guests pane" '^  GUEST +STATE +PID +UPTIME +DEVICES'
tui_keys 4
tui_expect "checks pane" '^  Preflight checks \(r runs them again\)'
tui_keys 1
tui_expect "back to the IOMMU pane" '^IOMMU Group 1 '

tui_keys q
expect_eq "q exits with status 0" 0 "$(tui_exit_status)"

finish
