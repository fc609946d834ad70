#!/bin/bash
# bind, unbind and restore --json: the result as one JSON object, for the
# cycle, the dry runs (whose plan is the text's lines, in order) and the
# faults of tests/bind-cycle.sh, with tests/fakesysfs.so playing the
# kernel: each device's driver before and after, its outcome, and the
# step and errno of the one that failed.  Each answer is read back as the
# dashboard reads root's (tests/bindjson): the same JSON again and, where
# a run changes nothing, the words vfiotui prints without --json; and
# answers that are not one are named as such.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

command -v jq >/dev/null || skip "jq is not installed"
[ -f "${FAKESYSFS:-}" ] || skip "tests/fakesysfs.so is not built"
[ -x "${BINDJSON:-}" ] || skip "tests/bindjson is not built"
export XDG_RUNTIME_DIR=$TMP/run
journal=$TMP/run/vfiotui/journal

new_tree() {
	tree=$(fixture desktop-2gpu --no-config)
	rm -rf "$journal"
}

# vt ARGS...: vfiotui on the tree, with the fake kernel preloaded; its
# JSON in $TMP/out.json, its stderr in $TMP/err, its status in $rc.  The
# JSON, read back as the dashboard reads it, is the same JSON.
vt() {
	env LD_PRELOAD="$FAKESYSFS" FAKESYSFS_ROOT="$tree" \
		"$VFIOTUI" --sysfs "$tree" "$@" > "$TMP/out.json" 2> "$TMP/err"
	rc=$?
	[ -s "$TMP/out.json" ] || return 0
	expect_eq "$*: read back, the same JSON" "$(jq -S . "$TMP/out.json")" \
		"$("$BINDJSON" < "$TMP/out.json" | jq -S .)"
}

# same_words ARGS...: on a run that changes nothing, the result read back
# from --json words itself as vfiotui does without it, line for line on
# stdout and on stderr.
same_words() {
	env LD_PRELOAD="$FAKESYSFS" FAKESYSFS_ROOT="$tree" \
		"$VFIOTUI" --sysfs "$tree" "$@" > "$TMP/text.out" 2> "$TMP/text.err"
	env LD_PRELOAD="$FAKESYSFS" FAKESYSFS_ROOT="$tree" \
		"$VFIOTUI" --sysfs "$tree" "$@" --json |
		"$BINDJSON" --text > "$TMP/read.out" 2> "$TMP/read.err"
	expect_eq "$*: stdout, from the JSON" "$(cat "$TMP/text.out")" "$(cat "$TMP/read.out")"
	expect_eq "$*: stderr, from the JSON" "$(cat "$TMP/text.err")" "$(cat "$TMP/read.err")"
}

q() {
	jq -r "$1" "$TMP/out.json"
}

# Each device as "ADDRESS BEFORE AFTER OUTCOME", a line each.
devices() {
	q '.devices[] | [.address, .driver_before, .driver_after, .outcome] |
		map(. // "none") | join(" ")'
}

fault() {
	mkdir -p "$tree/fake/fail"
	printf '%s\n' "${3:-}" > "$tree/fake/fail/$1.$2"
}

# --- the cycle ---------------------------------------------------------------
new_tree
vt bind --json 04:00.0
expect_eq "bind: exit status" 0 "$rc"
expect_eq "bind: quiet stderr" "" "$(cat "$TMP/err")"
expect_eq "bind: the command" "bind 0000:04:00.0 17 false" \
	"$(q '[.command, .address, .group, .dry_run] | map(tostring) | join(" ")')"
expect_eq "bind: nothing failed" "null 0" "$(q '[.failure, .exit_status] | map(tostring) | join(" ")')"
expect_eq "bind: each device, before and after" "$(cat <<EOD
0000:04:00.0 nvidia vfio-pci moved
0000:04:00.1 snd_hda_intel vfio-pci moved
0000:04:00.2 xhci_hcd vfio-pci moved
0000:04:00.3 nvidia-gpu vfio-pci moved
EOD
)" "$(devices)"
expect_eq "bind: no plan in a real run" 0 "$(q '.plan | length')"
expect_eq "bind: the tree agrees" vfio-pci \
	"$(basename "$(readlink "$tree/bus/pci/devices/0000:04:00.3/driver")")"

vt unbind --json 04:00.3
expect_eq "unbind: exit status" 0 "$rc"
expect_eq "unbind: each device back" "$(cat <<EOD
0000:04:00.0 vfio-pci nvidia moved
0000:04:00.1 vfio-pci snd_hda_intel moved
0000:04:00.2 vfio-pci xhci_hcd moved
0000:04:00.3 vfio-pci nvidia-gpu moved
EOD
)" "$(devices)"
expect_eq "unbind: from the journal" "true true true true" \
	"$(q '[.devices[].journaled] | map(tostring) | join(" ")')"
expect_eq "unbind: the journaled drivers" "nvidia snd_hda_intel xhci_hcd nvidia-gpu" \
	"$(q '[.devices[].journaled_driver] | join(" ")')"

vt unbind --json 04:00.0
expect_eq "unbind of nothing on vfio-pci: no device" "0 0" \
	"$(q '[(.devices | length), .exit_status] | map(tostring) | join(" ")')"

# --- dry runs: the plan is the text's, in its order ----------------------------
# plan_lines: the plan in the words of the text dry run.
plan_lines() {
	q '.plan[] | if .action == "load_module" then "load module \(.module)"
		elif .action == "journal" then "journal \(.path) driver=\(.driver // "") override=\(.override // "")"
		elif .value == "\n" then "write \(.path) (a newline: clears it)"
		else "write \(.path) \(.value)" end'
}
new_tree
"$VFIOTUI" --sysfs "$tree" bind --dry-run 04:00.2 | grep -E '^(journal|write|load) ' > "$TMP/text"
vt bind --dry-run --json 04:00.2
expect_eq "dry run: exit status" 0 "$rc"
expect_eq "dry run: said so" true "$(q .dry_run)"
expect_eq "dry run: 16 lines of plan" 16 "$(q '.plan | length')"
expect_eq "dry run: the text's plan, in order" "$(cat "$TMP/text")" "$(plan_lines)"
expect_eq "dry run: each device planned" "$(cat <<EOD
0000:04:00.0 nvidia vfio-pci planned
0000:04:00.1 snd_hda_intel vfio-pci planned
0000:04:00.2 xhci_hcd vfio-pci planned
0000:04:00.3 nvidia-gpu vfio-pci planned
EOD
)" "$(devices)"
expect_eq "dry run: nothing written" "" "$(cat "$tree/fake/writes.log" 2>/dev/null)"
same_words bind --dry-run 04:00.2
same_words --proc "$TMP/none" unbind --dry-run 05:00.1

"$VFIOTUI" --sysfs "$tree" unbind --dry-run 05:00.1 | grep '^write ' > "$TMP/text"
vt unbind --dry-run --json 05:00.1
expect_eq "unbind dry run: the text's plan" "$(cat "$TMP/text")" "$(plan_lines)"
expect_eq "unbind dry run: no journal, whatever probes it" \
	"0000:05:00.0 vfio-pci none planned
0000:05:00.1 vfio-pci none planned" "$(devices)"
expect_eq "unbind dry run: each write names its device" "0000:05:00.0 0000:05:00.0 0000:05:00.0 0000:05:00.1 0000:05:00.1 0000:05:00.1" \
	"$(q '[.plan[].address] | join(" ")')"

# vfio-pci not loaded: the plan loads it first; the real run stops there.
vt unbind 05:00.0
rm -r "$tree/bus/pci/drivers/vfio-pci"
vt bind --dry-run --json 04:00.0
expect_eq "not loaded: the plan loads the module first" "load_module vfio-pci" \
	"$(q '.plan[0] | "\(.action) \(.module)"')"
vt bind --json 04:00.0
expect_eq "not loaded: exit status" 1 "$rc"
expect_eq "not loaded: the failure" "no_vfio 1" \
	"$(q '[.failure.reason, .exit_status] | map(tostring) | join(" ")')"
expect_eq "not loaded: every device untouched, where it was" "$(cat <<EOD
0000:04:00.0 nvidia nvidia untouched
0000:04:00.1 snd_hda_intel snd_hda_intel untouched
0000:04:00.2 xhci_hcd xhci_hcd untouched
0000:04:00.3 nvidia-gpu nvidia-gpu untouched
EOD
)" "$(devices)"

# --- faults --------------------------------------------------------------------
new_tree
fault 0000:04:00.2 unbind EBUSY
vt bind --json 04:00.0
expect_eq "refused unbind: exit status" 1 "$rc"
expect_eq "refused unbind: still JSON, nothing on stderr" "" "$(cat "$TMP/err")"
expect_eq "refused unbind: the step and errno" "0000:04:00.2 unbind 16 Device or resource busy" \
	"$(q '.devices[] | select(.failed) | "\(.address) \(.failed.step) \(.failed.errno) \(.failed.error)"')"
expect_eq "refused unbind: the group put back, the rest untouched" "$(cat <<EOD
0000:04:00.0 nvidia nvidia put_back
0000:04:00.1 snd_hda_intel snd_hda_intel put_back
0000:04:00.2 xhci_hcd xhci_hcd put_back
0000:04:00.3 nvidia-gpu nvidia-gpu untouched
EOD
)" "$(devices)"
expect_eq "refused unbind: no run failure" null "$(q .failure)"
same_words bind 04:00.0

new_tree
fault 0000:04:00.3 probe
vt bind --json 04:00.0
expect_eq "no probe: the step" "0000:04:00.3 verify left" \
	"$(q '.devices[] | select(.failed) | "\(.address) \(.failed.step) \(.outcome)"')"
expect_eq "no probe: left on no driver, journaled" "null true nvidia-gpu" \
	"$(q '.devices[3] | [.driver_after, .journaled, .journaled_driver] | map(tostring) | join(" ")')"
rm "$tree/fake/fail/0000:04:00.3.probe"
vt restore --dry-run --json
expect_eq "restore dry run: the plan" 2 "$(q '.plan | length')"
expect_eq "restore dry run: back to the journaled driver" "0000:04:00.3 none nvidia-gpu planned" "$(devices)"
vt restore --json
expect_eq "restore: exit status" 0 "$rc"
expect_eq "restore: the command" "restore null null" \
	"$(q '[.command, .address, .group] | map(tostring) | join(" ")')"
expect_eq "restore: before and after" "0000:04:00.3 none nvidia-gpu moved" "$(devices)"
vt restore --json
expect_eq "restore of nothing: no device, exit 0" "0 0" \
	"$(q '[(.devices | length), .exit_status] | map(tostring) | join(" ")')"

new_tree
fault 0000:04:00.1 vanish-after-unbind
vt bind --json 04:00.0
expect_eq "vanished: the step and errno" "drivers_probe 19" \
	"$(q '.devices[1].failed | "\(.step) \(.errno)"')"
expect_eq "vanished: left, gone" "left true null" \
	"$(q '.devices[1] | [.outcome, .vanished, .driver_after] | map(tostring) | join(" ")')"
expect_eq "vanished: the GPU put back" "put_back nvidia" \
	"$(q '.devices[0] | "\(.outcome) \(.driver_after)"')"
vt restore --json
expect_eq "restore of a device that is gone: exit status" 1 "$rc"
expect_eq "restore of a device that is gone: not on the bus" "0000:04:00.1 not_on_bus true" \
	"$(q '.devices[] | "\(.address) \(.outcome) \(.vanished)"')"

# --- what stops a run before any device ----------------------------------------
new_tree
vt bind --json 0a:00.0
expect_eq "no such device: exit status" 1 "$rc"
expect_eq "no such device: the failure" "no_device 0000:0a:00.0 null" \
	"$(q '[.failure.reason, .address, .group] | map(tostring) | join(" ")')"
expect_eq "no such device: nothing on stderr" "" "$(cat "$TMP/err")"
vt unbind --json 00:00.0
expect_eq "no group: the failure" "no_group 1" \
	"$(q '[.failure.reason, .exit_status] | map(tostring) | join(" ")')"
vt bind --json 03:00.0
expect_eq "the boot GPU: refused" "refused 1" \
	"$(q '[.failure.reason, .exit_status] | map(tostring) | join(" ")')"
expect_eq "the boot GPU: why" "0000:03:00.0 refused boot_vga" \
	"$(q '.devices[0] | "\(.address) \(.outcome) \(.refused | join(","))"')"
expect_eq "the boot GPU: its audio untouched" "untouched" "$(q '.devices[1].outcome')"
vt bind --dry-run --json 04:00.0
expect_eq "the RTX's USB-C: a warning, no refusal" "0000:04:00.2 usb planned" \
	"$(q '.devices[] | select(.warnings != []) | "\(.address) \(.warnings | join(",")) \(.outcome)"')"

mkdir -p "$TMP/proc/5150/fd"
echo qemu-system-x86 > "$TMP/proc/5150/comm"
ln -s /dev/vfio/18 "$TMP/proc/5150/fd/31"
vt --proc "$TMP/proc" unbind --json 05:00.0
expect_eq "a guest holds the group: refused" "refused 18" \
	"$(q '"\(.failure.reason) \(.group)"')"
expect_eq "a guest holds the group: who" "qemu-system-x86 (5150)" "$(q .group_holders)"
same_words --proc "$TMP/proc" unbind 05:00.0
same_words --proc "$TMP/proc" bind 05:00.0
same_words bind 03:00.0
same_words bind 0a:00.0
same_words unbind 00:00.0

# The runtime dir is a file: before any result, a line on stderr.
rm -rf "$TMP/run"
mkdir -p "$TMP/run"
: > "$TMP/run/vfiotui"
vt bind --json 04:00.0
expect_eq "no runtime dir: exit status" 1 "$rc"
expect_eq "no runtime dir: no JSON" "" "$(cat "$TMP/out.json")"
expect_match "no runtime dir: the line it was" "^vfiotui: bind: the runtime dir .* is not a directory; nothing was changed$" \
	"$(cat "$TMP/err")"
rm "$TMP/run/vfiotui"

# --- answers that are no result ----------------------------------------------
# answer WHAT TEXT REGEX: the dashboard's reading of TEXT says REGEX.
answer() {
	printf '%s' "$2" | "$BINDJSON" > /dev/null 2> "$TMP/err"
	expect_eq "$1: not read" 3 "$?"
	expect_match "$1: says why" "^bindjson: $3$" "$(cat "$TMP/err")"
}
answer "nothing" "" "no JSON in its answer, nor anything else"
answer "an older vfiotui's no" \
	"vfiotui: bind: unexpected argument '--json' (try 'vfiotui --help')
" "no JSON in its answer: vfiotui: bind: unexpected argument '--json' \(try 'vfiotui --help'\)"
vt bind --json --dry-run 04:00.0
answer "cut short" "$(head -c 300 "$TMP/out.json")" "its JSON ends early"
answer "not an object" "[1]" "no JSON in its answer: \[1\]"
answer "not JSON" '{"command": bind}' "its JSON does not parse: .*"
answer "not a bind result" '{"command": "bind", "exit_status": 1}' "no devices"
answer "an outcome there is none of" \
	'{"command": "bind", "exit_status": 1, "devices": [{"address": "0000:04:00.0", "outcome": "teleported"}]}' \
	"outcome: no such value 'teleported'"
answer "a driver that is no string" \
	'{"command": "bind", "exit_status": 1, "devices": [{"address": "0000:04:00.0", "outcome": "moved", "driver_after": 7}]}' \
	"driver_after is not a string"
printf 'libkmod: ERROR: a complaint on stderr\n%s\n' "$(cat "$TMP/out.json")" |
	"$BINDJSON" > "$TMP/again.json"
expect_eq "a line before the JSON: read past it" "$(jq -S . "$TMP/out.json")" \
	"$(jq -S . "$TMP/again.json")"

# Not root, on a tree root owns: the write is refused, and the hint says why.
nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}
if command -v setpriv >/dev/null && [ "$(id -u)" -eq 0 ] &&
	nobody "$VFIOTUI" --version >/dev/null 2>&1; then
	new_tree
	chmod -R a+rX "$TMP"
	mkdir -m 700 "$TMP/nobody-run"
	chown 65534:65534 "$TMP/nobody-run"
	XDG_RUNTIME_DIR=$TMP/nobody-run nobody "$VFIOTUI" --sysfs "$tree" \
		bind --json 04:00.0 > "$TMP/out.json" 2> "$TMP/err"
	expect_eq "not root: exit status" 1 "$?"
	expect_eq "not root: the step, errno and hint" "driver_override 13 run_as_root" \
		"$(q '.devices[0] | "\(.failed.step) \(.failed.errno) \(.hint)"')"
	# The refused override changed nothing: no journal entry, and the
	# text says nothing needs restoring.
	expect_eq "not root: no journal entry left" "" \
		"$(ls -A "$TMP/nobody-run/vfiotui/journal" 2>/dev/null)"
	XDG_RUNTIME_DIR=$TMP/nobody-run nobody "$VFIOTUI" --sysfs "$tree" \
		bind 04:00.0 > "$TMP/out" 2> "$TMP/err"
	expect_eq "not root, text: exit status" 1 "$?"
	expect_match "not root, text: the refused write" \
		'^vfiotui: 0000:04:00\.0: writing driver_override failed: Permission denied' \
		"$(cat "$TMP/err")"
	expect_match "not root, text: nothing to restore" \
		'^vfiotui: bind: every device is as it was: nothing to restore$' \
		"$(cat "$TMP/err")"
	expect_no_match "not root, text: no restore offered" 'left on|vfiotui restore' \
		"$(cat "$TMP/err")"
	expect_eq "not root, text: still no journal entry" "" \
		"$(ls -A "$TMP/nobody-run/vfiotui/journal" 2>/dev/null)"
fi

finish
