#!/bin/bash
# The layer rule HACKING states: each folder of src/ includes only its
# own headers and those of the folders below it, and curses stays in ui/.
# An include that breaks it is named with its file and line.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

top=$(cd "$(dirname "$TESTLIB")/.." && pwd)

# What each folder may include besides itself (HACKING's table).
declare -A may=(
	[base]=""
	[host]="base"
	[net]="base"
	[rom]="base"
	[guest]="base host net"
	[check]="base host net rom guest"
	[cmd]="base host net rom guest check ui"
	[ui]="base host net guest check"
)

# Which folder each header of src/ and ui/ is in.
declare -A home=()
for h in "$top"/src/*/*.h "$top"/ui/*.h; do
	d=$(basename "$(dirname "$h")")
	home[$(basename "$h")]=$d
done
expect_match "the headers are found" '^[0-9]{2,}$' "${#home[@]}"

# violations FILE FOLDER: FILE's includes that FOLDER may not make.
violations() {
	local f=$1 d=$2 line inc h to
	while IFS=: read -r line inc; do
		h=$(sed -n 's/^#include "\(.*\)"$/\1/p' <<<"$inc")
		[ -n "$h" ] && [ "$h" != config.h ] || continue
		to=${home[$h]:-}
		if [ -z "$to" ]; then
			echo "${f#"$top"/}:$line: \"$h\" is no header of src/ or ui/"
		elif [ "$to" != "$d" ] && ! grep -qw "$to" <<<"${may[$d]}"; then
			echo "${f#"$top"/}:$line: $d/ includes $to/'s $h"
		elif [ "$to" != "$d" ] && [[ $h == *_parts.h ]]; then
			echo "${f#"$top"/}:$line: $h is $to/'s own"
		fi
	done < <(grep -n '^#include "' "$f")
	if [ "$d" != ui ] && grep -qE '^#include <n?curses' "$f"; then
		echo "${f#"$top"/}: curses outside ui/"
	fi
}

broken=""
for f in "$top"/src/*/*.[ch] "$top"/ui/*.[ch]; do
	d=$(basename "$(dirname "$f")")
	if [ -z "${may[$d]+set}" ]; then
		broken+="$f: folder $d is not in HACKING's table"$'\n'
		continue
	fi
	v=$(violations "$f" "$d")
	[ -z "$v" ] || broken+="$v"$'\n'
done
expect_eq "every include keeps the layer rule" "" "${broken%$'\n'}"

# The check can fail: a host file reaching up into guest/, or curses;
# a command reaching into the checks' own header (a *_parts.h is its
# folder's, behind the folder's public header).
printf '%s\n' '#include "config.h"' '#include "pci.h"' '#include "profile.h"' \
	'#include <curses.h>' >"$TMP/x.c"
expect_eq "a planted host file is named" \
	"$TMP/x.c:3: host/ includes guest/'s profile.h
$TMP/x.c: curses outside ui/" "$(violations "$TMP/x.c" host)"
printf '%s\n' '#include "check.h"' '#include "check_parts.h"' >"$TMP/y.c"
expect_eq "a command including check_parts.h is named" \
	"$TMP/y.c:2: check_parts.h is check/'s own" "$(violations "$TMP/y.c" cmd)"

finish
