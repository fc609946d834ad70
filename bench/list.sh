#!/bin/bash
# bench/list.sh: times `vfiotui --sysfs TREE list` against `lspci -nn` on a
# synthetic host of 5000 PCI devices in 1000 IOMMU groups, and prints the
# ratio.  A measurement, not a test: it exits 0 whatever the ratio.
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
command -v lspci >/dev/null || die "lspci not found (package pciutils)"

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

# Wall time of "$@" in seconds: the best of five runs after a warm-up, so
# that a stray scheduling hiccup on a small machine does not decide.
time_cmd()
{
	local i t0 t1 best=

	"$@" >/dev/null 2>&1 || no_figure "$1 failed on its warm-up run"
	for i in 1 2 3 4 5; do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || no_figure "$1 failed on timed run $i"
		t1=$(date +%s%N)
		if [ -z "$best" ] || [ $((t1 - t0)) -lt "$best" ]; then
			best=$((t1 - t0))
		fi
	done
	awk -v ns="$best" 'BEGIN { printf "%.3f\n", ns / 1e9 }'
}

big_host_desc >"$tmp/host.desc"
"$mkfixture" "$tmp/host.desc" "$tmp/with-config"
"$mkfixture" --no-config "$tmp/host.desc" "$tmp/no-config"

run_vfiotui=("$vfiotui" --sysfs "$tmp/no-config" list)
run_lspci=(lspci -A linux-sysfs -O "sysfs.path=$tmp/with-config/bus/pci" -nn)

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

ndev=$(wc -l <"$tmp/host.desc")
echo "host: $ndev devices in 1000 IOMMU groups"
t_vfiotui=$(time_cmd "${run_vfiotui[@]}") || exit 1
t_lspci=$(time_cmd "${run_lspci[@]}") || exit 1
echo "vfiotui list: $t_vfiotui s"
echo "lspci -nn: $t_lspci s"
awk -v a="$t_vfiotui" -v b="$t_lspci" 'BEGIN {
	if (b > 0)
		printf "ratio vfiotui/lspci: %.2f (target <= 0.50)\n", a / b
	else
		print "ratio vfiotui/lspci: n/a (lspci took no measurable time)"
}'

if [[ -x /usr/bin/time ]]; then
	rss_vfiotui=$(/usr/bin/time -f %M -o "$tmp/rss" "${run_vfiotui[@]}" \
	    >/dev/null 2>&1 && cat "$tmp/rss") ||
	    no_figure "peak RSS: vfiotui failed"
	rss_lspci=$(/usr/bin/time -f %M -o "$tmp/rss" "${run_lspci[@]}" \
	    >/dev/null 2>&1 && cat "$tmp/rss") ||
	    no_figure "peak RSS: lspci failed"
	echo "peak RSS: vfiotui $rss_vfiotui KiB, lspci $rss_lspci KiB"
else
	echo "peak RSS: skipped (/usr/bin/time not installed: package time)"
fi
exit 0
