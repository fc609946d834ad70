#!/bin/bash
# tests/vm/cache.sh DIR: makes DIR hold what the test VM boots that the host
# lacks, all from Debian's own packages: the kernel that linux-image-amd64
# depends on today (vmlinuz and its modules, depmod'ed), udev, kmod and a
# static busybox for the initramfs, and polkit's pkexec and polkitd (the
# non-root tests' path to root).  Nothing is installed on the host: the
# packages are fetched with `apt-get download` and unpacked with `dpkg -x`.
# A complete cache is kept; one that is missing or half made is made again.
# Parallel tests share it, under a lock.  Prints the kernel version.
set -euo pipefail

dir=$1
mkdir -p "$dir"
exec 9>"$dir/.lock"
flock 9

# A cache made for another list of packages is made again.
packages="udev kmod busybox-static pkexec polkitd"
if [ -f "$dir/ready" ] && [ "$(cat "$dir/packages" 2>/dev/null)" = "$packages" ]; then
	cat "$dir/ready"
	exit 0
fi
rm -f "$dir/ready"

die() {
	echo "vm cache: $*" >&2
	exit 1
}
command -v apt-get >/dev/null || die "no apt-get: the kernel comes from Debian's packages"

image=$(apt-cache depends linux-image-amd64 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -n 1)
[ -n "$image" ] || die "apt-cache names no kernel for linux-image-amd64 (run apt-get update)"

rm -rf "$dir/debs" "$dir/tree"
mkdir -p "$dir/debs" "$dir/tree"
# apt's sandbox user cannot write into a build dir; --download-only does not
# apply to `download`, so it runs in the dir, unsandboxed.
(cd "$dir/debs" &&
	apt-get download -q -o APT::Sandbox::User=root \
		"$image" $packages >download.log 2>&1) ||
	die "apt-get download failed: $(tail -n 3 "$dir/debs/download.log")"
for deb in "$dir"/debs/*.deb; do
	dpkg -x "$deb" "$dir/tree"
done

version=$(ls "$dir/tree/lib/modules")
[ -f "$dir/tree/boot/vmlinuz-$version" ] || die "no vmlinuz in $image"
# kmod picks the tool by argv[0].
(exec -a depmod "$dir/tree/bin/kmod" -b "$dir/tree" "$version") ||
	die "depmod failed"

# The guest's root is the host's, with this tree as a second lower layer.
# The host is usr-merged (/bin, /lib, /sbin are links into /usr): the
# tree's top-level dirs move under usr/, or they would hide those links.
rm -rf "$dir/layer"
mkdir -p "$dir/layer/usr"
mv "$dir/tree/boot/vmlinuz-$version" "$dir/vmlinuz"
mv "$dir/tree/bin/busybox" "$dir/busybox"
for top in bin sbin lib; do
	mkdir -p "$dir/layer/usr/$top"
	cp -a "$dir/tree/$top/." "$dir/layer/usr/$top/"
	rm -rf "${dir:?}/tree/$top"
done
cp -a "$dir/tree/usr/." "$dir/layer/usr/"
cp -a "$dir/tree/etc" "$dir/layer/etc"
rm -rf "$dir/debs" "$dir/tree"
echo "$packages" >"$dir/packages"
echo "$version" >"$dir/ready"
echo "$version"
