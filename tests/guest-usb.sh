#!/bin/bash
# USB with the real QEMU: the host's devices from a --sysfs tree's
# bus/usb/devices (a Logitech receiver with usbhid, a hub left out with
# the root hubs and interfaces); an emulated usb-tablet plugged into a
# running guest (device_add, as for a host device) shows in the guest's
# list and leaves on detach once QEMU says DEVICE_DELETED; a VID:PID the
# host lacks is refused before QEMU is asked; a profile's usb line goes
# on the guest's controller at start.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu

tree=$(fixture clevo-p650hp6 --no-config)
usb_receiver "$tree"

tiny_profile u
out=$(vf --sysfs "$tree" guest usb u list)
expect_eq "list: exit status" 0 "$?"
expect_match "list: the receiver, with its driver" "^  1-2 +046d:c52b  Logitech USB Receiver \(usbhid\)$" "$out"
expect_no_match "list: no root hub" "1d6b" "$out"
expect_match "list: the guest is not running" "^the guest's: none \(it is not running\)$" "$out"

vf guest start u >/dev/null
guest_watch u
out=$(vf --sysfs "$tree" guest usb u attach usb-tablet)
expect_eq "attach: exit status" 0 "$?"
expect_eq "attach: says so" "guest u: usb-tablet attached (id usb-tablet)" "$out"
expect_match "the guest has it" "QEMU USB Tablet, ID: usb-tablet" "$(vf --sysfs "$tree" guest usb u list)"
out=$(vf guest usb u detach usb-tablet)
expect_eq "detach: exit status" 0 "$?"
expect_eq "detach: once the guest let it go" "guest u: usb-tablet detached (the guest let it go)" "$out"
expect_no_match "the guest has it no more" "usb-tablet" "$(vf --sysfs "$tree" guest usb u list | sed -n '/^the guest/,$p')"
vf --sysfs "$tree" guest usb u attach 1234:5678 >"$TMP/out" 2>"$TMP/err"
expect_eq "a device the host lacks: refused" 1 "$?"
expect_eq "says where to look" "vfiotui: guest usb: no USB device 1234:5678 on this host (vfiotui guest usb NAME list shows them)" "$(cat "$TMP/err")"
vf guest usb u attach receiver >/dev/null 2>&1
expect_eq "not an id: usage" 2 "$?"
vf guest kill u >/dev/null
gone "$GUEST_PID"

tiny_profile withusb "usb = 046d:c52b"
expect_match "usb = at start: on the guest's controller" \
	"^usb-host,bus=xhci\.0,vendorid=0x046d,productid=0xc52b,id=usb-046d-c52b$" \
	"$(vf guest start --print withusb)"
printf 'usb = mouse\n' >"$GUESTS/bad.conf"
vf guest start --print bad >/dev/null 2>"$TMP/err"
expect_eq "usb = not an id: the profile's error" 2 "$?"
expect_match "says the line" "bad\.conf:1: usb: expected VID:PID" "$(cat "$TMP/err")"

finish
