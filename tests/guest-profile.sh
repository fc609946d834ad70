#!/bin/bash
# Guest profiles: the reference laptop's QEMU command line argument by
# argument, and bad profiles refused with one line naming file and line,
# with no QEMU started.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"

# --- the reference laptop's Windows 10 guest ------------------------------
cp "$SHARE_GUESTS/win10.conf" "$GUESTS/"
mkdir -p "$HOME/virt/drivers/windows"
mapfile -t got < <(vf guest start win10 --print)
want=(
	qemu-system-x86_64
	-name win10
	-machine q35,accel=kvm
	-cpu host,kvm=off,hv_vendor_id=0123456789ab
	-m 8192
	-smp 4
	-nodefaults
	-drive file=/usr/share/OVMF/OVMF_CODE.fd,if=pflash,format=raw,readonly=on
	-drive "file=$GUEST_STATE/win10/OVMF_VARS.fd,if=pflash,format=raw"
	-drive file=/dev/mapper/LINUX-VM,format=raw,if=virtio
	-drive "file=$HOME/virt/resources/Win10_22H2_English_x64.iso,media=cdrom"
	-drive "file=$HOME/virt/resources/virtio-win.iso,media=cdrom"
	-drive "file=$GUEST_STATE/win10/cdrom2.iso,media=cdrom"
	-device pcie-root-port,id=rp1,chassis=1,slot=1
	-device "vfio-pci,host=0000:01:00.0,bus=rp1,addr=00.0,multifunction=on,romfile=$HOME/virt/clevo-p650hp6/GP106-mshybrid.rom,x-pci-sub-vendor-id=0x1558,x-pci-sub-device-id=0x65a1,id=hostdev0"
	-netdev "vde,id=net0,sock=$XDG_RUNTIME_DIR/vfiotui/net/switch"
	-device virtio-net-pci,netdev=net0,mac=52:54:00:10:60:01
	-spice port=5900,addr=127.0.0.1,disable-ticketing=on
	-device qxl-vga
	-rtc base=localtime
	-usb -device usb-tablet
	-device qemu-xhci,id=xhci
	-chardev "socket,id=serial0,path=$GUEST_RUN/win10/serial.sock,server=on,wait=off,logfile=$GUEST_RUN/win10/console.log"
	-serial chardev:serial0
	-qmp "unix:$GUEST_RUN/win10/qmp.sock,server=on,wait=off"
	-qmp "unix:$GUEST_RUN/win10/ctl.sock,server=on,wait=off"
	-qmp "unix:$GUEST_RUN/win10/attach.sock,server=on,wait=off"
	-pidfile "$GUEST_RUN/win10/pid"
	-daemonize
	-D "$GUEST_RUN/win10/qemu.log"
)
expect_eq "--print: as many arguments as expected" "${#want[@]}" "${#got[@]}"
for i in "${!want[@]}"; do
	expect_eq "--print: argument $i" "${want[$i]}" "${got[$i]:-}"
done
expect_eq "--print made no state dir" no "$(test -e "$GUEST_STATE" && echo yes || echo no)"
expect_eq "--print made no runtime dir" no "$(test -e "$GUEST_RUN" && echo yes || echo no)"

# "network = vde" is the switch net.conf names.
printf 'socket = %s\n' "$TMP/sw" > "$XDG_CONFIG_HOME/vfiotui/net.conf"
expect_match "vde: net.conf's switch" "^vde,id=net0,sock=$TMP/sw$" \
	"$(vf guest start win10 --print)"
printf 'bogus = 1\n' > "$XDG_CONFIG_HOME/vfiotui/net.conf"
vf guest start win10 --print > /dev/null 2> "$TMP/err"
expect_match "vde: a bad net.conf says so" \
	"^vfiotui: guest win10: network = vde: $XDG_CONFIG_HOME/vfiotui/net\.conf:1: " \
	"$(cat "$TMP/err")"
rm "$XDG_CONFIG_HOME/vfiotui/net.conf"

# A second slot function shares the first's root port, and function 0 is
# then multifunction (QEMU refuses function 1 beside a single-function
# device: seen on the real kernel, tests/vm/passthrough.vm); another slot
# gets its own; a comma in a path is doubled for QEMU.
profile two "pci = 01:00.0" "pci = 02:00.0" "pci = 01:00.1 romfile=/a,b.rom" \
	"firmware = seabios"
got=$(vf guest start two --print | grep -A1 -x -- -device | grep -v -x -- -device | grep -v -x -- --)
expect_eq "root ports and functions" "pcie-root-port,id=rp1,chassis=1,slot=1
vfio-pci,host=0000:01:00.0,bus=rp1,addr=00.0,multifunction=on,id=hostdev0
pcie-root-port,id=rp2,chassis=2,slot=2
vfio-pci,host=0000:02:00.0,bus=rp2,addr=00.0,id=hostdev1
vfio-pci,host=0000:01:00.1,bus=rp1,addr=00.1,romfile=/a,,b.rom,id=hostdev2
qemu-xhci,id=xhci" "$got"

# Hugepages: all of the guest's memory from hugetlbfs, up front.
profile huge "memory = 2G" "hugepages = yes" "firmware = seabios"
got=$(vf guest start huge --print | grep -A2 -x -- -mem-path | tr '\n' ' ')
expect_eq "hugepages: -mem-path and prealloc" "-mem-path /dev/hugepages -mem-prealloc " "$got"
profile hugeat "hugepages = /mnt/huge1G" "firmware = seabios"
got=$(vf guest start hugeat --print | grep -A1 -x -- -mem-path | tail -1)
expect_eq "hugepages: a mount point of its own" "/mnt/huge1G" "$got"
profile nohuge "hugepages = no" "firmware = seabios"
expect_no_match "hugepages = no: no -mem-path" '^-mem-path$' "$(vf guest start nohuge --print)"

# --- bad profiles ---------------------------------------------------------
tree=$(fixture clevo-p650hp6 --no-config)

# refused WHAT WANT_RC REGEX NAME [ARGS...]: guest start NAME fails with one
# line on stderr matching REGEX, and no QEMU, socket or pid file is left.
refused() {
	local what=$1 want=$2 regex=$3 name=$4 rc
	shift 4
	vf "$@" guest start "$name" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	expect_eq "$what: exit status" "$want" "$rc"
	expect_eq "$what: one line on stderr" 1 "$(wc -l < "$TMP/err")"
	expect_match "$what: names file and line" "^vfiotui: $regex" "$(cat "$TMP/err")"
	expect_eq "$what: no QEMU running" "" "$(qemu_of_test)"
	expect_eq "$what: no socket, no pid file" "" \
		"$(ls "$GUEST_RUN/$name/qmp.sock" "$GUEST_RUN/$name/ctl.sock" \
			"$GUEST_RUN/$name/attach.sock" "$GUEST_RUN/$name/pid" \
			2>/dev/null)"
}

refused "missing profile" 1 "$GUESTS/nosuch\.conf: No such file or directory \(no such guest profile\)$" nosuch
tiny_profile unknown "colour = blue"
refused "unknown key" 2 "$GUESTS/unknown\.conf:8: unknown key 'colour'$" unknown
profile badmem "# memory" "memory = lots"
refused "bad number" 2 "$GUESTS/badmem\.conf:2: memory: bad number 'lots'" badmem
profile badcpus "cpus = 0x"
refused "bad cpus" 2 "$GUESTS/badcpus\.conf:1: cpus: bad number '0x' \(expected 1 to 1024\)$" badcpus
profile badaddr "" "pci = 01:00.8"
refused "bad address" 2 "$GUESTS/badaddr\.conf:2: pci: bad address '01:00\.8' \(BB:DD\.F or DDDD:BB:DD\.F\)$" badaddr
profile badopt "pci = 01:00.0 x-pci-sub-vendor-id=0x15580"
refused "sub-id out of range" 2 "$GUESTS/badopt\.conf:1: x-pci-sub-vendor-id: bad number '0x15580'" badopt
profile badhuge "hugepages = maybe"
refused "bad hugepages" 2 "$GUESTS/badhuge\.conf:1: hugepages: expected yes, no or the hugetlbfs mount point, not 'maybe'$" badhuge
profile twice "memory = 1G" "memory = 2G"
refused "a key twice" 2 "$GUESTS/twice\.conf:2: memory is set already on line 1$" twice
profile noeq "memory 1G"
refused "no '='" 2 "$GUESTS/noeq\.conf:1: expected 'key = value'$" noeq
profile quote 'cdrom = "/a b'
refused "unclosed quote" 2 "$GUESTS/quote\.conf:1: unclosed quote$" quote
profile named "name = other"
refused "a name that is not the file's" 2 "$GUESTS/named\.conf:1: name 'other' differs from the file's name 'named'" named
profile slow "stop-timeout = 0"
refused "stop-timeout 0" 2 "$GUESTS/slow\.conf:1: stop-timeout: bad number '0' \(expected 1 to 86400\)$" slow
profile net "network = bridge"
refused "unknown network" 2 "$GUESTS/net\.conf:1: network: expected vde, user or none, not 'bridge'$" net
refused "a name that is no file name" 2 "'\.\./x' is not a guest name" ../x

profile nofw "accel = tcg" "firmware = ovmf" "ovmf-code = $TMP/none/OVMF_CODE.fd"
refused "firmware missing" 1 "$GUESTS/nofw\.conf:3: firmware $TMP/none/OVMF_CODE\.fd: No such file or directory$" nofw
tiny_profile norom "pci = 01:00.0 romfile=gone.rom"
refused "romfile missing" 1 "$GUESTS/norom\.conf:8: romfile $GUESTS/gone\.rom: No such file or directory$" norom --sysfs "$tree"
tiny_profile nic "pci = 6d:00.1"
refused "device not bound" 1 "$GUESTS/nic\.conf:8: pci: 6d:00\.1 is bound to r8169, not vfio-pci: run 'vfiotui bind 6d:00\.1'$" nic --sysfs "$tree"
tiny_profile nodev "" "pci = 03:00.0"
refused "no such device" 1 "$GUESTS/nodev\.conf:9: pci: no device 03:00\.0 on this machine$" nodev --sysfs "$tree"
tiny_profile igpu "pci = 00:02.0"
refused "device without a group" 1 "$GUESTS/igpu\.conf:8: pci: 00:02\.0 has no IOMMU group" igpu --sysfs "$tree"

# Every check passed on the fixture, but this machine has no such device:
# QEMU itself refuses, and its words come back.
if command -v qemu-system-x86_64 >/dev/null; then
	tiny_profile gpu "pci = 01:00.0"
	refused "QEMU's own refusal" 1 "guest gpu: QEMU did not start \(exit 1\): qemu-system-x86_64: -device vfio-pci,host=0000:01:00\.0[^ ]*: vfio .*0000:01:00\.0.* \(log: $GUEST_RUN/gpu/qemu\.log\)$" gpu --sysfs "$tree"
fi

# guest list shows every profile, none running, and a runtime dir left
# by a guest whose profile is gone.
mkdir -p "$GUEST_RUN/gone"
got=$(vf guest list | awk '{print $1, $2}' | tr '\n' ' ')
expect_match "list: profiles, stopped" "^badaddr stopped .*win10 stopped $" "$got"
expect_match "list: a guest without a profile" '^gone +stopped  \(no profile\)$' "$(vf guest list)"
expect_eq "list --json: the same" "gone false false" \
	"$(vf guest list --json | jq -r '.[] | select(.name == "gone") | "\(.name) \(.profile) \(.running)"')"

finish
