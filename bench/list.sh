#!/bin/bash
# bench/list.sh: times `vfiotui --sysfs TREE list` against `lspci -nn` on
# synthetic hosts of 25, 500 and 5000 PCI devices (the first of 1000 IOMMU
# groups of 5), the median of several runs each, and prints the ratios
# and both peak RSS at 5000.  A measurement, not a test: it exits 0
# whatever the ratio.
#
# usage: bench/list.sh [VFIOTUI_BINARY]
#   The binary is, in order: the argument, $VFIOTUI, then build/vfiotui,
#   vfiotui or src/vfiotui at the top of the repository.  $MKFIXTURE may name a built
#   tests/mkfixture; otherwise one is compiled from its sources in tests/.
#   The trees go under $TMPDIR if set, else /dev/shm, else /tmp.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
me=bench/list.sh
# shellcheck source=bench/common.sh
. "$top/bench/common.sh"

vfiotui=$(find_vfiotui "${1:-}")
need pciutils lspci

# The trees hold ~110000 files and take ~700 MB of tmpfs (a page a file).
tmp=$(make_tmp bench)
trap 'rm -rf "$tmp"' EXIT

# A built tests/mkfixture, or one compiled here from its source.
if ! mkfixture=$(find_tool "${MKFIXTURE:-}" build/tests/mkfixture \
    tests/mkfixture); then
	mkfixture=$tmp/mkfixture
	"${CC:-cc}" -std=c11 -O2 -o "$mkfixture" "$top/tests/mkfixture.c" \
	    "$top/tests/fixture_desc.c" "$top/tests/fixture_tree.c"
fi

# Wall time of "$@" in seconds: the median of $runs runs after a warm-up.
time_cmd()
{
	local i t0 t1

	"$@" >/dev/null 2>&1 || no_figure "$1 failed on its warm-up run"
	for ((i = 1; i <= runs; i++)); do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || no_figure "$1 failed on timed run $i"
		t1=$(date +%s%N)
		echo $((t1 - t0))
	done | median | awk '{ printf "%.4f\n", $1 / 1e9 }'
}

# list_size N: list and lspci -nn on the first N devices of the host, each
# on its own tree (lspci's with config files, which it reads; vfiotui's
# without, as it never does); prints their times and ratio.
list_size()
{
	local n=$1 t_v t_l

	big_host_desc | awk -v n="$n" 'NR <= n' >"$tmp/host$n.desc"
	"$mkfixture" "$tmp/host$n.desc" "$tmp/with-config$n" >/dev/null
	"$mkfixture" --no-config "$tmp/host$n.desc" "$tmp/no-config$n" >/dev/null
	run_vfiotui=("$vfiotui" --sysfs "$tmp/no-config$n" list)
	run_lspci=(lspci -A linux-sysfs -O "sysfs.path=$tmp/with-config$n/bus/pci" -nn)
	# Fail loudly rather than time a command that does not work.
	for cmd in run_vfiotui run_lspci; do
		declare -n argv=$cmd
		if ! "${argv[@]}" >/dev/null 2>"$tmp/err"; then
			echo "bench/list.sh: ${argv[*]} failed:" >&2
			cat "$tmp/err" >&2
			exit 1
		fi
		unset -n argv
	done
	t_v=$(time_cmd "${run_vfiotui[@]}") || exit 1
	t_l=$(time_cmd "${run_lspci[@]}") || exit 1
	awk -v n="$n" -v a="$t_v" -v b="$t_l" -v runs="$runs" 'BEGIN {
		printf "list %d devices: vfiotui %.4f s, lspci -nn %.4f s, " \
		    "ratio %.2f (median of %d)\n", n, a, b, (b > 0 ? a / b : 0), runs
	}'
}

# A desktop, a big server, and far past any machine (1000 groups).
runs=21
list_size 25
runs=11
list_size 500
runs=5
list_size 5000
echo "(targets: <= 0.9 at 25 devices, <= 0.35 at 5000)"

if [[ -x /usr/bin/time ]]; then
	rss_vfiotui=$(/usr/bin/time -f %M -o "$tmp/rss" "${run_vfiotui[@]}" \
	    >/dev/null 2>&1 && cat "$tmp/rss") ||
	    no_figure "peak RSS: vfiotui failed"
	rss_lspci=$(/usr/bin/time -f %M -o "$tmp/rss" "${run_lspci[@]}" \
	    >/dev/null 2>&1 && cat "$tmp/rss") ||
	    no_figure "peak RSS: lspci failed"
	echo "peak RSS at 5000 devices: vfiotui $rss_vfiotui KiB, lspci $rss_lspci KiB"
else
	echo "peak RSS: skipped (/usr/bin/time not installed: package time)"
fi
exit 0
