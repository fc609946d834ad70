#!/bin/bash
# The Guests pane's + (tmux; the reference laptop's fixture with its CPUs,
# a --proc of 16 GiB and no hugepages, vfiotui's net.conf): a form whose
# fields are what guest new chooses on this machine, each with why under
# it (the GPU 0000:01:00.0, half the memory, the pinned cores, the VDE
# network); Esc writes nothing; a name that is none and a memory that is
# none are refused in the form; a memory changed and a disk size land in
# the profile written (the qcow2 disk made), which is the one guest new
# --memory --disk writes, shown, then listed.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
[ -f /usr/share/OVMF/OVMF_CODE.fd ] || [ -d /usr/share/qemu/firmware ] ||
	skip "no OVMF installed (package ovmf)"

tree=$(fixture clevo-p650hp6 --no-config)
laptop_cpus "$tree"
mkdir -p "$TMP/proc"
printf 'MemTotal:       16777216 kB\nHugePages_Total:       0\nHugepagesize:       2048 kB\n' \
	>"$TMP/proc/meminfo"
: >"$XDG_CONFIG_HOME/vfiotui/net.conf"

tui_start 120 40 --sysfs "$tree" --proc "$TMP/proc"
tui_keys 3
tui_expect "the Guests pane, empty" '^No guests'
tui_keys +
tui_expect "+ opens the form" 'A new guest from this machine, as guest new writes it'
tui_expect "the cursor on the name" '> Name  '
tui_expect "the GPU guest new picks" '  GPU +0000:01:00\.0 '
tui_expect "and why" "not the host's boot GPU: IOMMU group 1, 1 function, laptop sub-ids"
tui_expect "memory: half of the host's" '  Memory +8G '
tui_expect "and why" "half of the host's 16 GiB, at most 8 GiB; no hugepages reserved"
tui_expect "vCPUs: the cores beside the first" '  vCPUs +6 '
tui_expect "and why" 'pinned to CPUs 1-3,5-7 \(pin = auto\)'
tui_expect "the network: net.conf's switch" '  Network +vde '
tui_expect "and why" "vfiotui's VDE switch, as its net.conf says"
tui_expect "no installer yet" 'none: an installer ISO'
tui_keys Escape
tui_gone 'A new guest from this machine' || fail "Esc did not close the form"
expect_eq "Esc writes nothing" "" "$(ls -A "$GUESTS")"

tui_keys +
tui_expect "+ again: the form" 'A new guest from this machine'
tui_keys C-x
tui_expect "no name: refused in the form" "Name: '' cannot name a guest"
tui_keys win10 Down Down Down Down
tui_expect "Down to the memory" '> Memory +8G'
tui_keys C-u lots Tab
tui_expect "a memory that is none: why says so" \
	"Memory: --memory wants e.g. 8G or 4096M, not 'lots'"
tui_keys Up C-u 4G Tab
tui_expect "4G: why follows" 'as given; the host has 16 GiB, no hugepages reserved'
tui_keys Up Up C-u 2G Tab
tui_expect "a size as the disk: a qcow2 disk to make" \
	"a new qcow2 disk of 2G, made in vfiotui's data dir as win10\.qcow2"
expect_eq "nothing written while it is filled in" "" "$(ls -A "$GUESTS")"
tui_keys C-x
tui_expect "written, and shown" 'pci = 01:00\.0 x-pci-sub-vendor-id=0x1558'
prof=$GUESTS/win10.conf
expect_eq "the memory typed is the profile's" "memory = 4G" "$(grep '^memory = ' "$prof")"
disk=$HOME/.local/share/vfiotui/disks/win10.qcow2
expect_eq "the disk made, and named" "disk = $disk if=virtio" "$(grep '^disk = ' "$prof")"
if command -v qemu-img >/dev/null; then
	expect_eq "a qcow2 disk of 2 GiB" "qcow2 2147483648" \
		"$(qemu-img info --output=json "$disk" | jq -r '"\(.format) \(.["virtual-size"])"')"
fi
out=$(timeout 30 "$VFIOTUI" --sysfs "$tree" --proc "$TMP/proc" guest new win10 \
	--memory 4G --disk 2G --print)
expect_eq "the profile guest new --memory 4G --disk 2G writes" "$out" "$(cat "$prof")"
tui_keys Escape
tui_expect "the new guest in the list" '^[> ] win10 +stopped'
tui_keys q
expect_eq "q exits with status 0" 0 "$(tui_exit_status)"
finish
