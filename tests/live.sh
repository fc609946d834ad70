#!/bin/bash
# Live updates through libudev's real monitor: tests/fakekernel changes the
# reference laptop's tree in a umockdev testbed and sends the uevents the
# kernel would; `vfiotui watch` and the TUI must follow.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

tree=$(fixture clevo-p650hp6 --no-config)
fk_start "$tree"
stamp='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} '

# --- watch, text ---------------------------------------------------------
fk_mark
"${UMOCKDEV_ENV[@]}" "$VFIOTUI" watch > "$TMP/watch.out" 2> "$TMP/watch.err" &
watch_pid=$!
at_exit "kill $watch_pid"
fk_wait_listener
# vfiotui reads sysfs when a uevent comes, so each step is awaited: an
# unbind read after the bind that followed it would find the new driver.
fk unbind 0000:01:00.0
expect_file_match "unbind seen" "$TMP/watch.out" "${stamp}01:00\.0 driver vfio-pci -> none$"
fk bind 0000:01:00.0 nvidia
expect_file_match "bind seen" "$TMP/watch.out" "${stamp}01:00\.0 driver none -> nvidia$"
# Runtime PM sends no uevent: the power timer (1 s) must find it.
fk set 0000:01:00.0 power/runtime_status suspended
expect_file_match "runtime suspend seen without a uevent" "$TMP/watch.out" \
	"${stamp}01:00\.0 power active -> suspended$" 3
fk set 0000:01:00.0 power_state D3cold
expect_file_match "D3cold seen" "$TMP/watch.out" \
	"${stamp}01:00\.0 power_state D0 -> D3cold$" 3
fk remove 0000:01:00.0
expect_file_match "hot removal" "$TMP/watch.out" "${stamp}01:00\.0 remove$"
fk add 0000:01:00.0
expect_file_match "rescan brings it back" "$TMP/watch.out" "${stamp}01:00\.0 add$"
# A change that is not the GPU's: the audio controller loses its driver.
fk unbind 0000:00:1f.3
expect_file_match "another device" "$TMP/watch.out" "${stamp}00:1f\.3 driver snd_hda_intel -> none$"
kill -TERM "$watch_pid"
wait "$watch_pid"
expect_eq "watch ends with 0 on SIGTERM" 0 "$?"
expect_eq "watch says nothing on stderr with udev live" "" "$(cat "$TMP/watch.err")"
expect_eq "every line is one change" 7 "$(wc -l < "$TMP/watch.out")"

# --- watch --json ----------------------------------------------------------
if command -v jq >/dev/null; then
	fk_mark
	"${UMOCKDEV_ENV[@]}" "$VFIOTUI" watch --json > "$TMP/watch.json" &
	json_pid=$!
	at_exit "kill $json_pid"
	fk_wait_listener
	fk bind 0000:00:1f.3 snd_hda_intel
	expect_file_match "a JSON line" "$TMP/watch.json" '"event":"driver"'
	kill -TERM "$json_pid"
	wait "$json_pid"
	expect_eq "JSON fields" "0000:00:1f.3 driver null snd_hda_intel" \
		"$(jq -r '[.address, .event, .old, .new] | map(tostring) | join(" ")' "$TMP/watch.json")"
	expect_match "JSON time" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' \
		"$(jq -r .time "$TMP/watch.json")"
fi

# --- the TUI ---------------------------------------------------------------
fk_mark
tui_start 120 40
fk_wait_listener
tui_expect "the GPU as the tree has it now" \
	'^  01:00\.0 +VGA compatible controller +NVIDIA .* nvidia +D3cold ff *$'
expect_no_match "udev is live: no fallback in the status bar" 're-reading' "$(tui_screen)"
tui_expect "group 1 is not viable with nvidia" '^IOMMU Group 1 \(2 devices\) +not viable: 1 held by host drivers'

fk unbind 0000:01:00.0
tui_expect "unbound" '^\* 01:00\.0 +VGA .* - +D3cold ff *$'
fk bind 0000:01:00.0 vfio-pci
tui_expect "the row follows the driver, marked" \
	'^\* 01:00\.0 +VGA compatible controller +NVIDIA .* vfio-pci +D3cold ff *$'
tui_expect "group 1 viable again" '^IOMMU Group 1 \(2 devices\) +viable for VFIO'
tui_expect "the mark goes after a moment" '^  01:00\.0 +VGA .* vfio-pci ' 4

# Power: the pane reads the GPU's power on its timer while it is shown.
fk set 0000:01:00.0 power_state D0
fk set 0000:01:00.0 power/runtime_status active
tui_expect "power follows within the refresh period" \
	'^\* 01:00\.0 +VGA .* vfio-pci +D0 *$' 3

# Hot removal and rescan; the cursor stays on its device.
tui_keys End
tui_expect "cursor on the iGPU" '^> 00:02\.0 '
fk remove 0000:01:00.0
tui_expect "the GPU leaves its group" '^IOMMU Group 1 \(1 device\)'
expect_no_match "no GPU row" '01:00\.0 +VGA' "$(tui_screen)"
expect_match "cursor still on the iGPU" '^> 00:02\.0 ' "$(tui_screen)"
fk add 0000:01:00.0
tui_expect "the GPU is back" '^\* 01:00\.0 +VGA'
tui_expect "in group 1" '^IOMMU Group 1 \(2 devices\)'
tui_keys q
expect_eq "the TUI quits with 0" 0 "$(tui_exit_status)"

finish
