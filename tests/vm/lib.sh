# Shared by the tests that run inside the test VM (tests/vm/*.vm), sourced
# after tests/lib.sh: the topology's addresses, and the kernel's own view
# of a device (its driver, group, power) read straight from the real /sys,
# to hold vfiotui's answers against.

if [ ! -d /vmresults ] || [ "$(hostname)" != vfiotui-vm ]; then
	# These tests bind real devices: never on the host.
	echo "not inside the test VM: run it through tests/vm/run" >&2
	exit 99
fi
# shellcheck source=topology.sh
. "$VM_TOPOLOGY"

dev_dir() {
	printf '/sys/bus/pci/devices/%s\n' "$1"
}

# driver_of ADDR: the driver the kernel has bound, or "none".
driver_of() {
	local link
	link=$(readlink "$(dev_dir "$1")/driver" 2>/dev/null) || { echo none; return; }
	basename "$link"
}

# group_of ADDR: the kernel's IOMMU group number, or nothing.
group_of() {
	local link
	link=$(readlink "$(dev_dir "$1")/iommu_group" 2>/dev/null) || return 0
	basename "$link"
}

# wait_driver ADDR DRIVER [SECONDS]: until the kernel has bound DRIVER.
wait_driver() {
	local deadline=$((SECONDS + ${3:-15}))
	while [ "$SECONDS" -le "$deadline" ]; do
		[ "$(driver_of "$1")" = "$2" ] && return 0
		sleep 0.05
	done
	return 1
}

# expect_driver WHAT ADDR DRIVER: the kernel has bound DRIVER to ADDR.
expect_driver() {
	expect_eq "$1: $2's driver" "$3" "$(driver_of "$2")"
}

# wait_path_gone PATH [SECONDS] / wait_path PATH [SECONDS]
wait_path() {
	local deadline=$((SECONDS + ${2:-15}))
	while [ "$SECONDS" -le "$deadline" ]; do
		[ -e "$1" ] && return 0
		sleep 0.05
	done
	return 1
}
wait_path_gone() {
	local deadline=$((SECONDS + ${2:-15}))
	while [ "$SECONDS" -le "$deadline" ]; do
		[ -e "$1" ] || return 0
		sleep 0.05
	done
	return 1
}

# module_loaded NAME: yes or no, from /proc/modules.
module_loaded() {
	if grep -q "^$1 " /proc/modules; then echo yes; else echo no; fi
}
