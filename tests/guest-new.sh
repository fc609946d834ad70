#!/bin/bash
# vfiotui guest new on the reference laptop's fixture, with its CPU
# topology (i7-7700HQ: 4 cores, 8 threads, one L3), a vBIOS and a fake
# battery table where guest new looks, and vfiotui's net.conf: the
# profile's GPU, sub-ids, firmware and network lines are the shipped
# share/guests/win10.conf's, its vCPUs whole cores beside the host's
# first, and vfiotui check passes it; guest start --print gives QEMU the
# device as the reference setup did.  Then a desktop's RTX with its four
# functions, --network, and the refusals.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
: "${MKROM:?run through make check}"

export XDG_CONFIG_HOME="$TMP/cfg" XDG_DATA_HOME="$TMP/data" \
	XDG_RUNTIME_DIR="$TMP/run"
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
mkdir -p "$XDG_CONFIG_HOME/vfiotui" "$XDG_DATA_HOME/vfiotui/roms" \
	"$XDG_DATA_HOME/vfiotui/acpi"
GUESTS=$XDG_CONFIG_HOME/vfiotui/guests
SHIPPED=$(dirname "$TESTLIB")/../share/guests/win10.conf
[ -f /usr/share/OVMF/OVMF_CODE.fd ] || [ -d /usr/share/qemu/firmware ] ||
	skip "no OVMF installed (package ovmf)"

tree=$(fixture clevo-p650hp6 --no-config)
laptop_cpus "$tree"
# The laptop's vBIOS as the discrete mode dumps it (x86 and EFI), one for
# another card beside it, and a battery table.
rom=$XDG_DATA_HOME/vfiotui/roms/GP106-discrete.rom
"$MKROM" "$rom" at=0,pcir=1a0,len=321,id=10de:1c20,vrev=1 \
	at=28200,type=3,id=10de:1c20,len=117,last
"$MKROM" "$XDG_DATA_HOME/vfiotui/roms/other.rom" at=0,len=4,id=10de:1c03 \
	at=800,type=3,id=10de:1c03,len=2,last
printf 'SSDT' >"$XDG_DATA_HOME/vfiotui/acpi/SSDT1.dat"
: >"$XDG_CONFIG_HOME/vfiotui/net.conf"

vf() { timeout 30 "$VFIOTUI" --sysfs "$tree" "$@"; }

out=$(vf guest new win10 --iso "$TMP/Win10.iso")
expect_eq "written: exit status" 0 "$?"
expect_match "says where" "^wrote $GUESTS/win10\.conf$" "$out"
expect_match "and its checklist" "^[0-9]+ ok, [0-9]+ warn, 0 fail(, [0-9]+ skipped .*)?$" "$out"
prof=$GUESTS/win10.conf

# key KEY FILE: the value lines of KEY in FILE.
key() { sed -n "s/^$1 = //p" "$2"; }
shipped_pci=$(key pci "$SHIPPED")
pci=$(key pci "$prof")
expect_eq "the GPU, as shipped" "$(cut -d' ' -f1 <<<"$shipped_pci")" \
	"$(cut -d' ' -f1 <<<"$pci")"
expect_eq "its vBIOS: the one for this card" "romfile=$rom" \
	"$(tr ' ' '\n' <<<"$pci" | grep '^romfile=')"
expect_eq "the sub-ids and slot, as shipped" \
	"$(tr ' ' '\n' <<<"$shipped_pci" | grep -v romfile | sort)" \
	"$(tr ' ' '\n' <<<"$pci" | grep -v romfile | sort)"
expect_eq "firmware, as shipped" "$(key firmware "$SHIPPED")" "$(key firmware "$prof")"
expect_eq "the firmware's code is there" yes \
	"$(test -r "$(key ovmf-code "$prof")" && echo yes)"
expect_eq "and its vars template" yes \
	"$(test -r "$(key ovmf-vars "$prof")" && echo yes)"
expect_eq "network, as shipped" "$(key network "$SHIPPED")" "$(key network "$prof")"
expect_eq "hidden from the NVIDIA driver" "max,kvm=off,hv_vendor_id=0123456789ab" \
	"$(key cpu "$prof")"
expect_eq "vCPUs: the three cores beside the first" 6 "$(key cpus "$prof")"
expect_eq "pinned" auto "$(key pin "$prof")"
expect_eq "the battery table" "-acpitable file=$XDG_DATA_HOME/vfiotui/acpi/SSDT1.dat" \
	"$(key extra "$prof")"
expect_eq "the installer" "$TMP/Win10.iso" "$(key cdrom "$prof")"
expect_match "the ROM's verdict is a comment" \
	"^# vBIOS checked: it serves 10de:1c20, with an X64 EFI image" "$(cat "$prof")"
expect_eq "every comment fits 80 columns" "" "$(awk 'length > 80 && /^#/' "$prof")"

touch "$TMP/Win10.iso"
vf check win10 >"$TMP/check" 2>&1
expect_eq "vfiotui check passes it" 0 "$?"
expect_no_match "no item fails" "^fail " "$(cat "$TMP/check")"
args=$(vf guest start --print win10 | tr '\n' ' ')
expect_match "QEMU gets the GPU as the reference setup passed it" \
	"vfio-pci,host=0000:01:00\.0,[^ ]*romfile=$rom,x-pci-sub-vendor-id=0x1558,x-pci-sub-device-id=0x65a1" \
	"$args"
expect_match "and the firmware" "file=$(key ovmf-code "$prof"),if=pflash,format=raw,readonly=on" "$args"

cp "$prof" "$TMP/first"
vf guest new win10 >"$TMP/out" 2>"$TMP/err"
expect_eq "again: refused" 1 "$?"
expect_match "again: says how to replace it" "\(--force replaces it\)$" "$(cat "$TMP/err")"
expect_eq "again: the profile is kept" "" "$(cmp "$TMP/first" "$prof")"
vf guest new win10 --force --memory 4G --cpus 2 >/dev/null
expect_eq "--force replaces it" 4G "$(key memory "$prof")"
expect_eq "--cpus" 2 "$(key cpus "$prof")"
out=$(vf guest new other --print)
expect_match "--print prints the profile" "^pci = 01:00\.0 " "$out"
expect_eq "--print writes nothing" no "$(test -e "$GUESTS/other.conf" && echo yes || echo no)"
out=$(vf guest new other --print --network user)
expect_eq "--network user, though net.conf exists" user "$(key network /dev/stdin <<<"$out")"
out=$(vf guest new other --print --network none)
expect_eq "--network none" none "$(key network /dev/stdin <<<"$out")"
expect_eq "--network none: no MAC" "" "$(key mac /dev/stdin <<<"$out")"
vf guest new other --network wifi >"$TMP/out" 2>"$TMP/err"
expect_eq "--network wifi: a usage error" 2 "$?"
expect_match "says what it takes" "--network wants vde, user or none, not 'wifi'" "$(cat "$TMP/err")"

# --disk SIZE: a qcow2 disk of its own, made with qemu-img, named in the
# profile; made again, it is left alone and nothing is written; a newline
# in a path is refused (no profile line can hold one).
if command -v qemu-img >/dev/null; then
	disk=$XDG_DATA_HOME/vfiotui/disks/big.qcow2
	out=$(vf guest new big --disk 2G 2>&1)
	expect_eq "--disk 2G: written" 0 "$?"
	expect_eq "--disk 2G: a qcow2 disk of 2 GiB" "qcow2 2147483648" \
		"$(qemu-img info --output=json "$disk" | jq -r '"\(.format) \(.["virtual-size"])"')"
	expect_eq "--disk 2G: the profile's disk line" "$disk if=virtio" \
		"$(key disk "$GUESTS/big.conf")"
	rm "$GUESTS/big.conf"
	vf guest new big --disk 2G >"$TMP/out" 2>"$TMP/err"
	expect_eq "--disk 2G again: refused" 1 "$?"
	expect_match "--disk 2G again: says the disk is kept" \
		"--disk 2G: $disk is there already: leaving it" "$(cat "$TMP/err")"
	expect_eq "--disk 2G again: no profile written" no \
		"$(test -e "$GUESTS/big.conf" && echo yes || echo no)"
else
	echo "# no qemu-img: --disk SIZE not tried"
fi
vf guest new nl --disk "$TMP/a
b" >"$TMP/out" 2>"$TMP/err"
expect_eq "a newline in --disk: a usage error" 2 "$?"
expect_match "a newline in --disk: says why" "has a control character" "$(cat "$TMP/err")"

# A desktop: the RTX's group is its four functions, no laptop ids (this
# tree has a second PCI domain: addresses are written whole).
desk=$(fixture desktop-2gpu --no-config)
out=$(timeout 30 "$VFIOTUI" --sysfs "$desk" guest new rtx --print)
expect_eq "desktop: the first GPU the host does not boot on, all its functions" \
	"0000:04:00.0 0000:04:00.1 0000:04:00.2 0000:04:00.3" \
	"$(sed -n 's/^pci = \([^ ]*\).*/\1/p' <<<"$out" | tr '\n' ' ' | sed 's/ $//')"
expect_no_match "desktop: no sub-ids" "x-pci-sub" "$out"
expect_no_match "desktop: no battery" "acpitable" "$out"

vf guest new bad --gpu 00:14.0 >"$TMP/out" 2>"$TMP/err"
expect_eq "a USB controller as --gpu: refused" 1 "$?"
expect_eq "says why" "vfiotui: guest new: --gpu 00:14.0: not a display controller (class 0c0330)" \
	"$(cat "$TMP/err")"
vf guest new "../x" >"$TMP/out" 2>"$TMP/err"
expect_eq "a name that is no name: a usage error" 2 "$?"
vf guest new noovmf --files-root "$TMP/empty" >"$TMP/out" 2>"$TMP/err"
expect_eq "no OVMF: refused" 1 "$?"
expect_match "says what to install" "install ovmf \(Debian, Ubuntu\)" "$(cat "$TMP/err")"
expect_eq "no OVMF: nothing written" no \
	"$(test -e "$GUESTS/noovmf.conf" && echo yes || echo no)"

finish
