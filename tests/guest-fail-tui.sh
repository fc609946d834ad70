#!/bin/bash
# What the Guests pane says while a start takes time and when it fails,
# with the real QEMU, in tmux: the row counts the seconds of a start in
# progress; a QEMU that refuses an option has its whole reason wrapped in
# the detail, behind Enter and in the log (L), and the status bar says
# the failure, not "starting QEMU"; a pause ends as "paused", not
# "pausing".
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu

tree=$(fixture clevo-p650hp6 --no-config)
# A QEMU slow to begin: the start is in progress long enough to be seen.
mkdir -p "$TMP/bin"
real=$(command -v qemu-system-x86_64)
printf '#!/bin/sh\nsleep 3\nexec %s "$@"\n' "$real" > "$TMP/bin/qemu-system-x86_64"
chmod +x "$TMP/bin/qemu-system-x86_64"
bad=-this-option-does-not-exist-anywhere-in-qemu-and-says-so-at-some-length
tiny_profile bad "extra = $bad"
tiny_profile tcg

TUI_ENV="PATH=$TMP/bin:$PATH" tui_start 80 24 --sysfs "$tree"
tui_keys 3
tui_expect "cursor on bad" '^> bad +stopped '

tui_keys s
tui_expect "the start counts its seconds" '^> bad +starting [1-9]s '
tui_expect "and says so in the status bar" 'bad: starting QEMU [0-9]+s [|]'
tui_expect "QEMU refused: the row" '^> bad +(stopped|exited)'
screen=$(tui_screen)
expect_no_match "no stale 'starting QEMU' after the end" 'starting QEMU' "$screen"
expect_match "the status bar says it failed" \
	'^ guest bad: QEMU did not start \(exit 1\).*\(L: all of it\)' \
	"$(echo "$screen" | tail -1)"
# The reason wraps in the detail: its end is on screen, not cut at 80.
expect_match "the detail shows the option whole" \
	'says-so-at- ?some-length: invalid option' \
	"$(echo "$screen" | tr -d '\n' | tr -s ' ')"

tui_keys Enter
tui_expect "Enter: the reason in an overlay" 'bad: (stopped|exited)'
tui_expect "with the log's tail" "Its log's last lines:"
tui_expect "the option named in it" 'at-some-length'
tui_keys q
tui_gone "Its log's last lines:" || fail "the overlay did not close"

tui_keys L
tui_expect "the log has the failure" '[0-9:]{8} guest bad: QEMU did not start'
expect_match "the start logged as it began" '[0-9:]{8} bad: starting QEMU' \
	"$(tui_screen)"
log=$(tui_screen | tr -d '\n│|' | tr -s ' ')
expect_match "whole, wrapped" 'says-so-at- ?some-length: invalid option' "$log"
tui_keys q
tui_gone 'Messages, newest last' || fail "the log did not close"

# A pause ends as its result.
tui_keys j
tui_expect "cursor on tcg" '^> tcg +stopped '
tui_keys s
tui_expect "tcg runs" '^> tcg +running +[0-9]+ '
guest_watch tcg
tui_keys p
tui_expect "p: paused" '^> tcg +paused '
tui_expect "the status bar says paused" '^ tcg: paused +\? help'
expect_no_match "not pausing" 'pausing' "$(tui_screen)"
tui_keys p
tui_expect "p: running" '^> tcg +running '
tui_expect "the status bar says running" '^ tcg: running +\? help'
tui_keys q
finish
