#!/bin/bash
# contrib/arch/PKGBUILD, which no makepkg here can run: its pkgver is
# configure.ac's version and its tarball the one make dist names, and the
# dirs its configure line passes are the ones configure itself picks from
# Arch's pkg-config files (udev's, polkit's, systemd's, bash-completion's:
# their variables as Arch ships them, below), under its prefix.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

top=$(cd "$(dirname "$TESTLIB")/.." && pwd)
pkgbuild=$top/contrib/arch/PKGBUILD

# What configure.ac's AC_INIT says, and what the PKGBUILD says.
init=$(sed -n 's/^AC_INIT(\[\([^]]*\)\], \[\([^]]*\)\].*/\1 \2/p' "$top/configure.ac")
pkg=$(bash -c '. "$1" && echo "$pkgname $pkgver ${source[0]}"' sh "$pkgbuild")
expect_match "configure.ac's AC_INIT read" '^vfiotui [0-9]' "$init"
expect_eq "pkgname and pkgver are AC_INIT's" "$init" "${pkg% *}"
expect_eq "the source is make dist's tarball" \
	"${init% *}-${init#* }.tar.gz" "${pkg##* }"

# The options of build()'s ./configure line, one a line.
opts=$(sed -n '/^build()/,/^}/p' "$pkgbuild" |
	sed -n '/\.\/configure/,/[^\\]$/p' | grep -o -- '--[a-z-]*=[^ \\]*')
expect_match "build() configures --prefix=/usr" '^--prefix=/usr$' "$opts"

# Arch's .pc files, as their packages (systemd, polkit, bash-completion)
# ship them, the variables configure reads among the others.
mkdir "$TMP/pc"
pc() {
	{ echo "Name: $1"; echo "Description: $1"; echo "Version: 1"; } \
		>>"$TMP/pc/$1.pc"
}
printf 'prefix=/usr\nudev_dir=/usr/lib/udev\nudevdir=${udev_dir}\n' >"$TMP/pc/udev.pc"
pc udev
printf 'prefix=/usr\nroot_prefix=/usr\nsystemd_system_unit_dir=${root_prefix}/lib/systemd/system\nsystemdsystemunitdir=${systemd_system_unit_dir}\n' \
	>"$TMP/pc/systemd.pc"
pc systemd
printf 'prefix=/usr\ndatadir=${prefix}/share\npolicydir=${datadir}/polkit-1/actions\n' \
	>"$TMP/pc/polkit-gobject-1.pc"
pc polkit-gobject-1
printf 'prefix=/usr\ndatadir=${prefix}/share\ncompletionsdir=${datadir}/bash-completion/completions\n' \
	>"$TMP/pc/bash-completion.pc"
pc bash-completion

# configure with the PKGBUILD's prefix options but not its dirs, on a
# copy of what it reads (the source tree may be configured in place,
# and then refuses another build).
mkdir -p "$TMP/src/src/cmd"
cp -R "$top/configure" "$top/Makefile.in" "$top/config.h.in" \
	"$top/build-aux" "$TMP/src/"
chmod -R u+w "$TMP/src"	# distcheck's source tree is read-only
: >"$TMP/src/src/cmd/main.c"
mkdir "$TMP/build"
# shellcheck disable=SC2046
(cd "$TMP/build" && PKG_CONFIG_PATH="$TMP/pc${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" \
	../src/configure -q $(grep -v -- '^--with-' <<<"$opts")) \
	>"$TMP/configure.log" 2>&1
rc=$?
expect_eq "configure runs with the PKGBUILD's options" 0 "$rc"
[ "$rc" -eq 0 ] || sed 's/^/    | /' "$TMP/configure.log"

# Each dir configure chose is the one the PKGBUILD passes, and it passes
# no other.
for dir in udevrulesdir polkitactiondir systemdsystemunitdir bashcompletiondir; do
	chose=$(sed -n "s/^$dir = //p" "$TMP/build/Makefile")
	passes=$(sed -n "s/^--with-$dir=//p" <<<"$opts")
	expect_match "configure picks a $dir from Arch's .pc" '^/usr/' "$chose"
	expect_eq "the PKGBUILD passes configure's $dir" "$chose" "$passes"
done
expect_eq "the PKGBUILD passes only those dirs" 4 \
	"$(grep -c -- '^--with-' <<<"$opts")"

finish
