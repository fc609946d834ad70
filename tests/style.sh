#!/bin/bash
# The house style's mechanical rules on every C file of src/, ui/ and
# tests/ (tests/style.awk: tab indents, 4-space continuations, no
# trailing blanks, a definition's return type on its own line, 80
# columns, a function's declarations with their names on a tab stop).  A line
# off them is named with its file and line.  clang-format cannot hold
# these files to their style (it cannot align declarations on tab stops,
# as tmux's code does), so this is what CI checks.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

top=$(cd "$(dirname "$TESTLIB")/.." && pwd)
mapfile -t files < <(cd "$top" && ls src/*/*.[ch] ui/*.[ch] tests/*.[ch] tests/unit/*.[ch])
expect_match "the C files are found" '^[0-9]{3,}$' "${#files[@]}"
off=$(cd "$top" && awk -f tests/style.awk "${files[@]}")
expect_eq "every line keeps the house style" "" "$off"

# The checker sees what it is for: a file off every rule is reported.
printf 'static int f(void)\n{\n\tint n;\n\n  x;\n\t  y;\n \tz; \n\t%s\n}\n' \
	"$(printf 'w%.0s' $(seq 80))" >"$TMP/bad.c"
bad=$(awk -f "$top/tests/style.awk" "$TMP/bad.c")
expect_eq "a bad file: each rule reported" \
	"$TMP/bad.c:1: a return type on the name's line
$TMP/bad.c:3: a declaration not aligned on a tab stop
$TMP/bad.c:5: indented with spaces
$TMP/bad.c:6: a continuation not 4 spaces past the indent
$TMP/bad.c:7: trailing blank
$TMP/bad.c:7: a tab after spaces in the indent
$TMP/bad.c:8: over 80 columns" "$bad"
finish
