#!/bin/bash
# `vfiotui check`: every check made to say ok, warn and fail (those that
# have a warning) on fixture trees, a fake /proc (cpuinfo, cmdline,
# modules) and a fake / for /dev and /usr/share; the exit status follows
# the failures.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

# No guest profiles but the test's own.
export XDG_CONFIG_HOME=$TMP/cfg

# proc NAME FLAGS CMDLINE MODULES...: a fake /proc under $TMP.  Its
# interrupts are remapped (IR- chips, as the kernel names them) but in
# the one named bad.
proc() {
	local dir=$TMP/$1 m chip=IR-PCI-MSI
	mkdir -p "$dir"
	printf 'processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu %s sse2\n\n' "$2" > "$dir/cpuinfo"
	printf '%s\n' "$3" > "$dir/cmdline"
	[ "$1" = bad ] && chip=PCI-MSI
	printf '           CPU0\n  0:         40   %s-IO-APIC    2-edge      timer\n 24:          0  %s-0000:00:1f.2    0-edge      ahci\n' \
		"${chip%-PCI-MSI}" "$chip" > "$dir/interrupts"
	: > "$dir/modules"
	shift 3
	for m in "$@"; do
		printf '%s 16384 0 - Live 0x0000000000000000\n' "$m" >> "$dir/modules"
	done
	printf '%s\n' "$dir"
}

# root NAME [vfio groups...]: a fake / with /dev/kvm, /dev/vfio and OVMF.
root() {
	local dir=$TMP/$1 g
	shift
	mkdir -p "$dir/dev/vfio" "$dir/usr/share/OVMF"
	: > "$dir/dev/kvm"
	: > "$dir/usr/share/OVMF/OVMF_CODE.fd"
	: > "$dir/dev/vfio/vfio"
	for g in "$@"; do
		: > "$dir/dev/vfio/$g"
	done
	printf '%s\n' "$dir"
}

# msrs TREE Y|N: kvm's ignore_msrs in a fixture tree.
msrs() {
	mkdir -p "$1/module/kvm/parameters"
	printf '%s\n' "$2" > "$1/module/kvm/parameters/ignore_msrs"
}

# check TREE PROC ROOT ARGS...: sets $out and $rc.
check() {
	local tree=$1 p=$2 r=$3
	shift 3
	out=$(timeout 10 "$VFIOTUI" --sysfs "$tree" --proc "$p" check \
		--files-root "$r" "$@" 2>&1)
	rc=$?
}

# A custom fixture from description lines.
custom() {
	local name=$1 dir
	shift
	printf '%s\n' "$@" > "$TMP/$name.desc"
	dir=$(mktemp -d "$TMP/$name.XXXXXX")
	"$MKFIXTURE" --no-config "$TMP/$name.desc" "$dir" >&2 ||
		{ echo "mkfixture failed for $name" >&2; exit 99; }
	printf '%s\n' "$dir"
}

clevo=$(fixture clevo-p650hp6 --no-config)
gpu=$clevo/bus/pci/devices/0000:01:00.0
good_proc=$(proc good vmx "root=/dev/sda2 intel_iommu=on,igfx_off iommu=pt kvm.ignore_msrs=1" vfio vfio_pci vfio_iommu_type1)
good_root=$(root good 1)
msrs "$clevo" Y
printf 'flr bus\n' > "$gpu/reset_method"

# The reference laptop set up right: nothing fails.
check "$clevo" "$good_proc" "$good_root" 01:00.0
expect_eq "all good: exit status" 0 "$rc"
expect_match "cpu ok" '^ok    CPU virtualization: vmx in .*/cpuinfo: Intel VT-x is on$' "$out"
expect_match "kvm ok" '^ok    /dev/kvm: /dev/kvm is there and this user can open it$' "$out"
expect_match "groups ok" '^ok    IOMMU groups: 11 IOMMU groups in ' "$out"
expect_match "cmdline ok" '^ok    IOMMU on the command line: intel_iommu=on,igfx_off$' "$out"
expect_match "irq remapping ok" '^ok    interrupt remapping: on: interrupts go through the IOMMU.s remapping \(IR- chips in .*/interrupts\)$' "$out"
expect_match "iommu=pt ok" '^ok    iommu=pt: iommu=pt' "$out"
expect_match "modules ok" '^ok    vfio modules: vfio, vfio_pci and vfio_iommu_type1 are loaded$' "$out"
expect_match "group ok" '^ok    01:00.0 group: group 1 is viable: 0000:00:01.0 pcieport, 0000:01:00.0 vfio-pci$' "$out"
expect_match "functions ok" '^ok    01:00.0 functions: 1 function, in one group: 0000:01:00.0 \[030000\]$' "$out"
expect_match "driver ok" '^ok    01:00.0 driver: bound to vfio-pci$' "$out"
expect_match "boot_vga ok" '^ok    01:00.0 boot_vga: boot_vga 0' "$out"
expect_match "reset ok" '^ok    01:00.0 reset: reset_method flr bus: FLR: it resets alone$' "$out"
expect_match "vfio node ok" '^ok    01:00.0 /dev/vfio: /dev/vfio/1 and /dev/vfio/vfio: this user can open them$' "$out"
expect_match "OVMF ok" '^ok    OVMF: UEFI firmware for guests: /usr/share/OVMF/OVMF_CODE.fd$' "$out"
expect_match "msrs ok" '^ok    kvm ignore_msrs: ignore_msrs=Y' "$out"
expect_match "power warn: control on" '^warn  01:00.0 power: D0 \(power_state D0, control on\): runtime PM is off' "$out"
expect_match "power fix" '^      fix: p in the dashboard, or echo auto > /sys/bus/pci/devices/0000:01:00.0/power/control$' "$out"
expect_match "summary" '^[0-9]+ ok, 1 warn, 0 fail$' "$out"
if [ "$(id -u)" -eq 0 ] && [ "$(ulimit -l)" != unlimited ]; then
	expect_match "memlock ok: root" '^ok    memlock limit: [0-9]+ KiB, but root locks memory past it' "$out"
fi
# With no address: every GPU but the boot display (the iGPU).
check "$clevo" "$good_proc" "$good_root"
expect_match "default GPU" '^ok    01:00.0 group:' "$out"
expect_no_match "not the boot display" '^.{6}00:02.0 ' "$out"

# Everything missing: no vmx, no /dev/kvm, no modules, no OVMF, msrs N.
bad_proc=$(proc bad "sse4_2" "root=/dev/sda2 intel_iommu=off")
plain_proc=$(proc plain vmx "root=/dev/sda2")
bad_root=$TMP/bad-root
mkdir -p "$bad_root"
msrs "$clevo" N
: > "$gpu/reset_method"
check "$clevo" "$bad_proc" "$bad_root" 01:00.0
expect_eq "all bad: exit status" 1 "$rc"
expect_match "cpu fail" '^fail  CPU virtualization: neither vmx nor svm' "$out"
expect_match "cpu fix" '^      fix: turn on Intel VT-x or AMD SVM in the firmware setup$' "$out"
expect_match "kvm fail" '^fail  /dev/kvm: no /dev/kvm: the kvm module is not loaded$' "$out"
expect_match "kvm fix" '^      fix: modprobe kvm_intel$' "$out"
expect_match "cmdline fail: off" '^fail  IOMMU on the command line: intel_iommu=off turns the IOMMU off$' "$out"
expect_match "iommu=pt warn" '^warn  iommu=pt: no iommu=pt' "$out"
expect_match "irq remapping fail" '^fail  interrupt remapping: off \(no IR- chips in .*/interrupts\): vfio_iommu_type1 refuses to give a group to a guest$' "$out"
expect_match "irq remapping fix" '^      fix: turn on interrupt remapping .*allow_unsafe_interrupts=1 in /etc/modprobe.d$' "$out"
mkdir -p "$clevo/module/vfio_iommu_type1/parameters"
echo Y > "$clevo/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts"
check "$clevo" "$bad_proc" "$bad_root" 01:00.0
expect_match "irq remapping warn: unsafe allowed" '^warn  interrupt remapping: off, and vfio_iommu_type1 allow_unsafe_interrupts is on: a guest.s device can forge interrupts to the host$' "$out"
rm -r "$clevo/module/vfio_iommu_type1"
check "$clevo" "$bad_proc" "$bad_root" 01:00.0
expect_match "modules warn" '^warn  vfio modules: not loaded: vfio, vfio_pci, vfio_iommu_type1$' "$out"
expect_match "reset fail" '^fail  01:00.0 reset: reset_method empty: it cannot be reset' "$out"
expect_match "vfio node fail" '^fail  01:00.0 /dev/vfio: bound to vfio-pci, yet no /dev/vfio/1' "$out"
expect_match "OVMF warn" "^warn  OVMF: no OVMF firmware in $bad_root/usr/share" "$out"
expect_match "msrs warn with NVIDIA" '^warn  kvm ignore_msrs: ignore_msrs=N: NVIDIA' "$out"
expect_match "msrs fix" "^      fix: 'options kvm ignore_msrs=1" "$out"
rm "$clevo/module/kvm/parameters/ignore_msrs"
check "$clevo" "$bad_proc" "$bad_root" 01:00.0
expect_match "msrs warn without kvm" '^warn  kvm ignore_msrs: kvm is not loaded' "$out"
rm "$gpu/reset_method"
expect_match "reset warn: no attribute" '^warn  01:00.0 reset: reset_method unknown: no reset_method \(a kernel before 5\.15\)' \
	"$(timeout 10 "$VFIOTUI" --sysfs "$clevo" --proc "$bad_proc" check 01:00.0)"
printf 'pm\n' > "$gpu/reset_method"
check "$clevo" "$good_proc" "$good_root" 01:00.0
expect_match "reset warn: pm only" '^warn  01:00.0 reset: reset_method pm: pm only: a D3hot round trip' "$out"
expect_match "msrs ok without NVIDIA" '^ok    kvm ignore_msrs: kvm is not loaded; only NVIDIA' \
	"$(timeout 10 "$VFIOTUI" --sysfs "$clevo" --proc "$good_proc" check --files-root "$good_root" 00:1f.3)"
# Not loaded: modprobe finds them in /lib/modules/RELEASE, or not.
mkdir -p "$bad_proc/sys/kernel" "$bad_root/lib/modules/6.1.0-test"
echo 6.1.0-test > "$bad_proc/sys/kernel/osrelease"
printf '%s\n' 'kernel/drivers/vfio/vfio.ko: ' \
	'kernel/drivers/vfio/pci/vfio-pci.ko.xz: kernel/drivers/vfio/vfio.ko' \
	> "$bad_root/lib/modules/6.1.0-test/modules.dep"
echo kernel/drivers/vfio/vfio_iommu_type1.ko > "$bad_root/lib/modules/6.1.0-test/modules.builtin"
check "$clevo" "$bad_proc" "$bad_root" 01:00.0
expect_match "modules warn: available" '^warn  vfio modules: not loaded: vfio, vfio_pci, vfio_iommu_type1, but in /lib/modules/6\.1\.0-test$' "$out"
: > "$bad_root/lib/modules/6.1.0-test/modules.builtin"
check "$clevo" "$bad_proc" "$bad_root" 01:00.0
expect_match "modules fail: not in the kernel" '^fail  vfio modules: not in this kernel: vfio_iommu_type1 \(neither loaded, built in, nor in /lib/modules/6\.1\.0-test\)$' "$out"
expect_match "modules fix" '^      fix: boot a kernel built with CONFIG_VFIO' "$out"
# Built-in modules show in /sys/module only.
mkdir -p "$clevo/module/vfio" "$clevo/module/vfio_pci" "$clevo/module/vfio_iommu_type1"
check "$clevo" "$bad_proc" "$bad_root" 01:00.0
expect_match "modules built in" '^ok    vfio modules: vfio, vfio_pci and vfio_iommu_type1 are loaded$' "$out"
rm -f "$bad_proc/cpuinfo"
check "$clevo" "$bad_proc" "$bad_root" 01:00.0
expect_match "cpu warn: no cpuinfo" '^warn  CPU virtualization: cannot read .*/cpuinfo$' "$out"

# The iGPU: no group, the boot display.
check "$clevo" "$good_proc" "$good_root" 00:02.0
expect_match "group fail: none" '^fail  00:02.0 group: in no IOMMU group' "$out"
expect_match "boot_vga warn" '^warn  00:02.0 boot_vga: boot_vga 1: the firmware and the host.s console draw on it$' "$out"
expect_no_match "no vfio node without a group" '00:02.0 /dev/vfio' "$out"
# The audio of group 8, held by the host.
check "$clevo" "$good_proc" "$good_root" 00:1f.3
expect_match "group fail: not viable" '^fail  00:1f.3 group: group 8 is not viable, held by host drivers: 0000:00:1f.3 snd_hda_intel, 0000:00:1f.4 i801_smbus$' "$out"
expect_match "group fix" '^      fix: vfiotui bind 00:1f.3 gives every device of the group to vfio-pci$' "$out"
check "$clevo" "$good_proc" "$good_root" 05:00.0
expect_match "no such device" '^fail  GPU: no such PCI device$' "$out"
expect_eq "no such device: exit status" 1 "$rc"

# The desktop: an RTX 2080 on the host's drivers, a sleeping GTX 1050 Ti.
desktop=$(fixture desktop-2gpu --no-config)
amd_proc=$(proc amd svm "root=/dev/nvme0n1p2")
check "$desktop" "$amd_proc" "$good_root"
expect_match "AMD cmdline ok" '^ok    IOMMU on the command line: no amd_iommu=: AMD-Vi is on by default$' "$out"
# Domain 0001 holds its NVMe drive: addresses are written in full.
expect_match "driver warn" '^warn  0000:04:00.0 driver: bound to nvidia: the host has it$' "$out"
expect_match "driver fix" '^      fix: vfiotui bind 0000:04:00.0 before the guest starts$' "$out"
expect_match "four functions" '^ok    0000:04:00.0 functions: 4 functions, in one group: 0000:04:00.0 \[030000\], 0000:04:00.1 \[040300\], 0000:04:00.2 \[0c0330\], 0000:04:00.3 \[0c8000\]$' "$out"
expect_match "vfio node warn" '^warn  0000:04:00.0 /dev/vfio: no /dev/vfio/17 yet: it comes when the group is bound to vfio-pci$' "$out"
expect_match "power ok" '^ok    0000:05:00.0 power: D3cold \(power_state D3cold, control auto\); it can reach D3cold when idle$' "$out"
# The kernel's word on whose IOMMU it is beats the CPU's (a VM on an AMD
# CPU with an emulated VT-d: the parameter to name is intel_iommu=).
mkdir -p "$desktop/class/iommu/dmar0"
check "$desktop" "$amd_proc" "$good_root"
expect_match "Intel IOMMU on an AMD CPU" '^warn  IOMMU on the command line: no intel_iommu=on: this kernel turned it on by default$' "$out"
rmdir "$desktop/class/iommu/dmar0"
expect_match "cmdline warn with groups" '^warn  IOMMU on the command line: no intel_iommu=on: this kernel turned it on by default$' \
	"$(timeout 10 "$VFIOTUI" --sysfs "$desktop" --proc "$plain_proc" check --files-root "$good_root")"

# A split slot, a GPU kept out of D3cold, and no IOMMU at all.
split=$(custom split \
	'0000:00:01.0 class=060400 id=8086:1901 group=1 driver=pcieport' \
	'0000:01:00.0 class=030000 id=10de:1c20 group=1 driver=vfio-pci parent=0000:00:01.0 d3cold_allowed=0 control=auto' \
	'0000:01:00.1 class=040300 id=10de:10f1 group=2 driver=snd_hda_intel parent=0000:00:01.0')
check "$split" "$good_proc" "$good_root"
expect_match "functions warn" '^warn  01:00.0 functions: 0000:01:00.1 is in another IOMMU group than 0000:01:00.0' "$out"
expect_match "power warn: d3cold" '^warn  01:00.0 power: .*d3cold_allowed 0: it never reaches D3cold$' "$out"
nogroups=$(custom nogroups \
	'0000:00:01.0 class=060400 id=8086:1901 driver=pcieport' \
	'0000:01:00.0 class=030000 id=10de:1c20 driver=nouveau parent=0000:00:01.0')
check "$nogroups" "$bad_proc" "$good_root"
expect_match "groups fail" '^fail  IOMMU groups: no IOMMU groups in .*/kernel/iommu_groups: the IOMMU is off$' "$out"
check "$nogroups" "$plain_proc" "$good_root"
expect_match "cmdline fail: absent" '^fail  IOMMU on the command line: no intel_iommu=on on the kernel command line$' "$out"

# Another user: /dev nodes it may not open, and its memlock limit.
if command -v setpriv >/dev/null && [ "$(id -u)" -eq 0 ]; then
	chmod -R a+rX "$TMP"
	chmod 600 "$good_root/dev/kvm" "$good_root/dev/vfio/1"
	out=$(ulimit -l 64; setpriv --reuid=65534 --regid=65534 --clear-groups \
		env ASAN_OPTIONS=detect_leaks=0 "$VFIOTUI" --sysfs "$clevo" \
		--proc "$good_proc" check --files-root "$good_root" 01:00.0 2>&1)
	expect_match "kvm fail: access" '^fail  /dev/kvm: /dev/kvm: Permission denied for this user$' "$out"
	expect_match "kvm fix: group" '^      fix: add yourself to group kvm' "$out"
	expect_match "vfio node fail: access" '^fail  01:00.0 /dev/vfio: /dev/vfio/1: Permission denied for this user$' "$out"
	expect_match "vfio node fix: where the udev rule goes" "^      fix: install vfiotui's udev rule \($UDEV_RULE gives group kvm the node\)" "$out"
	expect_match "memlock warn" '^warn  memlock limit: 64 KiB: a guest with a passed-through device gets at most that much memory$' "$out"
fi
if [ "$(ulimit -H -l)" = unlimited ]; then
	out=$(ulimit -l unlimited; "$VFIOTUI" --sysfs "$clevo" --proc "$good_proc" check --files-root "$good_root")
	expect_match "memlock ok" '^ok    memlock limit: unlimited' "$out"
fi

# JSON for scripts.
if command -v jq >/dev/null; then
	out=$("$VFIOTUI" --sysfs "$clevo" --proc "$good_proc" check --json --files-root "$good_root" 01:00.0)
	expect_eq "json: the group check" "ok" "$(printf '%s' "$out" | jq -r '.[] | select(.name == "01:00.0 group") | .level')"
	expect_eq "json: a fix" "null" "$(printf '%s' "$out" | jq -r '.[0].fix')"
fi

# A VM with no display controller at all: no GPU, not "but the boot one".
nogpu=$(custom nogpu \
	'0000:00:01.0 class=060400 id=8086:1901 group=1 driver=pcieport' \
	'0000:01:00.0 class=020000 id=8086:10d3 group=1 driver=e1000e parent=0000:00:01.0')
check "$nogpu" "$good_proc" "$good_root"
expect_match "no GPU at all" '^warn  GPU: no GPU: no display controller \(PCI class 03\) in .*/nogpu\.' "$out"
expect_no_match "no GPU: not the boot one" 'boot_vga' "$out"
expect_eq "no GPU: exit status" 0 "$rc"

# A tree without --proc and --files-root: what /proc and / say is this
# machine's, so those checks are skipped, naming why; the tree's are run.
out=$(timeout 10 "$VFIOTUI" --sysfs "$clevo" check 2>&1)
rc=$?
for name in "CPU virtualization" /dev/kvm "IOMMU on the command line" \
    iommu=pt "interrupt remapping" "vfio modules" "01:00.0 /dev/vfio" OVMF; do
	expect_match "tree alone: $name skipped" "^skip  $name: not checked: .* is this machine's, and $clevo stands for another\$" "$out"
done
expect_match "tree alone: /dev/vfio/1 named" '^skip  01:00\.0 /dev/vfio: not checked: /dev/vfio/1 is this' "$out"
expect_match "tree alone: the tree's checks run" '^ok    IOMMU groups: 11 IOMMU groups in ' "$out"
expect_match "tree alone: the count" '^[0-9]+ ok, [0-9]+ warn, [0-9]+ fail, 8 skipped \(this machine.s, not the tree.s\)$' "$out"
expect_no_match "tree alone: no fail from this machine" '^fail  (/dev|01:00\.0 /dev/vfio)' "$out"
expect_eq "tree alone: exit status" 0 "$rc"
if command -v jq >/dev/null; then
	expect_eq "tree alone: json level" skip "$("$VFIOTUI" --sysfs "$clevo" check --json | jq -r '.[] | select(.name == "/dev/kvm") | .level')"
fi

"$VFIOTUI" --sysfs "$clevo" check ../x >/dev/null 2>&1
expect_eq "bad address: exit status" 2 "$?"

finish
