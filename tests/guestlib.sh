# Shared by the guest tests: a private config, runtime and state dir, tiny
# profiles, and QEMU that never outlives the test.  Sourced after lib.sh.

export XDG_CONFIG_HOME="$TMP/cfg" XDG_RUNTIME_DIR="$TMP/run"
export XDG_STATE_HOME="$TMP/state" HOME="$TMP/home"
GUESTS="$XDG_CONFIG_HOME/vfiotui/guests"
GUEST_RUN="$XDG_RUNTIME_DIR/vfiotui/guests"
GUEST_STATE="$XDG_STATE_HOME/vfiotui/guests"
SHARE_GUESTS="$(dirname "$TESTLIB")/../share/guests"
mkdir -p "$GUESTS" "$XDG_RUNTIME_DIR" "$HOME"
chmod 700 "$XDG_RUNTIME_DIR"

need_qemu() {
	command -v qemu-system-x86_64 >/dev/null ||
		skip "qemu-system-x86_64 is not installed"
}

# profile NAME LINE...: writes guest NAME's profile.
profile() {
	local name=$1
	shift
	printf '%s\n' "$@" > "$GUESTS/$name.conf"
}

# tiny_profile NAME [LINE...]: TCG, 128 MiB, no firmware file (SeaBIOS,
# since OVMF boots slowly under TCG), no disk, no display, no network.
tiny_profile() {
	local name=$1
	shift
	profile "$name" "machine = q35" "accel = tcg" "memory = 128M" \
		"cpus = 1" "firmware = seabios" "display = none" \
		"network = none" "$@"
}

# vf ARGS...: vfiotui, which must answer within 30 s.
vf() {
	timeout 30 "$VFIOTUI" "$@"
}

# guest_watch NAME: once guest NAME's QEMU runs, it is killed by pid when
# the test ends, and after 120 s whatever happens (QEMU daemonizes, so a
# watchdog is its timeout).  Sets GUEST_PID (not a $(...): at_exit must
# run in the test's own shell).
guest_watch() {
	GUEST_PID=$(cat "$GUEST_RUN/$1/pid" 2>/dev/null) || return 1
	at_exit "kill -9 $GUEST_PID"
	(timeout 120 tail --pid="$GUEST_PID" -f /dev/null ||
		kill -9 "$GUEST_PID") >/dev/null 2>&1 &
	at_exit "kill $!"
}

# alive PID: yes when PID runs (a zombie has exited: the daemonized QEMU's
# parent is init, which may be slow to reap it, or, in a container, never).
alive() {
	local state
	state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)
	case $state in
	"" | Z | X) echo no ;;
	*) echo yes ;;
	esac
}

# gone PID: waits up to 10 s for PID to exit.
gone() {
	local deadline=$((SECONDS + 10))
	while [ "$(alive "$1")" = yes ] && [ "$SECONDS" -le "$deadline" ]; do
		sleep 0.1
	done
}

# boot_image FILE CODE: a boot sector of CODE (printf escapes) with its
# 55 aa signature at 510, padded to 1 MiB (SeaBIOS boots no 512-byte
# disk), as a disk QEMU boots from.
boot_image() {
	printf "$2" >"$1"
	truncate -s 510 "$1"
	printf '\x55\xaa' >>"$1"
	truncate -s 1M "$1"
}

# snapshot_guest: what the snapshot tests need (qemu-img, socat), and
# guest "snap" on a qcow2 disk whose boot sector counts in memory at
# 0x500 ($TMP/count.img, raw; $TMP/count.qcow2, its disk).
snapshot_guest() {
	command -v qemu-img >/dev/null ||
		skip "qemu-img is not installed (qemu-utils)"
	command -v socat >/dev/null || skip "socat is not installed"
	# xor ax,ax; mov ds,ax; again: inc dword [0x500]; jmp again
	boot_image "$TMP/count.img" \
		'\x31\xc0\x8e\xd8\x66\xff\x06\x00\x05\xeb\xf9'
	qemu-img convert -O qcow2 "$TMP/count.img" "$TMP/count.qcow2"
	tiny_profile snap "disk = $TMP/count.qcow2"
}

# snapshot_counter: the counting guest's counter, read through QEMU's
# monitor on guest snap's control socket.
snapshot_counter() {
	printf '%s\n' '{"execute":"qmp_capabilities"}' \
		'{"execute":"human-monitor-command","arguments":{"command-line":"xp /1wx 0x500"}}' |
		timeout 10 socat -t 2 - UNIX-CONNECT:"$GUEST_RUN/snap/ctl.sock" |
		sed -n 's/.*0000000000000500: \(0x[0-9a-f]*\).*/\1/p'
}

# snapshot_tags: the snapshot tags qemu-img lists for its disk, sorted.
snapshot_tags() {
	qemu-img snapshot -U -l "$TMP/count.qcow2" | awk 'NR > 2 { print $2 }' | sort | tr '\n' ' '
}

# spin_and_halt_guests: guest "spin", whose boot sector spins its vCPU
# near 100%, and "halt", whose halts it near 0.
spin_and_halt_guests() {
	boot_image "$TMP/spin.img" '\xeb\xfe'		# jmp $
	boot_image "$TMP/halt.img" '\xfa\xf4\xeb\xfd'	# cli; hlt; jmp back
	tiny_profile spin "disk = $TMP/spin.img format=raw"
	tiny_profile halt "disk = $TMP/halt.img format=raw"
}

# boot_serial_image FILE: a boot sector that writes "vfiotui serial
# console ok" to COM1 (0x3f8), then echoes back every byte COM1
# receives, padded to 1 MiB, as a disk QEMU boots from.
boot_serial_image() {
	# cli; cld; ds=0; si=msg; dx=0x3f8; print: lodsb, out until NUL;
	# echo: wait for LSR (0x3fd) bit 0, in al,0x3f8, out 0x3f8, again.
	boot_image "$1" '\xfa\xfc\x31\xc0\x8e\xd8\xbe\x23\x7c\xba\xf8\x03\xac\x84\xc0\x74\x03\xee\xeb\xf8\xba\xfd\x03\xec\xa8\x01\x74\xfb\xba\xf8\x03\xec\xee\xeb\xf1vfiotui serial console ok\r\n\0'
}

# qemu_of_test: the pids of QEMUs started with this test's files.
qemu_of_test() {
	local pid
	for pid in $(pgrep -f "qemu-system-x86_64 .*$XDG_RUNTIME_DIR"); do
		[ "$(alive "$pid")" = yes ] && echo "$pid"
	done
}

# boot_poweroff_image FILE: a boot sector that writes 0x2000 to the ICH9
# ACPI PM1 control port 0x604 (sleep type 5, enable: power off), padded
# to 1 MiB, as a disk QEMU boots from.
boot_poweroff_image() {
	# mov dx,0x604; mov ax,0x2000; out dx,ax; hlt; jmp $
	boot_image "$1" '\xba\x04\x06\xb8\x00\x20\xef\xf4\xeb\xfe'
}

# usb_receiver TREE: a USB tree under the sysfs fixture TREE, as
# bus/usb/devices shows one: a root hub, and at 1-2 a Logitech receiver
# whose interface 1-2:1.0 is on usbhid.
usb_receiver() {
	local usb=$1/bus/usb/devices
	mkdir -p "$usb/usb1" "$usb/1-2" "$usb/1-2:1.0" \
		"$1/bus/usb/drivers/usbhid"
	printf '046d\n' >"$usb/1-2/idVendor"
	printf 'c52b\n' >"$usb/1-2/idProduct"
	printf 'Logitech\n' >"$usb/1-2/manufacturer"
	printf 'USB Receiver\n' >"$usb/1-2/product"
	printf '1\n' >"$usb/1-2/busnum"
	printf '3\n' >"$usb/1-2/devnum"
	ln -s ../../../bus/usb/drivers/usbhid "$usb/1-2:1.0/driver"
	printf '1d6b\n' >"$usb/usb1/idVendor"
}
