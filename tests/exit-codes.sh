#!/bin/bash
# Every command `vfiotui --help` names keeps the exit codes src/base/exitcode.h
# (and the man page's EXIT STATUS) give them: an unknown option is bad
# usage; a well-formed address with no device there, and a guest with a
# good name but no profile or runtime dir, are the system's no.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"

tree=$(fixture clevo-p650hp6 --no-config)
: > "$TMP/empty.rom"

# code NAME: EXIT_NAME's value in exitcode.h.
code() {
	awk -v n="EXIT_$1" '$1 == "#define" && $2 == n { print $3 }' \
		"$(dirname "$TESTLIB")/../src/base/exitcode.h"
}
failed=$(code FAILED)
usage_code=$(code USAGE)
expect_match "exitcode.h: the codes" '^1 2$' "$failed $usage_code"

# The usage of each command, from the help's list of commands.
"$VFIOTUI" --help | sed -n '/^commands:$/,/^$/p' |
	sed -n 's/^  \([a-z][^ ].*\)/\1/p' | sed 's/   .*//' > "$TMP/usages"
expect_match "the help lists the commands" '^[2-3][0-9]$' "$(wc -l < "$TMP/usages")"

# try WHAT WANT REGEX ARGS...: vfiotui ARGS exits WANT, saying REGEX (on
# stderr, or for check as a failed check).
try() {
	local what=$1 want=$2 regex=$3 rc
	shift 3
	timeout 30 "$VFIOTUI" --sysfs "$tree" "$@" < /dev/null \
		> "$TMP/out" 2> "$TMP/err"
	rc=$?
	expect_eq "$what: exit status" "$want" "$rc"
	expect_match "$what: says why" "$regex" "$(cat "$TMP/err" "$TMP/out")"
}

# args USAGE WHICH: USAGE's arguments with WHICH (an address or a guest)
# where it takes one, its options left out.
args() {
	local rest=${1#"$(words "$1")"}
	echo "$rest" | sed "s/\[--device BB:DD\.F\]/--device $2/;
		s/\[BB:DD\.F|GUEST\]/$2/; s/\[[^]]*\]//g; s/NAME|SOCKET/$2/;
		s/NAME/$2/; s/BB:DD\.F/$2/; s|FILE|$TMP/empty.rom|;
		s/save|load|delete|list/list/; s/ SIZE/ 1G/;
		s/list|attach|detach/list/"
}

# words USAGE: the command's words ("guest start").
words() {
	echo "$1" | awk '{ for (i = 1; i <= NF && $i ~ /^[a-z]+$/; i++)
		printf "%s%s", (i > 1 ? " " : ""), $i }'
}

while read -r usage; do
	cmd=$(words "$usage")
	# shellcheck disable=SC2086 # the command's words
	try "$cmd --bogus" "$usage_code" "(unknown|unexpected) argument|expected|not a" \
		$cmd --bogus
	case $usage in
	*BB:DD.F*)
		# shellcheck disable=SC2046,SC2086
		try "$cmd, no such device" "$failed" "no PCI device (0000:)?0a:00\.0|^fail  GPU: no such PCI device$" \
			$cmd $(args "$usage" 0a:00.0) ;;
	esac
	case $usage in
	"guest new "*) ;;	# its NAME is a guest to be
	*GUEST* | *NAME*)
		# shellcheck disable=SC2046,SC2086
		try "$cmd, no such guest" "$failed" "nosuch" \
			$cmd $(args "$usage" nosuch) ;;
	esac
done < "$TMP/usages"

finish
