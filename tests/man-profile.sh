#!/bin/bash
# The profile format's page, vfiotui-guest(5): groff finds nothing wrong
# with it, and its KEYS are the keys the parser accepts, no more, no fewer:
# every key of src/guest/profile_keys.c's table has its paragraph there,
# saying its default, and every paragraph is a key of the table.  The
# program's page points to it, and guest new's profile says where it is.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

: "${MANPAGE_GUEST:?run through make check}"
man_checks "$MANPAGE_GUEST"
expect_match "it renders" '^KEYS' "$page"
expect_match "it is vfiotui-guest(5)" '^\.TH VFIOTUI-GUEST 5 ' \
	"$(head -n 1 "$MANPAGE_GUEST")"

# The parser's keys: the names of the table's rows.
table="$(dirname "$TESTLIB")/../src/guest/profile_keys.c"
keys=$(sed -n '/^const struct profile_key profile_keys\[\]/,/^};/ s/^[[:space:]]*{ "\([^"]*\)",.*/\1/p' "$table")
expect_match "the table has its keys" '^looking-glass$' "$keys"
expect_eq "and all of them" "$(grep -c '^	{ "' "$table")" "$(wc -l <<<"$keys")"

# The page's keys: the first word of the tag (the line after .TP) of each
# paragraph under KEYS; and each paragraph's text, one line a paragraph.
tags=$(awk '/^\.SH/ {on = ($2 == "KEYS")} on && tp {print} {tp = on && /^\.TP/}' \
	"$MANPAGE_GUEST" |
	sed -e 's/^\.[BIR]* //' -e 's/\\f[BIRP]//g' -e 's/"//g' -e 's/\\-/-/g' |
	awk '{print $1}')
expect_match "KEYS has paragraphs" '^pin$' "$tags"
paragraphs=$(awk '/^\.SH/ {on = ($2 == "KEYS"); next}
	on && /^\.TP/ {if (p != "") print p; p = ""; next}
	on {p = p " " $0} END {if (p != "") print p}' "$MANPAGE_GUEST" |
	sed -e 's/\\-/-/g' -e 's/^ \.[BIR]* "*//')

for key in $keys; do
	expect_match "KEYS: $key has its paragraph" "^$key\$" "$tags"
	expect_match "KEYS: $key says its default" "^$key .*Default" "$paragraphs"
done
for tag in $tags; do
	expect_match "KEYS' $tag is a key of the table" "^$tag\$" "$keys"
done
expect_eq "each key once" "" "$(sort <<<"$tags" | uniq -d)"

# The defaults that are numbers and names are profile.c's.
defaults="$(dirname "$TESTLIB")/../src/guest/profile.c"
for pair in memory:memory_mib cpus:cpus stop-timeout:stop_timeout; do
	n=$(sed -n "s/^[[:space:]]*p->${pair#*:} = \([0-9]*\);.*/\1/p" "$defaults")
	expect_match "$pair: the page's default is profile.c's $n" \
		"^${pair%%:*} .*Default: $n[ .]" "$paragraphs"
done
for pair in qemu:qemu machine:machine accel:accel ovmf-code:ovmf_code \
	ovmf-vars:ovmf_vars; do
	s=$(sed -n "s/^[[:space:]]*p->${pair#*:} = strdup(\"\(.*\)\");/\1/p" "$defaults")
	expect_match "$pair: the page's default is profile.c's $s" \
		"^${pair%%:*} .*Default:.*$s" "$paragraphs"
done

# Where a reader finds it: the program's page, and guest new's profile.
: "${MANPAGE:?run through make check}"
expect_match "vfiotui(1) names it in SEE ALSO" '^\.BR vfiotui-guest \(5\)' \
	"$(sed -n '/^\.SH SEE ALSO/,$ s/\\-/-/gp' "$MANPAGE")"
tree=$(fixture clevo-p650hp6 --no-config)
out=$(timeout 30 "$VFIOTUI" --sysfs "$tree" guest new g --print 2>&1)
if [ -f /usr/share/OVMF/OVMF_CODE.fd ] || [ -d /usr/share/qemu/firmware ]; then
	expect_match "guest new's profile says where its keys are" \
		'^# .*man 5 vfiotui-guest' "$out"
fi

finish
