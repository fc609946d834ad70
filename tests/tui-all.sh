#!/bin/bash
# The whole dashboard in tmux, at 80x24 and 300x100, with NO_COLOR and
# TERM=vt100, in the C and C.UTF-8 locales: the header's host facts from a
# fixture, all four panes, the help's full key list, the / filter, the log,
# a mouse click on a tab and on a row; then the user config: hidden
# devices, and a bad line refused with file:line and exit status 2.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

tree=$(fixture clevo-p650hp6 --no-config)
mkdir -p "$TMP/proc/sys/kernel" "$TMP/run" "$TMP/cfg/vfiotui/guests"
printf 'memory = 128M\n' > "$TMP/cfg/vfiotui/guests/win10.conf"
printf 'memory = 128M\n' > "$TMP/cfg/vfiotui/guests/manjaro-live.conf"
echo 6.1.0-13-amd64 > "$TMP/proc/sys/kernel/osrelease"
chmod 700 "$TMP/run"
base_env="XDG_RUNTIME_DIR=$TMP/run XDG_CONFIG_HOME=$TMP/cfg"

# An SGR mouse report (xterm's kmous, \E[<) of a button 1 press and
# release at column X, row Y (0-based).  vt100 has no mouse: the clicks
# are tried only on xterm-256color.
click() {
	tui_keys -l $'\e[<0;'"$(($1 + 1));$(($2 + 1))M"
	tui_keys -l $'\e[<0;'"$(($1 + 1));$(($2 + 1))m"
}

# one_run COLS ROWS TERM LANG NO_COLOR
one_run() {
	local cols=$1 rows=$2 term=$3 lang=$4 nocolor=$5 what screen
	what="${cols}x$rows TERM=$term LANG=$lang NO_COLOR=$nocolor"
	TUI_LANG=$lang TUI_ENV="$base_env TERM=$term NO_COLOR=$nocolor" \
		tui_start "$cols" "$rows" --sysfs "$tree" --proc "$TMP/proc"
	tui_expect "$what: tab bar" '^ vfiotui +1 IOMMU +2 Network +3 Guests +4 Checks'
	tui_expect "$what: header facts" \
		'^ kernel 6\.1\.0-13-amd64 +IOMMU on, 11 groups +vfio-pci loaded +updates: re-read$'
	screen=$(tui_screen)
	expect_eq "$what: rows" "$rows" "$(printf '%s\n' "$screen" | wc -l)"
	expect_no_match "$what: nothing past the last column" "^.{$((cols + 1))}" "$screen"
	expect_match "$what: status bar on the last row, whole" \
		'^ 18 devices, 11 IOMMU groups \(4 viable\), 1 without a group( \| .*)? +\? help  q quit *$' \
		"$(printf '%s\n' "$screen" | tail -n 1)"
	expect_match "$what: detail's boot_vga not cut" 'boot_vga: -$' "$screen"
	if [ "$lang" = C ]; then
		expect_no_match "$what: C locale, no UTF-8 bytes on screen" \
			$'[\x80-\xff]' "$(LC_ALL=C tui_screen)"
	fi

	tui_keys 2
	tui_expect "$what: Network pane" '^ Switch +'
	tui_keys b
	tui_expect "$what: a key with no meaning here says so" \
		'Network pane: b \(bind\) does nothing here'
	tui_keys Tab
	tui_expect "$what: Guests pane" '^  GUEST +STATE +PID +UPTIME +DEVICES'
	tui_expect "$what: both guests listed" '^  win10 +stopped'
	tui_keys / w i n Enter
	tui_expect "$what: Guests filter says how many" "filter 'win': 1 guest"
	expect_no_match "$what: Guests filter drops the other" 'manjaro-live' "$(tui_screen)"
	tui_keys Escape
	tui_expect "$what: Esc brings it back" 'manjaro-live +stopped'
	tui_keys 4
	tui_expect "$what: Checks pane" '^  Preflight checks \(r runs them again\)'
	tui_expect "$what: Checks pane lists CPU virtualization" 'CPU virtualization'
	tui_keys / k v m Enter
	tui_expect "$what: Checks filter says how many" "filter 'kvm': [0-9]+ check"
	expect_no_match "$what: Checks filter drops the rest" 'CPU virtualization' "$(tui_screen)"
	tui_keys Escape
	tui_expect "$what: Esc brings the checks back" 'CPU virtualization'
	tui_keys 1
	tui_expect "$what: IOMMU pane" '^IOMMU Group 1 '

	tui_keys '?'
	tui_expect "$what: help" 'vfiotui keys'
	screen=$(tui_screen)
	for k in 'Up k / Down j' 'PgUp \^B / PgDn \^F' 'Home g / End G' \
		'Tab / Shift-Tab' '1 2 3 4 / click' 'Enter / Space' '/ Esc' 'b / u' 's / x' \
		'p ' 'R / K' 'l / c / a' 'r ' 'L ' '\? F1 / \^L' 'q F10 +quit'; do
		expect_match "$what: help lists '$k'" "x $k" "$screen"
	done
	tui_keys x
	tui_gone 'vfiotui keys' || fail "$what: the help did not close"

	tui_keys / n v i d i a Enter
	tui_expect "$what: filter keeps the GPU" '^> 01:00\.0 +VGA'
	tui_expect "$what: the GPU's detail line, whole" 'parent: 00:01\.0  boot_vga: 0$'
	if [ "$cols" -lt 100 ]; then
		expect_match "$what: split in two, indented" '^  parent: 00:01\.0  boot_vga: 0$' "$(tui_screen)"
	fi
	screen=$(tui_screen)
	expect_no_match "$what: filter drops the others" '00:14\.0' "$screen"
	expect_match "$what: filter says how many" "filter 'nvidia': 1 device" "$screen"
	tui_keys Enter
	tui_expect "$what: Enter opens the detail" '01:00\.0 \(vfiotui show 01:00\.0 has it all\)'
	tui_expect "$what: with the group's devices" 'group 1: 00:01\.0 pcieport'
	tui_keys Space
	tui_gone 'has it all' || fail "$what: the detail did not close"
	tui_keys Escape
	tui_expect "$what: Esc brings them back" '^  00:14\.0 '

	tui_keys Space
	tui_expect "$what: Space marks the group" '^IOMMU Group 1 \(2 devices\) \[marked\]'
	tui_expect "$what: and says so" 'group 1 marked; b or u act on the 1 marked'
	tui_keys Space
	tui_expect "$what: Space again unmarks it" 'group 1 unmarked; 0 marked'
	tui_keys L
	tui_expect "$what: the log keeps earlier messages" "[0-9:]{8} filter 'nvidia': 1 device"
	tui_keys q
	tui_gone 'Messages, newest last' || fail "$what: the log did not close"

	if [ "$term" != vt100 ]; then
	click 34 0
	tui_expect "$what: a click on tab 3" '^  GUEST +STATE'
	click 12 0
	tui_expect "$what: a click on tab 1" '^IOMMU Group 1 '
	# Row 2 is the column titles; row 6 the group 1 bridge (rows from 0).
	click 5 6
	tui_expect "$what: a click on a row selects it" '^> 00:01\.0 '
	click 34 0
	tui_expect "$what: the Guests pane again" '^  GUEST +STATE'
	# Row 3 holds the first guest, row 4 the second (sorted by name).
	click 4 3
	tui_expect "$what: a click selects the first guest" '^> manjaro-live +stopped'
	click 4 4
	tui_expect "$what: a click selects the second guest" '^> win10 +stopped'
	click 12 0
	tui_expect "$what: and back to IOMMU" '^IOMMU Group 1 '
	fi

	tui_keys q
	expect_eq "$what: q exits 0" 0 "$(tui_exit_status)"
	tmux -S "$TMUX_SOCK" kill-server 2>/dev/null
}

one_run 80 24 vt100 C 1
one_run 300 100 xterm-256color C.UTF-8 ''
one_run 80 24 xterm-256color C.UTF-8 1
one_run 300 100 vt100 C ''

# The user config: a device and a class hidden.
printf '# hide the SATA controller and every PCI bridge\nhide = 00:17.0, 0604\nrefresh = 5\ncolors = off\n' \
	> "$TMP/cfg/vfiotui/config"
TUI_ENV="$base_env" tui_start 120 40 --sysfs "$tree" --proc "$TMP/proc"
tui_expect "config: the rest shows" '^> 00:00\.0 +Host bridge'
screen=$(tui_screen)
expect_no_match "config: a hidden address is not shown" '00:17\.0' "$screen"
expect_no_match "config: a hidden class is not shown" 'PCI bridge' "$screen"
expect_match "config: the status bar counts what shows" '18 devices.*, 13 shown' "$screen"
tui_keys '?'
tui_expect "config: refresh sets the re-read period (the help says it)" 'Updates: --sysfs tree: re-reading sysfs every 5 s'
tui_keys x
tui_keys q
expect_eq "config: q exits 0" 0 "$(tui_exit_status)"
tmux -S "$TMUX_SOCK" kill-server 2>/dev/null

# Space marks groups; b then binds every marked group, after one question,
# with tests/fakesysfs.so playing the kernel; u gives them back.
if [ -f "${FAKESYSFS:-}" ]; then
	printf 'refresh = 2\n' > "$TMP/cfg/vfiotui/config"
	desk=$(fixture desktop-2gpu --no-config)
	TUI_ENV="$base_env LD_PRELOAD=$FAKESYSFS FAKESYSFS_ROOT=$desk" \
		tui_start 120 40 --sysfs "$desk" --proc "$TMP/proc"
	tui_keys / 0 0 : 1 4 . 0 Enter
	tui_expect "marks: filtered to the SMBus" '^> 0000:00:14\.0 '
	tui_keys Space
	tui_expect "marks: group 12 marked" '^IOMMU Group 12 \(2 devices\) \[marked\]'
	tui_keys / 0 4 : 0 0 . 0 Enter
	tui_expect "marks: filtered to the RTX" '^> 0000:04:00\.0 '
	tui_keys Space Escape
	tui_expect "marks: the filter cleared" 'filter cleared'
	tui_keys C-l
	tui_expect "marks: the status bar counts them" '2 groups marked'
	tui_expect "marks: a marked row shows +" '^\+ 0000:00:14\.0 '
	tui_keys b
	tui_expect "marks: one plan names both groups" \
		'Give IOMMU groups 12 and 17 to vfio-pci\?'
	tui_expect "marks: the SMBus's move" '│   0000:00:14\.0 piix4_smbus -> vfio-pci '
	tui_expect "marks: and the RTX's" '│   0000:04:00\.0 nvidia -> vfio-pci '
	tui_keys y
	tui_expect "marks: group 12 bound" '^IOMMU Group 12 \(2 devices\) +viable for VFIO'
	tui_expect "marks: group 17 bound" '^IOMMU Group 17 \(4 devices\) +viable for VFIO'
	expect_eq "marks: the SMBus on vfio-pci" vfio-pci \
		"$(basename "$(readlink "$desk/bus/pci/devices/0000:00:14.0/driver")")"
	tui_keys L
	tui_expect "marks: the log has both outcomes" 'IOMMU group 12 is viable'
	tui_expect "marks: (and 17)" 'IOMMU group 17 is viable'
	tui_keys Escape
	tui_gone 'Messages, newest last' || fail "marks: the log did not close"
	expect_no_match "marks: cleared once done" 'marked' "$(tui_screen)"
	tui_keys Space
	tui_expect "marks: the RTX's group marked again" 'group 17 marked'
	tui_keys u
	tui_expect "marks: u asks about the marked group only" \
		'Give the marked IOMMU groups back to the host\? Group 17: 0000:04:00\.0,'
	tui_keys y
	tui_expect "marks: the RTX back on nvidia" '^>\+? ?0000:04:00\.0 .* nvidia '
	expect_eq "marks: the SMBus, not marked, stays" vfio-pci \
		"$(basename "$(readlink "$desk/bus/pci/devices/0000:00:14.0/driver")")"
	tui_keys q
	expect_eq "marks: q exits 0" 0 "$(tui_exit_status)"
	tmux -S "$TMUX_SOCK" kill-server 2>/dev/null
fi

# A bad line: no dashboard, the file and line named, exit status 2.
printf 'refresh = 5\nhide = 00:17.0 gpu\n' > "$TMP/cfg/vfiotui/config"
out=$(env XDG_CONFIG_HOME="$TMP/cfg" "$VFIOTUI" --sysfs "$tree" 2>&1 </dev/null)
expect_eq "bad config: exit 2" 2 "$?"
expect_match "bad config: file:line" \
	"^vfiotui: $TMP/cfg/vfiotui/config:2: hide: 'gpu' is neither an address" "$out"
printf 'colors = blue\n' > "$TMP/cfg/vfiotui/config"
out=$(env XDG_CONFIG_HOME="$TMP/cfg" "$VFIOTUI" --sysfs "$tree" 2>&1 </dev/null)
expect_eq "bad value: exit 2" 2 "$?"
expect_match "bad value: named" "config:1: colors: 'blue' is not on or off" "$out"
printf 'frobnicate\n' > "$TMP/cfg/vfiotui/config"
out=$(env XDG_CONFIG_HOME="$TMP/cfg" "$VFIOTUI" --sysfs "$tree" 2>&1 </dev/null)
expect_match "no '=': named" "config:1: expected 'key = value'" "$out"

finish
