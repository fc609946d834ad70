#!/bin/bash
# The Guests pane started before there is any profile dir (README's step
# that makes it comes later): its hint names the dir XDG_CONFIG_HOME
# says, not ~/.config, and a profile written after `mkdir -p` shows up
# without a key, the dashboard having watched the nearest parent that
# was there until the dir was made.  No QEMU: the guest is only listed.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

tree=$(fixture clevo-p650hp6 --no-config)
export XDG_CONFIG_HOME="$TMP/elsewhere/cfg" XDG_RUNTIME_DIR="$TMP/run"
export HOME="$TMP/home"
mkdir -p "$TMP/elsewhere" "$XDG_RUNTIME_DIR" "$HOME"
chmod 700 "$XDG_RUNTIME_DIR"
guests=$XDG_CONFIG_HOME/vfiotui/guests

tui_start 220 30 --sysfs "$tree"
tui_keys 3
tui_expect "the hint names XDG_CONFIG_HOME's dir" \
	"No guests: write a profile, ${guests//./\\.}/NAME\\.conf, or press a"
expect_no_match "the hint: not ~/.config" '~/\.config' "$(tui_screen)"
tui_keys s
tui_expect "a key on no guest: the same dir" \
	"no guest to act on; a profile in ${guests//./\\.} makes one"

# Three levels made at once, then a file: the pane follows them down.
mkdir -p "$guests"
printf '%s\n' "machine = q35" "memory = 1G" > "$guests/late.conf"
tui_expect "a profile written after start shows" '^> late +stopped +- +- +-$'

# One more, once the dir is watched itself.
printf '%s\n' "machine = q35" "memory = 1G" > "$guests/later.conf"
tui_expect "a second profile shows" '^  later +stopped +- +- +-$'

tui_keys q
expect_eq "q exits with status 0" 0 "$(tui_exit_status)"

finish
