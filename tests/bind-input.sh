#!/bin/bash
# bind, unbind and restore on bad input and in dry runs: a one-line error,
# exit 2 for what is not an address and 1 for an address with no device
# or no group there, every write in order
# for --dry-run, the refusals a user may overrule, and nothing written in
# any of these cases (the tree is compared before and after).
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

export XDG_RUNTIME_DIR=$TMP/run
tree=$(fixture desktop-2gpu --no-config)
snapshot() {
	(cd "$tree" && find . -printf '%p %l\n' | sort &&
		find . -type f -exec cat {} + | md5sum)
}
before=$(snapshot)

# run_cli WHAT WANT_RC REGEX ARGS...
run_cli() {
	local what=$1 want=$2 regex=$3 rc
	shift 3
	"$VFIOTUI" --sysfs "$tree" "$@" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	expect_eq "$what: exit status" "$want" "$rc"
	expect_match "$what: says why" "$regex" "$(cat "$TMP/err")"
}

for verb in bind unbind; do
	for bad in 1:00.0 04:00.8 ../04:00.0 "04:00.0/../../x" \
		"0000:04:00.0/driver_override" ""; do
		run_cli "$verb '$bad'" 2 "$verb: '.*' is not a PCI address" \
			"$verb" --dry-run "$bad"
		expect_eq "$verb '$bad': one line" 1 "$(wc -l < "$TMP/err")"
	done
	run_cli "$verb an absent device" 1 "$verb: no PCI device 0000:0a:00\.0" \
		"$verb" 0a:00.0
	run_cli "$verb a device without a group" 1 \
		"$verb: 0000:00:00\.0 has no IOMMU group" "$verb" 00:00.0
	run_cli "$verb without an address" 2 "$verb: expected one address" "$verb"
	run_cli "$verb with two" 2 "unexpected argument '04:00.1'" \
		"$verb" 04:00.0 04:00.1
done
run_cli "restore takes no address" 2 "restore: unexpected argument" \
	restore 04:00.0
run_cli "restore has no --force" 2 "restore: unexpected argument '--force'" \
	restore --force

# The dry run of the RTX 2080: its four functions, each journaled, then
# the override, the unbind from its driver and the probe, in that order.
"$VFIOTUI" --sysfs "$tree" bind --dry-run 04:00.2 > "$TMP/out" 2> "$TMP/err"
expect_eq "dry run: exit status" 0 "$?"
expect_eq "dry run: the writes in order" "$(cat <<EOW
journal $TMP/run/vfiotui/journal/0000:04:00.0 driver=nvidia override=
write $tree/bus/pci/devices/0000:04:00.0/driver_override vfio-pci
write $tree/bus/pci/drivers/nvidia/unbind 0000:04:00.0
write $tree/bus/pci/drivers_probe 0000:04:00.0
journal $TMP/run/vfiotui/journal/0000:04:00.1 driver=snd_hda_intel override=
write $tree/bus/pci/devices/0000:04:00.1/driver_override vfio-pci
write $tree/bus/pci/drivers/snd_hda_intel/unbind 0000:04:00.1
write $tree/bus/pci/drivers_probe 0000:04:00.1
journal $TMP/run/vfiotui/journal/0000:04:00.2 driver=xhci_hcd override=
write $tree/bus/pci/devices/0000:04:00.2/driver_override vfio-pci
write $tree/bus/pci/drivers/xhci_hcd/unbind 0000:04:00.2
write $tree/bus/pci/drivers_probe 0000:04:00.2
journal $TMP/run/vfiotui/journal/0000:04:00.3 driver=nvidia-gpu override=
write $tree/bus/pci/devices/0000:04:00.3/driver_override vfio-pci
write $tree/bus/pci/drivers/nvidia-gpu/unbind 0000:04:00.3
write $tree/bus/pci/drivers_probe 0000:04:00.3
0000:04:00.0: would go nvidia -> vfio-pci
0000:04:00.1: would go snd_hda_intel -> vfio-pci
0000:04:00.2: would go xhci_hcd -> vfio-pci
0000:04:00.3: would go nvidia-gpu -> vfio-pci
EOW
)" "$(cat "$TMP/out")"
expect_eq "dry run: only the USB controller's warning" \
	"vfiotui: warning: 0000:04:00.2 is a USB controller: the host's keyboard and mouse may be on it" \
	"$(cat "$TMP/err")"

"$VFIOTUI" --sysfs "$tree" unbind --dry-run 05:00.1 > "$TMP/out"
expect_match "unbind dry run clears the override" \
	"^write $tree/bus/pci/devices/0000:05:00\.0/driver_override \(a newline: clears it\)$" \
	"$(cat "$TMP/out")"
expect_match "and leaves vfio-pci" \
	"^write $tree/bus/pci/drivers/vfio-pci/unbind 0000:05:00\.1$" "$(cat "$TMP/out")"
expect_match "unbind dry run: would" \
	'^0000:05:00\.1: would go vfio-pci -> ' "$(cat "$TMP/out")"
expect_no_match "unbind dry run: nothing said as done" '^0000:05:00\.[01]: vfio-pci -> ' \
	"$(cat "$TMP/out")"

# Refusals: the boot GPU, the NVMe, a GPU a process holds.
run_cli "the boot VGA device" 1 \
	'0000:03:00\.0 is the boot VGA device, the host.s console' bind 03:00.0
expect_match "and how to overrule" 'IOMMU group 16 left as it is \(--force to take it anyway\)' \
	"$(cat "$TMP/err")"
"$VFIOTUI" --sysfs "$tree" bind --dry-run --force 03:00.0 > "$TMP/out"
expect_eq "--force passes it" 0 "$?"
nvme=$(awk '/class=0108/ && /group=/ {print $1; exit}' "$FIXTURES/desktop-2gpu.desc")
run_cli "a storage controller" 1 "${nvme//./\\.} is a storage controller the host may need" \
	bind "$nvme"

mkdir -p "$TMP/proc/4242/fd" "$TMP/proc/4243/fd" "$tree/devices/pci0000:00/0000:00:03.1/0000:04:00.0/drm/card1"
echo Xorg > "$TMP/proc/4242/comm"
echo bash > "$TMP/proc/4243/comm"
ln -s /dev/dri/card1 "$TMP/proc/4242/fd/12"
ln -s /dev/pts/0 "$TMP/proc/4243/fd/0"
"$VFIOTUI" --sysfs "$tree" --proc "$TMP/proc" bind 04:00.0 > /dev/null 2> "$TMP/err"
expect_eq "a GPU in use: refused" 1 "$?"
expect_match "the holder named" '^vfiotui: 0000:04:00\.0 is in use by Xorg \(4242\)$' "$(cat "$TMP/err")"
expect_match "also as nvidia's device node" '0000:04:00\.0 is in use by' "$(
	rm "$TMP/proc/4242/fd/12"; ln -s /dev/nvidia0 "$TMP/proc/4242/fd/12"
	"$VFIOTUI" --sysfs "$tree" --proc "$TMP/proc" bind 04:00.0 2>&1)"
rmdir "$tree/devices/pci0000:00/0000:00:03.1/0000:04:00.0/drm/card1" \
	"$tree/devices/pci0000:00/0000:00:03.1/0000:04:00.0/drm"

# A running guest holds the GTX 1050 Ti's group: not taken from under it.
mkdir -p "$TMP/proc/5150/fd"
echo qemu-system-x86 > "$TMP/proc/5150/comm"
ln -s /dev/vfio/18 "$TMP/proc/5150/fd/31"
"$VFIOTUI" --sysfs "$tree" --proc "$TMP/proc" unbind 05:00.0 > /dev/null 2> "$TMP/err"
expect_eq "a group a guest holds: refused" 1 "$?"
expect_match "the guest named" \
	'^vfiotui: unbind: IOMMU group 18 is assigned to a running guest: /dev/vfio/18 is open in qemu-system-x86 \(5150\)$' \
	"$(cat "$TMP/err")"
expect_match "and how to go on" 'IOMMU group 18 left as it is \(stop the guest first, or --force\)' \
	"$(cat "$TMP/err")"
"$VFIOTUI" --sysfs "$tree" --proc "$TMP/proc" unbind --dry-run --force 05:00.0 > "$TMP/out"
expect_eq "--force passes it" 0 "$?"

# Without root, on the real /sys: what to install, and nothing else done.
# (Only where user nobody can run the binary: the build may sit in /root.)
nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}
if command -v setpriv >/dev/null && [ "$(id -u)" -eq 0 ] &&
	nobody "$VFIOTUI" --version >/dev/null 2>&1; then
	nobody "$VFIOTUI" restore > "$TMP/out" 2> "$TMP/err"
	expect_eq "not root: exit status" 1 "$?"
	expect_match "not root: says what to install" \
		'^vfiotui: restore needs root: run it as root, or install vfiotui \(.make install. puts the polkit action in .*/polkit-1/actions/org\.vfiotui\.policy\) and polkit.s pkexec$' \
		"$(cat "$TMP/err")"
	# What the system refuses anyway is said before root is asked for.
	for verb in bind unbind; do
		nobody "$VFIOTUI" "$verb" 7777:00:00.0 > "$TMP/out" 2> "$TMP/err"
		expect_eq "not root, $verb an absent device: exit status" 1 "$?"
		expect_match "not root, $verb an absent device: says so" \
			"^vfiotui: $verb: no PCI device 7777:00:00\.0 under /sys/bus/pci/devices$" \
			"$(cat "$TMP/err")"
	done
	for dev in /sys/bus/pci/devices/*; do
		[ -e "$dev/iommu_group" ] && continue
		dev=${dev##*/}
		nobody "$VFIOTUI" bind "$dev" > "$TMP/out" 2> "$TMP/err"
		expect_eq "not root, no group: exit status" 1 "$?"
		expect_match "not root, no group: says so, not root" \
			"^vfiotui: bind: $dev has no IOMMU group" "$(cat "$TMP/err")"
		expect_no_match "not root, no group: no pkexec" 'needs root' \
			"$(cat "$TMP/err")"
		break
	done
fi

expect_eq "nothing in the tree changed" "$before" "$(snapshot)"
expect_eq "no journal written" "" "$(ls -A "$TMP/run" 2>/dev/null)"

finish
