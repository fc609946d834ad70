#!/bin/bash
# U in the Guests pane with the real QEMU (tmux; the host's USB devices
# from a --sysfs tree's bus/usb/devices, as guestlib.sh's usb_receiver
# makes it: a Logitech receiver whose interface is a boot keyboard on
# usbhid): the detail's USB line, asked of QEMU; the list of the host's
# devices and QEMU's emulated ones with who has each; Enter attaches the
# emulated tablet, which the detail and QEMU's own list then show; Enter
# on it again, and a yes, detaches it once QEMU says DEVICE_DELETED;
# Enter on the receiver warns that the host's keyboard goes with it, and
# a yes after the receiver was unplugged is refused in full on the
# status bar and in the log.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu

tree=$(fixture clevo-p650hp6 --no-config)
usb_receiver "$tree"
usb=$tree/bus/usb/devices
# Its interface is a keyboard in the boot protocol.
printf '03\n' >"$usb/1-2:1.0/bInterfaceClass"
printf '01\n' >"$usb/1-2:1.0/bInterfaceProtocol"

tiny_profile u
vf guest start u >/dev/null
guest_watch u
tui_start 120 40 --sysfs "$tree"
tui_keys 3
tui_expect "the guest runs" '^> u +(running|prelaunch)'
tui_expect "the detail asks QEMU for its USB devices: none yet" \
	'^  USB \(U\): none$'
tui_keys C-l
tui_expect "the footer names the key" 'a attach  U usb  S snap  P shot +\? help'
tui_keys U
tui_expect "U: the list, about the guest" 'USB devices for u \(\* attached to it\)'
tui_expect "the receiver, its ids, bus path and the host's driver" \
	'>  1-2 +046d:c52b  Logitech USB Receiver +host: usbhid'
tui_expect "QEMU's emulated tablet, free" '   qemu +usb-tablet  QEMU.s emulated tablet +free'
expect_no_match "no root hub" "1d6b" "$(tui_screen)"
tui_keys Down
tui_expect "Down: the cursor on the tablet" '>  qemu +usb-tablet'
tui_keys Enter
tui_expect "Enter: attached, on the status bar" \
	"u: QEMU.s emulated tablet \(usb-tablet\) attached"
tui_expect "the detail lists it" '^  USB \(U\): QEMU USB Tablet \(usb-tablet\)$'
expect_match "QEMU has it" "QEMU USB Tablet, ID: usb-tablet" \
	"$(vf --sysfs "$tree" guest usb u list)"

tui_keys U
tui_expect "U again: the tablet marked as the guest's" \
	' \* qemu +usb-tablet  QEMU.s emulated tablet +guest u'
tui_keys Down Enter
tui_expect "Enter on it: a detach, asked first" \
	"Detach QEMU.s emulated tablet \(usb-tablet\) from u\?"
tui_keys y
tui_expect "detached once QEMU said so" \
	"u: QEMU.s emulated tablet \(usb-tablet\) detached \(the guest let it go\)"
tui_expect "the detail has none" '^  USB \(U\): none$'
expect_no_match "QEMU has it no more" "usb-tablet" \
	"$(vf --sysfs "$tree" guest usb u list | sed -n '/^the guest/,$p')"

tui_keys U
tui_expect "U: the list once more" '>  1-2 +046d:c52b'
tui_keys Enter
tui_expect "the receiver is the host's keyboard: a warning first" \
	"the host.s keyboard will stop working until it is detached"
rm -rf "$usb/1-2" "$usb/1-2:1.0"
tui_keys y
tui_expect "unplugged meanwhile: refused" \
	"u: could not attach Logitech USB Receiver \(046d:c52b, bus path 1-2\): no USB device"
tui_keys L
tui_expect "the log has the refusal whole" \
	"u: could not attach Logitech USB Receiver \(046d:c52b, bus path 1-2\): no USB device 046d:c52b on this host +│$"
tui_expect "to its last words" '^│   \(vfiotui guest usb NAME list shows them\) +│$'
tui_keys Escape q
expect_eq "q exits with status 0" 0 "$(tui_exit_status)"
vf guest kill u >/dev/null
gone "$GUEST_PID"
finish
