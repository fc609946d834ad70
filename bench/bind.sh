#!/bin/bash
# bench/bind.sh: on the real kernel in the test VM (tests/vm/run: Debian's
# kernel, an emulated Intel IOMMU), the time from `vfiotui bind 01:00.0`
# to /dev/vfio/N present, and from `vfiotui unbind 01:00.0` to both
# functions back on their host drivers, beside the same sysfs writes done
# by the plain shell script such users run today (for each function:
# driver_override, unbind, drivers_probe), as ratios vfiotui/shell.  One
# VM runs bench/bind.vm, which does the timing and prints the figures.
# vfiotui does more than the script (refusal checks, reading the group,
# the journal), so a ratio above 1 is expected: it is the cost of those.
# A measurement, not a test: it exits 0 whatever the ratios, and non-zero
# (printing no figure) when the VM or any round failed or timed out.
#
# usage: bench/bind.sh [BUILD_DIR | VFIOTUI_BINARY]
#   The binary is, in order: BUILD_DIR/vfiotui, the argument, $VFIOTUI,
#   then build/vfiotui, vfiotui or src/vfiotui at the top of the
#   repository; the build dir is the binary's.  $VM_CACHE: the kernel
#   cache (BUILD_DIR/tests/vm-cache; tests/vm/cache.sh makes it when
#   missing, with apt).
#   BENCH_ROUNDS: timed rounds (20); BENCH_SHORT=1: 3 rounds, for CI.
#   $VM_TIMEOUT: seconds the VM may run (120 + 20 a round).
#   Needs qemu-system-x86_64.  The VM's dir goes under $TMPDIR if set,
#   else /tmp (the VM must see the host's path); it is kept on failure,
#   and with BENCH_KEEP=1 (bind.dir/samples: every time measured).
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
me=bench/bind.sh
# shellcheck source=bench/common.sh
. "$top/bench/common.sh"

if [[ -n ${1:-} && -d $1 ]]; then
	vfiotui=$(find_tool "$1/vfiotui") || die "no vfiotui in $1"
else
	vfiotui=$(find_vfiotui "${1:-}")
fi
vfiotui=$(cd "$(dirname "$vfiotui")" && pwd)/$(basename "$vfiotui")
build=$(dirname "$vfiotui")

if [[ -n ${BENCH_ROUNDS:-} ]]; then
	rounds=$BENCH_ROUNDS
elif [[ ${BENCH_SHORT:-0} = 1 ]]; then
	rounds=3
else
	rounds=20
fi
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive number"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vfiotui-bindbench.XXXXXX")
case $tmp in
/dev/* | /run/* | /proc/* | /sys/*)
	rm -rf "$tmp"
	die "$tmp is not seen inside the VM: set TMPDIR to a disk path"
	;;
esac
keep=1
trap 'if [[ $keep = 0 ]]; then rm -rf "$tmp"; fi' EXIT

# The test that tests/vm/run boots: bench/bind.vm with the rounds (the VM
# gets only the make check variables that run passes on).
printf '%s\n' '#!/bin/bash' \
    "export BENCH_ROUNDS=$rounds" \
    "exec bash $(printf '%q' "$top/bench/bind.vm")" >"$tmp/bind.vm"

export VFIOTUI=$vfiotui
export VM_CACHE=${VM_CACHE:-$build/tests/vm-cache}
export VM_DIR_ROOT=$tmp
export VM_TIMEOUT=${VM_TIMEOUT:-$((120 + 20 * rounds))}

# TCG runs the VM on the host's CPUs: anything else running skews it.
read -r load0 _ </proc/loadavg
rc=0
(cd "$tmp" && "$top/tests/vm/run" "$tmp/bind.vm") >"$tmp/out" 2>&1 || rc=$?
if ((rc != 0)); then
	# Anything after the marker would be a figure from a failed run.
	sed '/^--- figures$/,$d' "$tmp/out" >&2
	case $rc in
	77) echo "$me: skipped: the VM cannot run here (see above)" >&2 ;;
	99) echo "$me: the VM did not finish (see above; $tmp/bind.dir" \
	    "keeps its logs): no figures" >&2 ;;
	*) echo "$me: the bench failed in the VM (exit $rc; $tmp/bind.dir" \
	    "keeps its logs): no figures" >&2 ;;
	esac
	exit "$rc"
fi
grep -q '^--- figures$' "$tmp/out" ||
	die "the VM printed no figures: $(cat "$tmp/out")"
if [[ ${BENCH_KEEP:-0} = 1 ]]; then
	echo "samples: $tmp/bind.dir/samples"
else
	keep=0
fi
read -r load1 _ </proc/loadavg
echo "host: $(nproc) CPUs, load average $load0 before the VM, $load1 after" \
    "(other work on them makes every time below longer and noisier)"
sed '/^--- figures$/d' "$tmp/out"
exit 0
