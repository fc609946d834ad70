#!/bin/bash
# `vfiotui check GUEST`: the Code 43 checklist of a guest profile on the
# reference laptop's fixture.  One profile passes every item; each of the
# others misses one, and the output names that item and the line to add.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"

: "${MKROM:?run through make check}"

tree=$(fixture clevo-p650hp6 --no-config)
# The reference ROMs: discrete (x86 + EFI), mshybrid (x86 only), and one
# dumped with an NVIDIA header.
"$MKROM" "$TMP/discrete.rom" at=0,pcir=1a0,len=321,id=10de:1c20,vrev=1 \
	at=28200,type=3,id=10de:1c20,len=117,last
"$MKROM" "$TMP/mshybrid.rom" at=0,pcir=1a0,len=208,id=10de:1c20,vrev=1,last
"$MKROM" "$TMP/nvflash.rom" --nvgi 0x400 at=400,len=4,id=10de:1c20 \
	at=c00,type=3,id=10de:1c20,len=2,last
"$MKROM" "$TMP/other.rom" at=0,len=4,id=10de:1c03 \
	at=800,type=3,id=10de:1c03,len=2,last

ids='x-pci-sub-vendor-id=0x1558 x-pci-sub-device-id=0x65a1'
# laptop NAME [OVERRIDES...]: the reference laptop's guest with every
# Code 43 item right; "key = value" arguments replace those lines.
laptop() {
	local name=$1 line key
	local -A lines=(
		[machine]="machine = q35"
		[cpu]="cpu = host,kvm=off,hv_vendor_id=0123456789ab"
		[firmware]="firmware = ovmf"
		[memory]="memory = 8G"
		[pci]="pci = 01:00.0 romfile=$TMP/discrete.rom $ids"
		[extra]="extra = -acpitable file=$TMP/SSDT1.dat"
	)
	shift
	for line in "$@"; do
		key=${line%% =*}
		lines[$key]=$line
	done
	# In this order: the pci line is line 5.
	profile "$name" "${lines[machine]}" "${lines[cpu]}" \
		"${lines[firmware]}" "${lines[memory]}" "${lines[pci]}" \
		"${lines[extra]}"
}

# run GUEST [TREE]: sets $out and $rc.
run() {
	out=$(vf --sysfs "${2:-$tree}" check "$1" 2>&1)
	rc=$?
}

laptop good
run good
expect_eq "good: exit status" 0 "$rc"
expect_match "subsystem ids" '^ok    01:00\.0 subsystem ids: x-pci-sub-vendor-id and x-pci-sub-device-id give 1558:65a1' "$out"
expect_match "romfile" "^ok    01:00\\.0 romfile: $TMP/discrete.rom: every image for 10de:1c20, with an X64 EFI image\$" "$out"
expect_match "root port" '^ok    01:00\.0 PCIe root port: machine q35' "$out"
expect_match "functions" '^ok    01:00\.0 functions: the slot has 1 function$' "$out"
expect_match "hidden" '^ok    01:00\.0 hidden hypervisor: cpu = host,kvm=off,hv_vendor_id=0123456789ab' "$out"
expect_match "battery" '^ok    01:00\.0 ACPI battery: -acpitable' "$out"
expect_no_match "nothing else" '^(warn|fail) ' "$out"

# The reference user's own attempt: x-pci-sub-device-id=0x65a2.
laptop wrongids "pci = 01:00.0 romfile=$TMP/discrete.rom x-pci-sub-vendor-id=0x1558 x-pci-sub-device-id=0x65a2"
run wrongids
expect_eq "wrong ids: exit status" 1 "$rc"
expect_match "wrong ids" '^fail  01:00\.0 subsystem ids: the profile gives 1558:65a2, the device.s subsystem is 1558:65a1$' "$out"
expect_match "wrong ids: the line" "^      fix: $GUESTS/wrongids.conf:5: on 'pci = 01:00\\.0' set x-pci-sub-vendor-id=0x1558 x-pci-sub-device-id=0x65a1\$" "$out"
laptop noids "pci = 01:00.0 romfile=$TMP/discrete.rom"
run noids
expect_match "no ids on a laptop" '^warn  01:00\.0 subsystem ids: not set' "$out"
expect_match "no ids: the line" "set x-pci-sub-vendor-id=0x1558 x-pci-sub-device-id=0x65a1\$" "$out"

laptop norom "pci = 01:00.0 $ids"
run norom
expect_match "no romfile" '^fail  01:00\.0 romfile: not set: a laptop GPU has no ROM of its own' "$out"
expect_match "no romfile: the line" "^      fix: $GUESTS/norom.conf:5: on 'pci = 01:00\\.0' add romfile=" "$out"
laptop legacy "pci = 01:00.0 romfile=$TMP/mshybrid.rom $ids"
run legacy
expect_match "no EFI with OVMF" "^fail  01:00\\.0 romfile: $TMP/mshybrid.rom has no X64 EFI image, and the guest boots OVMF\$" "$out"
laptop legacybios "pci = 01:00.0 romfile=$TMP/mshybrid.rom $ids" "firmware = seabios"
run legacybios
expect_match "no EFI with SeaBIOS is fine" '^ok    01:00\.0 romfile: .*\(legacy only: SeaBIOS\)$' "$out"
laptop header "pci = 01:00.0 romfile=$TMP/nvflash.rom $ids"
run header
expect_match "a header to strip" '^fail  01:00\.0 romfile: .*nvflash.rom: the first image starts at 400h' "$out"
expect_match "a header: the dd line" "^      fix: strip them: dd if=$TMP/nvflash.rom of=$TMP/nvflash.rom.stripped bs=512 skip=2\$" "$out"
laptop other "pci = 01:00.0 romfile=$TMP/other.rom $ids"
run other
expect_match "another GPU's ROM" '^fail  01:00\.0 romfile: .*other.rom: image 1 at 0h is for 10de:1c03, but 0000:01:00\.0 is 10de:1c20$' "$out"
laptop gone "pci = 01:00.0 romfile=$TMP/none.rom $ids"
run gone
expect_match "a missing romfile" "^fail  01:00\\.0 romfile: $TMP/none.rom: No such file" "$out"

laptop i440fx "machine = pc"
run i440fx
expect_match "no PCIe" '^fail  01:00\.0 PCIe root port: machine pc has no PCIe' "$out"
expect_match "no PCIe: the line" "^      fix: $GUESTS/i440fx.conf: machine = q35\$" "$out"

laptop visible "cpu = host"
run visible
expect_match "hypervisor shown" '^warn  01:00\.0 hidden hypervisor: cpu = host shows the hypervisor' "$out"
expect_match "hypervisor: the line" "^      fix: $GUESTS/visible.conf: cpu = host,kvm=off,hv_vendor_id=0123456789ab\$" "$out"

laptop nobattery "extra = -rtc base=localtime"
run nobattery
expect_match "no battery" '^fail  01:00\.0 ACPI battery: no -acpitable' "$out"
expect_match "no battery: the line" "^      fix: $GUESTS/nobattery.conf: extra = -acpitable file=" "$out"

# A GPU with its HDMI audio: both functions, as one multifunction device.
audio=$(mktemp -d "$TMP/audio.XXXXXX")
{ cat "$FIXTURES/clevo-p650hp6.desc"
  echo "0000:01:00.1 class=040300 id=10de:10f1 subsys=1558:65a1 rev=a1 group=1 driver=vfio-pci parent=0000:00:01.0"
} > "$TMP/audio.desc"
"$MKFIXTURE" --no-config "$TMP/audio.desc" "$audio" >&2 || exit 99
run good "$audio"
expect_match "a function left out" '^warn  01:00\.0 functions: 01:00\.1 \[040300\] of the same slot is not passed' "$out"
expect_match "a function left out: the line" "^      fix: $GUESTS/good.conf: add the line 'pci = 01:00\\.1'\$" "$out"
profile both "machine = q35" "cpu = host,kvm=off,hv_vendor_id=0123456789ab" \
	"firmware = ovmf" "pci = 01:00.0 romfile=$TMP/discrete.rom $ids" \
	"pci = 01:00.1" "extra = -acpitable file=$TMP/SSDT1.dat"
run both "$audio"
# vfiotui makes function 0 multifunction itself; only an explicit off
# keeps QEMU from starting.
expect_match "multifunction" '^ok    01:00\.0 functions: the slot.s 2 functions pass together' "$out"
expect_eq "multifunction: exit status" 0 "$rc"
expect_match "multifunction: in the argv" '^vfio-pci,host=0000:01:00\.0,bus=rp1,addr=00\.0,multifunction=on,' \
	"$("$VFIOTUI" --sysfs "$audio" guest start --print both 2>&1)"
sed -i 's/^pci = 01:00.0 \(.*\)$/pci = 01:00.0 \1 multifunction=off/' "$GUESTS/both.conf"
run both "$audio"
expect_match "multifunction off" '^fail  01:00\.0 functions: 2 functions passed, but multifunction=off: QEMU refuses a function 1 beside a single-function device$' "$out"
expect_match "multifunction off: the line" "^      fix: $GUESTS/both.conf:4: on 'pci = 01:00\\.0' drop multifunction=off\$" "$out"

# A desktop card: no battery, romfile or ids needed.
desktop=$(fixture desktop-2gpu --no-config)
profile desk "machine = q35" "cpu = host,kvm=off,hv_vendor_id=0123456789ab" \
	"pci = 05:00.0" "pci = 05:00.1"
run desk "$desktop"
expect_match "desktop: own ids" '^ok    0000:05:00\.0 subsystem ids: not set: the guest sees the device.s own, 1458:3763$' "$out"
expect_match "desktop: own ROM" '^ok    0000:05:00\.0 romfile: not set: QEMU gives the guest the card.s own ROM$' "$out"
expect_no_match "desktop: no battery item" 'ACPI battery' "$out"
profile nonvidia "machine = q35" "pci = 03:00.0"
run nonvidia "$desktop"
expect_match "no NVIDIA GPU" '^ok    Code 43: nonvidia passes no NVIDIA GPU' "$out"
profile elsewhere "machine = q35" "pci = 09:00.0"
run elsewhere
expect_match "no such device" '^fail  09:00\.0 device: no PCI device 09:00\.0 on this host$' "$out"

# Memory: the guest's against the memlock limit, as another user.
if command -v setpriv >/dev/null && [ "$(id -u)" -eq 0 ]; then
	chmod -R a+rX "$TMP"
	out=$(ulimit -l 4096; setpriv --reuid=65534 --regid=65534 --clear-groups \
		env ASAN_OPTIONS=detect_leaks=0 "$VFIOTUI" --sysfs "$tree" check good 2>&1)
	expect_match "memlock against the guest" '^fail  memlock limit: 4096 KiB, and guest good has 8192 MiB, which VFIO locks$' "$out"
	out=$(ulimit -l 4096; setpriv --reuid=65534 --regid=65534 --clear-groups \
		env ASAN_OPTIONS=detect_leaks=0 "$VFIOTUI" --sysfs "$tree" check 2>&1)
	expect_match "memlock against the largest guest" '^fail  memlock limit: 4096 KiB, and guest [a-z0-9]+ has 8192 MiB' "$out"
fi

# Hugepages, against a /proc the test writes: the mount and the pool.
mkdir -p "$TMP/proc"
meminfo() {
	printf 'MemTotal:       12000000 kB\nHugePages_Total:    %s\nHugePages_Free:     %s\nHugepagesize:       2048 kB\n' "$1" "$2" > "$TMP/proc/meminfo"
}
echo "hugetlbfs /dev/hugepages hugetlbfs rw,relatime,pagesize=2M 0 0" > "$TMP/proc/mounts"
laptop huge "extra = -acpitable file=$TMP/SSDT1.dat" "memory = 8G"
echo "hugepages = yes" >> "$GUESTS/huge.conf"
meminfo 4096 4096
out=$(vf --sysfs "$tree" --proc "$TMP/proc" check huge 2>&1)
expect_match "hugepages: the pool holds it" '^ok    hugepages: 4096 free pages of 2048 KiB hold guest huge.s 8192 MiB$' "$out"
expect_no_match "hugepages: mounted" 'hugepages mount' "$out"
meminfo 4096 1000
out=$(vf --sysfs "$tree" --proc "$TMP/proc" check huge 2>&1)
expect_match "hugepages: too few" '^fail  hugepages: 1000 free pages of 2048 KiB, and guest huge needs 4096 for its 8192 MiB' "$out"
expect_match "hugepages: how to reserve" "^      fix: reserve them: echo 4096 > /proc/sys/vm/nr_hugepages .* or $GUESTS/huge\.conf:7: hugepages = no\$" "$out"
echo "tmpfs /dev/shm tmpfs rw 0 0" > "$TMP/proc/mounts"
meminfo 4096 4096
out=$(vf --sysfs "$tree" --proc "$TMP/proc" check huge 2>&1)
expect_match "hugepages: not mounted" '^fail  hugepages mount: no hugetlbfs is mounted on /dev/hugepages' "$out"
expect_match "hugepages: how to mount" '^      fix: mount -t hugetlbfs hugetlbfs /dev/hugepages' "$out"
out=$(vf --sysfs "$tree" --proc "$TMP/proc" check good 2>&1)
expect_no_match "no hugepages asked: no item" 'hugepages' "$out"

# The same list in the Guests pane: c on the selected guest shows it, and
# c again goes back to its events.
rm -f "$GUESTS"/*.conf
laptop good
laptop wrongids "pci = 01:00.0 romfile=$TMP/discrete.rom x-pci-sub-vendor-id=0x1558 x-pci-sub-device-id=0x65a2"
tui_start 120 40 --sysfs "$tree"
tui_keys 3
tui_expect "guests listed" '^[> ] *good '
tui_keys c
tui_expect "checklist of good" '^  Code 43 checklist \(c: back to the events\):'
tui_expect "good: its items" '^    ok    01:00\.0 subsystem ids: x-pci-sub-vendor-id and'
expect_no_match "good: nothing fails" '^    (warn|fail) ' "$(tui_screen)"
tui_keys Down
tui_expect "wrongids: the failing item" '^    fail  01:00\.0 subsystem ids: the profile gives 1558:65a2'
tui_expect "wrongids: the line to add" "^          fix: .*wrongids\.conf:5: on 'pci = 01:00\\.0' set"
tui_keys c
tui_wait '^  Events' 2 || true
expect_no_match "c goes back" 'Code 43 checklist' "$(tui_screen)"
tui_keys q

vf --sysfs "$tree" check nosuch >/dev/null 2>&1
expect_eq "no such guest: exit status" 1 "$?"
vf --sysfs "$tree" check '../x' >/dev/null 2>&1
expect_eq "a bad name: exit status" 2 "$?"

# Pinning on the laptop's CPUs (i7-7700HQ: N and N+4 one core, one L3),
# against the kernel command line a --proc dir gives.
cpu=$tree/devices/system/cpu
mkdir -p "$cpu" "$TMP/proc"
echo 0-7 >"$cpu/online"
for i in 0 1 2 3 4 5 6 7; do
	mkdir -p "$cpu/cpu$i/topology"
	echo "$((i % 4)),$((i % 4 + 4))" >"$cpu/cpu$i/topology/thread_siblings_list"
	echo 0-7 >"$cpu/cpu$i/topology/core_siblings_list"
done
grep -v '^MemTotal' /proc/meminfo >"$TMP/proc/meminfo" 2>/dev/null || :
echo 'BOOT_IMAGE=/vmlinuz root=/dev/sda1 intel_iommu=on' >"$TMP/proc/cmdline"
laptop pinned "memory = 8G
cpus = 6
pin = auto"
out=$(vf --sysfs "$tree" --proc "$TMP/proc" check pinned 2>&1)
expect_match "pinning: the plan" "^ok    CPU pinning: vCPU 0 on CPU 1, 1 on 5, 2 on 2, 3 on 6, 4 on 3, 5 on 7; QEMU's other threads on CPU 0,4$" "$out"
expect_match "isolation: advice" '^warn  CPU isolation: the host still runs its own tasks and timer ticks on CPU 1-3,5-7' "$out"
expect_match "isolation: the line to add" '^      fix: add to the kernel command line, then reboot: isolcpus=1-3,5-7 nohz_full=1-3,5-7 rcu_nocbs=1-3,5-7$' "$out"
echo 'root=/dev/sda1 isolcpus=domain,managed_irq,1-3,5-7 nohz_full=1-3,5-7 quiet' >"$TMP/proc/cmdline"
out=$(vf --sysfs "$tree" --proc "$TMP/proc" check pinned 2>&1)
expect_match "isolation: done" '^ok    CPU isolation: the vCPUs. CPUs 1-3,5-7 are kept' "$out"
echo 'root=/dev/sda1 isolcpus=1-3 nohz_full=1-3,5-7' >"$TMP/proc/cmdline"
out=$(vf --sysfs "$tree" --proc "$TMP/proc" check pinned 2>&1)
expect_match "isolation: half done is not done" '^warn  CPU isolation: ' "$out"
out=$(vf --sysfs "$tree" check pinned 2>&1)
expect_match "isolation: the tree's /proc is not this machine's" '^skip  CPU isolation: not checked: /proc/cmdline is this machine' "$out"
laptop offline "memory = 8G
cpus = 1
pin = 9"
vf --sysfs "$tree" --proc "$TMP/proc" check offline >"$TMP/out" 2>&1
expect_eq "a CPU that is not there: the check fails" 1 "$?"
expect_match "and says which line" "^fail  CPU pinning: $GUESTS/offline\.conf:[0-9]+: pin: CPU 9 is not online on this machine$" "$(cat "$TMP/out")"

finish
