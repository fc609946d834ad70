#!/bin/bash
# vfiotui must never open a device's config file: on a real machine that
# read wakes a runtime-suspended GPU.  strace every open of every command,
# on a tree that does have config files, and of the TUI too.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

command -v strace >/dev/null || skip "strace is not installed"
strace -f -o /dev/null true 2>/dev/null || skip "strace cannot trace here"

# LeakSanitizer cannot run under ptrace; the sanitizer build still checks
# memory errors here, and leaks in the other tests.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

tree=$(fixture desktop-2gpu)
[ -f "$tree/bus/pci/devices/0000:05:00.0/config" ] ||
	fail "the fixture should have config files for this test to mean anything"

# Relative (openat on a directory fd) or absolute, any open of "config".
config_open='"([^"]*/)?config"'

traced() {
	local log=$TMP/trace.$1
	shift
	strace -f -qq -e trace=open,openat,openat2 -o "$log" "$@" >/dev/null 2>&1
	printf '%s\n' "$log"
}

for cmd in "list" "list --json" "show 05:00.0" "show 0000:04:00.0" "check" \
    "check 0000:05:00.0"; do
	# shellcheck disable=SC2086
	log=$(traced "${cmd// /_}" "$VFIOTUI" --sysfs "$tree" $cmd)
	expect_match "$cmd reads the tree" 'bus/pci/devices' "$(cat "$log")"
	expect_match "$cmd reads attributes" '"(.*/)?(modalias|revision)"' "$(cat "$log")"
	expect_no_match "$cmd opens no config file" "$config_open" "$(cat "$log")"
done

# The TUI, moved across every device.
log=$TMP/trace.tui
tui_run 100 30 strace -f -qq -e trace=open,openat,openat2 -o "$log" \
	"$VFIOTUI" --sysfs "$tree"
tui_expect "the TUI came up" '^IOMMU Group 0 '
tui_keys End
tui_keys Home
tui_keys j j j j
tui_keys q
expect_eq "the TUI quit" 0 "$(tui_exit_status)"
expect_match "the TUI read device attributes" '"power/runtime_status"' \
	"$(cat "$log")"
# The dashboard's own settings file, ~/.config/vfiotui/config, is no device's.
expect_no_match "the TUI opened no config file" "$config_open" \
	"$(grep -v '/vfiotui/config"' "$log")"

# Monitoring: `watch` under the fake kernel, with uevents and the GPU power
# timer running for a few rounds, on a tree that has config files.
if [ -x "${FAKEKERNEL:-}" ] && command -v umockdev-wrapper >/dev/null; then
	fk_start "$tree"
	fk_mark
	"${UMOCKDEV_ENV[@]}" strace -f -qq -e trace=open,openat,openat2 \
		-o "$TMP/trace.watch" "$VFIOTUI" watch > "$TMP/watch.out" &
	watch_pid=$!
	at_exit "kill $watch_pid"
	fk_wait_listener
	fk unbind 0000:04:00.0
	fk set 0000:05:00.0 power/runtime_status active
	fk set 0000:05:00.0 power_state D0
	expect_file_match "watch saw the wake-up" "$TMP/watch.out" \
		'05:00\.0 power_state D3cold -> D0' 3
	sleep 1.2	# one more round of the power timer
	# strace passes no SIGTERM on: stop vfiotui, its child.
	pkill -TERM -P "$watch_pid"
	wait "$watch_pid"
	log=$(cat "$TMP/trace.watch")
	expect_match "the timer read power attributes" '"power/runtime_status"' "$log"
	expect_no_match "monitoring opened no config file" "$config_open" "$log"
fi

finish
