#!/bin/bash
# The Guests pane's newer keys with the real QEMU (tmux, the reference
# laptop's fixture for the host): the serial console's last lines in the
# detail; v starts the viewer (a stand-in on PATH) on the guest's screen
# socket; o puts the running guests first; n and N go round the filter's
# matches; + (its form, named and written at once) writes a new guest's
# profile from the machine and shows it.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu

boot_serial_image "$TMP/serial.img"
profile aaa "machine = q35" "accel = tcg" "memory = 128M" "cpus = 1" \
	"firmware = seabios" "network = none" "display = none"
profile bar "machine = q35" "firmware = seabios"
profile zed "machine = q35" "accel = tcg" "memory = 128M" "cpus = 1" \
	"firmware = seabios" "network = none" "display = vnc" \
	"disk = $TMP/serial.img format=raw"
vf guest start zed >/dev/null
guest_watch zed
wait_file_match "$GUEST_RUN/zed/console.log" "serial console ok" 30 ||
	fail "the guest wrote nothing to its console"

mkdir -p "$TMP/bin"
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >%s/viewer.args\n' "$TMP" >"$TMP/bin/remote-viewer"
chmod +x "$TMP/bin/remote-viewer"
tree=$(fixture clevo-p650hp6 --no-config)
TUI_ENV="PATH=$TMP/bin:$PATH"
tui_start 120 40 --sysfs "$tree"
tui_keys 3
tui_expect "the guests by name" '^> aaa +stopped'
tui_keys o
tui_expect "o: the running one first, the cursor kept on its guest" \
	'^  zed +running'
first=$(tui_screen | grep -E '^[> ] (aaa|zed) ' | head -1)
expect_match "zed is the first row" '^  zed ' "$first"
tui_expect "and says so" 'Guests: running ones first \(o: by name\)'
tui_keys Home
tui_expect "Home: the first row, zed" '^> zed +running'
tui_expect "the console's last line in the detail" '^  Console: vfiotui serial console ok$'
tui_keys v
wait_file_match "$TMP/viewer.args" . 10 || fail "the viewer did not run"
expect_eq "v: the viewer got the screen's socket" "vnc+unix://$GUEST_RUN/zed/screen.sock" "$(cat "$TMP/viewer.args")"
tui_keys L
tui_expect "and the log says what started" "zed: remote-viewer vnc\+unix://"
tui_keys Escape
tui_keys o
tui_expect "o again: by name" 'Guests: by name \(o: running ones first\)'
tui_keys / a Enter
tui_keys Home n
tui_expect "n: the next name with an a" '^> bar '
tui_keys n
tui_expect "n round the end" '^> aaa '
tui_keys Escape
tui_keys +
tui_expect "+ opens the form" 'A new guest from this machine'
tui_keys fresh C-x
tui_expect "the profile shown" 'pci = 01:00\.0 x-pci-sub-vendor-id=0x1558'
expect_eq "and written" yes "$(test -f "$GUESTS/fresh.conf" && echo yes)"
tui_keys Escape
tui_expect "the new guest in the list" '^[> ] fresh +stopped'
tui_keys q
expect_eq "q exits with status 0" 0 "$(tui_exit_status)"
finish
