#!/bin/bash
# The bash completion (share/completion/vfiotui), driven as bash drives it:
# COMP_WORDS and COMP_CWORD set, the function called, COMPREPLY read.
# Commands and options come from the program's own --help, addresses from
# the --sysfs tree, guests from the profile dir.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

. "$(dirname "$TESTLIB")/../share/completion/vfiotui"
tree=$(fixture clevo-p650hp6 --no-config)
export XDG_CONFIG_HOME="$TMP/config"
mkdir -p "$XDG_CONFIG_HOME/vfiotui/guests"
: >"$XDG_CONFIG_HOME/vfiotui/guests/win10.conf"
: >"$XDG_CONFIG_HOME/vfiotui/guests/linux-live.conf"

# completions WORDS...: what completing the last word offers, sorted, on
# one line.
completions() {
	COMP_WORDS=("$VFIOTUI" "$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_vfiotui
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}

# The fixture's devices as BB:DD.F, sorted, on one line.
addrs=$(ls "$tree/bus/pci/devices" | sed 's/^0000://' | sort | tr '\n' ' ' |
	sed 's/ $//')
expect_match "the fixture has the GTX 1060" '(^| )01:00\.0( |$)' "$addrs"

expect_eq "commands" "bind check guest list memlock net restore rom show unbind watch" \
	"$(completions "")"
expect_eq "a command's start" "guest" "$(completions gu)"
expect_eq "after --sysfs DIR, commands" "list" "$(completions --sysfs "$tree" li)"
expect_eq "guest's verbs" \
	"attach console disk edit import kill list new pause powerdown reset resume screenshot snapshot start status stop usb view" \
	"$(completions guest "")"
expect_eq "net's verbs" "start status stop" "$(completions net st)"
expect_eq "global options" "--help --proc --sysfs --version" \
	"$(completions --)"
expect_eq "bind's options" "--dry-run" "$(completions bind --d)"
expect_eq "net status's options" "--config --json" "$(completions net status --)"
expect_eq "guest stop's options" "--timeout" "$(completions guest stop --)"
expect_eq "rom's options" "--device --json" "$(completions rom x.rom --)"

expect_eq "show: the tree's addresses" "$addrs" \
	"$(completions --sysfs "$tree" show "")"
expect_eq "bind 01: the GPU's functions" \
	"$(printf '%s\n' $addrs | grep '^01:' | tr '\n' ' ' | sed 's/ $//')" \
	"$(completions --sysfs "$tree" bind --dry-run 01)"
expect_eq "rom --device: addresses" "01:00.0" \
	"$(completions --sysfs "$tree" rom x.rom --device 01:00.0)"
expect_match "check: addresses and guests" '01:00\.0.* win10$' \
	"$(completions --sysfs "$tree" check "")"

expect_eq "guest start: the profiles" "linux-live win10" \
	"$(completions guest start "")"
expect_eq "guest stop w" "win10" "$(completions guest stop --timeout 5 w)"
: >"$TMP/win10.qmp"
expect_eq "guest status: guests and socket paths" "$TMP/win10.qmp" \
	"$(completions guest status "$TMP/win")"

: >"$TMP/GP106.rom"
expect_eq "rom: files" "$TMP/GP106.rom" "$(completions rom "$TMP/GP")"
expect_eq "net --config: files" "$TMP/GP106.rom" \
	"$(completions net start --config "$TMP/GP")"
mkdir "$TMP/sysroot"
expect_eq "--sysfs: directories" "$TMP/sysroot" \
	"$(completions --sysfs "$TMP/sys")"

finish
