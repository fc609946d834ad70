#!/bin/bash
# vfiotui guest import: libvirt domains as virsh dumpxml writes them and a
# quickemu .conf become profiles whose key lines, comments and QEMU
# command line (guest start --print) carry what libvirt would have
# passed; malformed files exit 2 naming the file and line, and write
# nothing.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"

LV="$FIXTURES/libvirt"

# import ARGS...: vfiotui guest import; $rc, $out, $err.
import() {
	vf guest import "$@" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}

# keys NAME: the key lines of guest NAME's profile.
keys() {
	grep -v '^#' "$GUESTS/$1.conf"
}

# expect_keys WHAT NAME LINE...: the profile's key lines are those.
expect_keys() {
	local what=$1 name=$2
	shift 2
	expect_eq "$what: key lines" "$(printf '%s\n' "$@")" "$(keys "$name")"
}

# print NAME: QEMU's arguments for guest NAME, one a line.
print() {
	vf guest start --print "$1" 2>&1
}

# --- the reference laptop: GTX 1060, its ROM and sub-ids, OVMF, q35 ------
import "$LV/clevo-win10.xml"
expect_eq "clevo: exit status" 0 "$rc"
expect_match "clevo: says where" "^guest win10: wrote $GUESTS/win10\.conf$" "$out"
expect_match "clevo: says what was not carried" \
	"^not carried \([0-9]+, each a comment in the profile\): .*<emulator>" "$out"
expect_keys clevo win10 \
	"memory = 8G" "cpus = 4" "machine = q35" "accel = kvm" \
	"cpu = host,kvm=off,hv_vendor_id=0123456789ab" \
	"firmware = ovmf" "ovmf-code = /usr/share/OVMF/OVMF_CODE.fd" \
	"ovmf-vars = /usr/share/OVMF/OVMF_VARS.fd" \
	"disk = /dev/mapper/LINUX-VM format=raw if=virtio" \
	"cdrom = /home/user/virt/resources/Win10_22H2_English_x64.iso" \
	"cdrom = /home/user/virt/resources/virtio-win.iso" \
	"network = user" "mac = 52:54:00:10:60:01" \
	"display = spice" "spice-port = 5900" \
	"pci = 01:00.0 romfile=/home/user/virt/clevo-p650hp6/GP106-mshybrid.rom x-pci-sub-vendor-id=0x1558 x-pci-sub-device-id=0x65a1" \
	"extra = -usb" "extra = -device usb-tablet" \
	"extra = -rtc base=localtime"
conf=$(cat "$GUESTS/win10.conf")
expect_match "clevo: the nvram is the guest's own vars" \
	"^# libvirt's copy of the vars was /var/lib/libvirt/qemu/nvram/win10_VARS\.fd; vfiotui keeps its own" "$conf"
expect_match "clevo: libvirt's network named, VDE said" \
	"^# libvirt's network default \(<interface type='network'>\): vfiotui's is VDE" "$conf"
expect_match "clevo: controllers said once" \
	"^# not carried over: <controller>: 4 from line 52: " "$conf"
expect_match "clevo: memballoon said, with its line" \
	"^# not carried over: <memballoon>: line 89, model virtio: " "$conf"
expect_no_match "clevo: ps2 input is no loss" "type='mouse'" "$conf"
got=$(print win10)
expect_match "clevo: QEMU gets the GPU, its ROM and sub-ids" \
	"^vfio-pci,host=0000:01:00\.0,bus=rp1,addr=00\.0,romfile=/home/user/virt/clevo-p650hp6/GP106-mshybrid\.rom,x-pci-sub-vendor-id=0x1558,x-pci-sub-device-id=0x65a1,id=hostdev0$" "$got"
expect_match "clevo: QEMU gets the hidden kvm and vendor id" \
	"^host,kvm=off,hv_vendor_id=0123456789ab$" "$got"
expect_match "clevo: QEMU gets OVMF's code" \
	"^file=/usr/share/OVMF/OVMF_CODE\.fd,if=pflash,format=raw,readonly=on$" "$got"

# Never over a profile without --force; --name gives another.
echo "# mine" >> "$GUESTS/win10.conf"
import "$LV/clevo-win10.xml"
expect_eq "again: exit status" 1 "$rc"
expect_match "again: says it exists" \
	"^vfiotui: guest import: $GUESTS/win10\.conf exists \(--force replaces it" "$err"
expect_match "again: the profile is untouched" "^# mine$" "$(cat "$GUESTS/win10.conf")"
import --force "$LV/clevo-win10.xml"
expect_eq "--force: exit status" 0 "$rc"
expect_no_match "--force: replaced" "^# mine$" "$(cat "$GUESTS/win10.conf")"
import --name laptop "$LV/clevo-win10.xml"
expect_eq "--name: exit status" 0 "$rc"
expect_match "--name: that name" "^guest laptop: wrote $GUESTS/laptop\.conf$" "$out"
import --name ../evil "$LV/clevo-win10.xml"
expect_eq "--name ../evil: exit status" 2 "$rc"
expect_match "--name ../evil: refused" "'\.\./evil' cannot name a guest" "$err"
expect_eq "--name ../evil: nothing written" no \
	"$(test -e "$XDG_CONFIG_HOME/vfiotui/evil.conf" && echo yes || echo no)"

# --- a desktop's RTX: GPU and audio, hugepages, vcpupin, Looking Glass --
import "$LV/desktop-rtx.xml"
expect_eq "rtx: exit status" 0 "$rc"
expect_keys rtx gaming \
	"memory = 16G" "cpus = 4" "machine = q35" "accel = kvm" \
	"cpu = host,kvm=off,hv_vendor_id=whatever123" \
	"firmware = ovmf" "ovmf-code = /usr/share/OVMF/OVMF_CODE_4M.fd" \
	"ovmf-vars = /usr/share/OVMF/OVMF_VARS_4M.fd" \
	"disk = /var/lib/libvirt/images/gaming.qcow2 format=qcow2 if=virtio" \
	"cdrom = /var/lib/libvirt/images/Win11_23H2_English_x64.iso" \
	"network = user" "mac = 52:54:00:ab:cd:ef" "display = spice" \
	"pci = 0a:00.0" "pci = 0a:00.1" "hugepages = yes" \
	"pin = 2 8 3 9 emulator=0-1" "extra = -rtc base=localtime"
conf=$(cat "$GUESTS/gaming.conf")
expect_match "rtx: the bridge named" "^# libvirt's network br0 \(<interface type='bridge'>\)" "$conf"
expect_match "rtx: Looking Glass, with its size" \
	"^# not carried over: <shmem name='looking-glass'>: line 99: Looking Glass's 64 MiB; vfiotui has no key for it yet" "$conf"
expect_match "rtx: the USB hostdev, with its ids" \
	"^# not carried over: <hostdev type='usb'>: line 90: 046d:c52b " "$conf"
expect_match "rtx: the TPM" "^# not carried over: <tpm>: line 96, model tpm-crb: " "$conf"
expect_match "rtx: the sound" "^# not carried over: <sound>: line 76, model ich9: " "$conf"
expect_match "rtx: hyperv's other features" "^# not carried over: <hyperv>: line 30: only vendor_id" "$conf"
expect_match "rtx: the topology" "^# not carried over: <topology>: line 42: " "$conf"
expect_match "rtx: the summary names Looking Glass" "^not carried .*<shmem name='looking-glass'>" "$out"
got=$(print gaming)
expect_match "rtx: QEMU gets the GPU" "^vfio-pci,host=0000:0a:00\.0,bus=rp1,addr=00\.0,multifunction=on,id=hostdev0$" "$got"
expect_match "rtx: and its audio beside it" "^vfio-pci,host=0000:0a:00\.1,bus=rp1,addr=00\.1,id=hostdev1$" "$got"
expect_match "rtx: QEMU gets the qcow2 disk" "^file=/var/lib/libvirt/images/gaming\.qcow2,format=qcow2,if=virtio$" "$got"
expect_match "rtx: QEMU gets the hugepages" "^/dev/hugepages$" "$got"

# --- an AMD GPU on PCI domain 1, a raw block disk on SATA --------------
import "$LV/amd-raw.xml"
expect_eq "amd: exit status" 0 "$rc"
expect_keys amd radeon-linux \
	"memory = 6G" "cpus = 6" "machine = q35" "accel = kvm" "cpu = host" \
	"firmware = ovmf" "ovmf-code = /usr/share/OVMF/OVMF_CODE_4M.fd" \
	"disk = /dev/disk/by-id/nvme-Samsung_SSD_970_EVO_1TB_S467NX0M format=raw if=ide" \
	"network = user" "mac = 52:54:00:6f:1a:02" \
	"pci = 0001:03:00.0 romfile=/var/lib/libvirt/vbios/Navi21.rom" \
	"pci = 0001:03:00.1" "display = none"
conf=$(cat "$GUESTS/radeon-linux.conf")
expect_match "amd: the NIC model" "^# not carried over: <model>: line 17: the NIC e1000e" "$conf"
expect_match "amd: the rng" "^# not carried over: <rng>: line 32, model virtio" "$conf"
expect_match "amd: QEMU gets the GPU on domain 1 with its ROM" \
	"^vfio-pci,host=0001:03:00\.0,bus=rp1,addr=00\.0,multifunction=on,romfile=/var/lib/libvirt/vbios/Navi21\.rom,id=hostdev0$" \
	"$(print radeon-linux)"

# --- <qemu:override>, libvirt's newer way to the sub-ids; -set of no
# hostdev of ours stays QEMU's; a newline in a name stays in its comment
cat > "$TMP/override.xml" <<'XML'
<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
  <name>ovr</name>
  <memory unit='MiB'>3000</memory>
  <vcpu>2</vcpu>
  <devices>
    <interface type='network'><source network='x&#10;memory = 1'/></interface>
    <hostdev mode='subsystem' type='pci' managed='yes'>
      <source><address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></source>
      <alias name='ua-gpu'/>
    </hostdev>
  </devices>
  <qemu:commandline>
    <qemu:arg value='-set'/>
    <qemu:arg value='device.hostdev7.x-pci-sub-vendor-id=1'/>
  </qemu:commandline>
  <qemu:override>
    <qemu:device alias='ua-gpu'>
      <qemu:frontend>
        <qemu:property name='x-pci-sub-vendor-id' type='unsigned' value='5464'/>
        <qemu:property name='x-pci-sub-device-id' type='unsigned' value='0x65a1'/>
      </qemu:frontend>
    </qemu:device>
  </qemu:override>
</domain>
XML
import "$TMP/override.xml"
expect_eq "override: exit status" 0 "$rc"
expect_keys override ovr \
	"memory = 3000M" "cpus = 2" "accel = kvm" "firmware = seabios" \
	"network = user" \
	"pci = 01:00.0 x-pci-sub-vendor-id=0x1558 x-pci-sub-device-id=0x65a1" \
	"display = none" \
	"extra = -set device.hostdev7.x-pci-sub-vendor-id=1"
expect_match "override: the newline is no line of its own" \
	"^# libvirt's network x\?memory = 1 " "$(cat "$GUESTS/ovr.conf")"

# --- malformed: exit 2, the file and line named, nothing written -------
before=$(ls "$GUESTS")
import "$LV/truncated.xml"
expect_eq "truncated: exit status" 2 "$rc"
expect_match "truncated: file, line and libxml2's word" \
	"^vfiotui: guest import: $LV/truncated\.xml:41: not XML: Premature end of data" "$err"
import "$LV/not-a-domain.xml"
expect_eq "not a domain: exit status" 2 "$rc"
expect_match "not a domain: says so" \
	"^vfiotui: guest import: $LV/not-a-domain\.xml:1: not a libvirt domain \(its root is <network>" "$err"
import "$LV/hostdev-no-address.xml"
expect_eq "hostdev without address: exit status" 2 "$rc"
expect_match "hostdev without address: its line" \
	"^vfiotui: guest import: $LV/hostdev-no-address\.xml:6: <hostdev type='pci'> without a <source><address>" "$err"
import "$TMP/no-such.xml"
expect_eq "missing file: exit status" 2 "$rc"
expect_match "missing file: named" "^vfiotui: guest import: .*$TMP/no-such\.xml" "$err"
: > "$TMP/empty.conf"
import "$TMP/empty.conf"
expect_eq "empty file: exit status" 2 "$rc"
expect_match "empty file: neither kind" \
	"^vfiotui: guest import: $TMP/empty\.conf: neither a libvirt domain \(no XML\) nor a quickemu \.conf" "$err"
import
expect_eq "no file: exit status" 2 "$rc"
expect_eq "malformed: no profile written" "$before" "$(ls "$GUESTS")"

# --- quickemu: read as text, never run; paths from its directory -------
cp -r "$FIXTURES/quickemu" "$TMP/qe"
printf 'touch %s/ran\nram="4G"\n' "$TMP" >> "$TMP/qe/windows-10.conf"
import "$TMP/qe/windows-10.conf"
expect_eq "quickemu: exit status" 0 "$rc"
expect_match "quickemu: named after the file" "^guest windows-10: wrote $GUESTS/windows-10\.conf$" "$out"
expect_keys quickemu windows-10 \
	"machine = q35" "accel = kvm" \
	"disk = $TMP/qe/windows-10/disk.qcow2" \
	"cdrom = $TMP/qe/windows-10/Win10_22H2_English_x64.iso" \
	"cdrom = $TMP/qe/windows-10/virtio-win.iso" \
	"cpus = 4" "memory = 8G" "firmware = ovmf" "display = gtk" \
	"network = user"
conf=$(cat "$GUESTS/windows-10.conf")
expect_match "quickemu: tpm said" '^# not carried over: tpm: line 6: tpm="on"$' "$conf"
expect_match "quickemu: the shell line said, not run" \
	"^# not carried over: shell: line 11: 'touch " "$conf"
expect_match "quickemu: a key again is said, the first kept" \
	"^# not carried over: memory: given again \('4G'\); the first is kept$" "$conf"
expect_eq "quickemu: nothing ran" no "$(test -e "$TMP/ran" && echo yes || echo no)"
expect_match "quickemu: Code 43's cpu line suggested" \
	"^# A Windows guest: .*cpu = host,kvm=off,hv_vendor_id=" "$conf"
expect_match "quickemu: QEMU gets the disk" \
	"^file=$TMP/qe/windows-10/disk\.qcow2,format=qcow2,if=virtio$" "$(print windows-10)"

finish
