#!/bin/bash
# Only src/host/sysfs.c knows what a struct sysfs holds: with the definition
# there alone, the compiler refuses a ->root or ->rootfd anywhere else,
# and every caller goes through src/host/sysfs.h.  This keeps it there.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

top="$(dirname "$TESTLIB")/.."
defined=$(grep -rlE 'struct[[:space:]]+sysfs[[:space:]]*\{' \
	--include='*.[ch]' "$top/src" "$top/ui" "$top/tests" |
	sed "s|^$top/||" | sort)
expect_eq "files that define struct sysfs" "src/host/sysfs.c" "$defined"

finish
