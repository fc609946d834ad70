#!/bin/bash
# The man page: groff finds nothing wrong with it, and it covers what the
# program has: every command of the program's table as --help lists them
# (and no other), every option --help names, every key of the help
# overlay's table (ui/keys.c), the exit codes, the version.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

: "${MANPAGE:?run through make check}"
man_checks "$MANPAGE"
expect_match "it renders" '^NAME' "$page"
expect_match "it is vfiotui(1)" '^\.TH VFIOTUI 1 ' "$(head -n 1 "$MANPAGE")"

# section NAME: the rendered text of one section.
section() {
	printf '%s\n' "$page" | awk -v s="$1" '/^[A-Z]/ {on = ($0 == s)} on'
}

# The commands of the program's table, as --help lists them: "list",
# "net start" (a second word in lower case is a verb).
help=$("$VFIOTUI" --help)
names=$(printf '%s\n' "$help" | awk '/^commands:/ {on = 1; next}
	/^$/ {on = 0} on && /^  [a-z]/ {print ($2 ~ /^[a-z]+$/ ? $1 " " $2 : $1)}')
expect_match "--help lists the commands" '^guest start$' "$names"

# Every command, with its verb, has its paragraph under COMMANDS.
commands=$(section COMMANDS)
while read -r family verb; do
	if [ -n "$verb" ]; then
		expect_match "COMMANDS: $family $verb" "^ {7}$family +([a-z]+\|)*$verb( |\||$)" "$commands"
	else
		expect_match "COMMANDS: $family" "^ {7}$family( |$)" "$commands"
	fi
done <<<"$names"

# And the reverse: every paragraph under COMMANDS is a command of the
# table.  Its tag, the line after .TP, names it, "guest pause|resume|..."
# a verb each.
tags=$(awk '/^\.SH/ {on = ($2 == "COMMANDS")} on && tp {print}
	{tp = on && /^\.TP/}' "$MANPAGE" |
	sed -e 's/^\.[BIR]* //' -e 's/\\f[BIRP]//g' -e 's/"//g' -e 's/\\-/-/g')
expect_match "COMMANDS has paragraphs" '^memlock ' "$tags"
while read -r family verbs _; do
	if [[ $verbs =~ ^[a-z]+(\|[a-z]+)*$ ]]; then
		for verb in ${verbs//|/ }; do
			expect_match "COMMANDS' $family $verb is a command" "^$family $verb\$" "$names"
		done
	else
		expect_match "COMMANDS' $family is a command" "^$family\$" "$names"
	fi
done <<<"$tags"

# Every option --help names, the command's and the global ones.
for opt in $(printf '%s\n' "$help" | grep -o -- '--[a-z-]*' | sort -u); do
	expect_match "the page names $opt" "(^|[^a-z-])$opt([^a-z-]|$)" "$page"
done

# Every key of the help overlay, under KEYS.
keys=$(section KEYS)
keytab="$(dirname "$TESTLIB")/../ui/keys.c"
for key in $(sed -n '/key_help help\[\]/,/NULL, NULL/ s/^[^"]*{ "\([^"]*\)".*/\1/p' \
	"$keytab" | tr ' ' '\n' | grep -v '^/$' | sort -u); do
	expect_match "KEYS: $key" "(^| )$(printf '%s' "$key" | sed 's/[]^?[]/\\&/g')( |,|$)" "$keys"
done

# The exit codes src/base/exitcode.h defines, under EXIT STATUS.
status=$(section "EXIT STATUS")
for code in $(awk '/^#define EXIT_/ {print $3}' "$(dirname "$TESTLIB")/../src/base/exitcode.h"); do
	expect_match "EXIT STATUS: $code" "^ {7}$code( |\$)" "$status"
done

finish
