#!/bin/bash
# vfiotui guest edit, with an $EDITOR that edits as a user would: a
# change that reads is saved; one that does not is shown with its line
# and offered again, and fixed the second time; refused again, the
# profile is left as it was; an editor that fails or changes nothing
# changes nothing; $VISUAL wins over $EDITOR; the copy is gone after.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

export XDG_CONFIG_HOME="$TMP/cfg" XDG_RUNTIME_DIR="$TMP/run"
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
GUESTS=$XDG_CONFIG_HOME/vfiotui/guests
mkdir -p "$GUESTS"
printf 'memory = 2G\ncpus = 2\n' >"$GUESTS/g.conf"
cp "$GUESTS/g.conf" "$TMP/orig"

# The editor: each run applies the next line of $TMP/edits to the file
# it is given (a sed expression, or "fail" to exit 1), and logs its
# arguments.
cat >"$TMP/ed" <<'ED'
#!/bin/bash
n=$(($(cat "$TMPDIR_ED/count" 2>/dev/null || echo 0) + 1))
echo "$n" >"$TMPDIR_ED/count"
echo "$*" >>"$TMPDIR_ED/args"
cmd=$(sed -n "${n}p" "$TMPDIR_ED/edits")
[ "$cmd" = fail ] && exit 1
[ "$cmd" = none ] && exit 0
sed -i "$cmd" "${@: -1}"
ED
chmod +x "$TMP/ed"
export TMPDIR_ED=$TMP EDITOR="$TMP/ed --wait" VISUAL=
edits() { printf '%s\n' "$@" >"$TMP/edits"; rm -f "$TMP/count" "$TMP/args"; }

edits 's/cpus = 2/cpus = 4/'
out=$(timeout 30 "$VFIOTUI" guest edit g </dev/null)
expect_eq "a good edit: exit status" 0 "$?"
expect_eq "says it is saved" "$GUESTS/g.conf: saved (vfiotui check g judges it)" "$out"
expect_eq "the profile has it" "cpus = 4" "$(grep cpus "$GUESTS/g.conf")"
expect_eq "the editor got its own words and the copy" \
	"--wait $XDG_RUNTIME_DIR/vfiotui/edit/g.conf" "$(cat "$TMP/args")"
expect_eq "the copy is gone" no "$(test -e "$XDG_RUNTIME_DIR/vfiotui/edit/g.conf" && echo yes || echo no)"

edits 's/cpus = 4/cpus = lots/' 's/cpus = lots/cpus = 8/'
out=$(echo y | timeout 30 "$VFIOTUI" guest edit g 2>"$TMP/err")
expect_eq "a bad edit, then a good one: exit status" 0 "$?"
expect_match "the error names the line" \
	"^vfiotui: $XDG_RUNTIME_DIR/vfiotui/edit/g\.conf:2: " "$(cat "$TMP/err")"
expect_match "and asks" "Edit it again\? \[y/n\]" "$out"
expect_eq "the second edit is saved" "cpus = 8" "$(grep cpus "$GUESTS/g.conf")"
expect_eq "the editor ran twice" 2 "$(cat "$TMP/count")"

cp "$GUESTS/g.conf" "$TMP/before"
edits 's/memory = 2G/memory = much/'
echo n | timeout 30 "$VFIOTUI" guest edit g >/dev/null 2>"$TMP/err"
expect_eq "a bad edit given up: exit status" 1 "$?"
expect_match "says the profile is as it was" "left as it was$" "$(cat "$TMP/err")"
expect_eq "and it is" "" "$(cmp "$TMP/before" "$GUESTS/g.conf")"

edits fail
timeout 30 "$VFIOTUI" guest edit g >/dev/null 2>"$TMP/err"
expect_eq "an editor that fails: exit status" 1 "$?"
expect_match "says so" "the editor exited with 1$" "$(head -1 "$TMP/err")"
expect_eq "the profile as it was" "" "$(cmp "$TMP/before" "$GUESTS/g.conf")"

edits none
out=$(timeout 30 "$VFIOTUI" guest edit g)
expect_eq "no change: exit status" 0 "$?"
expect_eq "says so" "$GUESTS/g.conf: unchanged" "$out"

edits 's/cpus = 8/cpus = 1/'
VISUAL="$TMP/ed --visual" timeout 30 "$VFIOTUI" guest edit g >/dev/null
expect_eq "VISUAL before EDITOR" "--visual $XDG_RUNTIME_DIR/vfiotui/edit/g.conf" "$(cat "$TMP/args")"

timeout 30 "$VFIOTUI" guest edit nosuch >/dev/null 2>"$TMP/err"
expect_eq "no such profile: exit status" 1 "$?"
expect_match "says how to write one" "vfiotui guest new nosuch writes one\)$" "$(cat "$TMP/err")"
timeout 30 "$VFIOTUI" guest edit ../x >/dev/null 2>&1
expect_eq "not a name: a usage error" 2 "$?"

finish
