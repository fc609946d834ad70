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

# wait_for SECONDS CMD...: polls CMD until it succeeds, for SECONDS.
wait_for() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		[ "$SECONDS" -le "$deadline" ] || return 1
		sleep 0.05
	done
}

has_driver() {
	[ "$(driver_of "$1")" = "$2" ]
}

# wait_driver ADDR DRIVER [SECONDS]: until the kernel has bound DRIVER.
wait_driver() {
	wait_for "${3:-15}" has_driver "$1" "$2"
}

# expect_driver WHAT ADDR DRIVER: the kernel has bound DRIVER to ADDR.
expect_driver() {
	expect_eq "$1: $2's driver" "$3" "$(driver_of "$2")"
}

no_path() {
	[ ! -e "$1" ]
}

# wait_path PATH [SECONDS] / wait_path_gone PATH [SECONDS]
wait_path() {
	wait_for "${2:-15}" test -e "$1"
}
wait_path_gone() {
	wait_for "${2:-15}" no_path "$1"
}

# module_loaded NAME: yes or no, from /proc/modules.
module_loaded() {
	if grep -q "^$1 " /proc/modules; then echo yes; else echo no; fi
}

# runtime_is ADDR STATUS: the kernel's runtime PM status of ADDR.
runtime_is() {
	[ "$(cat "$(dev_dir "$1")/power/runtime_status")" = "$2" ]
}

# holds PID PATH: whether process PID has PATH open.
holds() {
	ls -l "/proc/$1/fd" 2>/dev/null | grep -q " $2\$"
}

# ended PID: whether PID has exited.
ended() {
	! kill -0 "$1" 2>/dev/null
}
