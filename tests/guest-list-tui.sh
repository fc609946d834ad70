#!/bin/bash
# The Guests pane's list is the one list view (tmux, no QEMU): PgDn and
# PgUp move a page among 30 guests; with o (by state) a click picks the
# row shown, the one that ended (a pid file left, its QEMU gone) first;
# a filter that hides the selected guest selects the first row it
# shows, and Esc keeps the selection on its guest.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"

for i in $(seq -w 1 30); do
	profile "g$i" "memory = 128M"
done
mkdir -p -m 700 "$XDG_RUNTIME_DIR/vfiotui" "$GUEST_RUN" "$GUEST_RUN/g05"
echo 999999 >"$GUEST_RUN/g05/pid"

# The SGR mouse report of a button 1 click at column X, row Y (from 0).
click() {
	tui_keys -l $'\e[<0;'"$(($1 + 1));$(($2 + 1))M"
	tui_keys -l $'\e[<0;'"$(($1 + 1));$(($2 + 1))m"
}

tree=$(fixture clevo-p650hp6 --no-config)
TUI_ENV="TERM=xterm-256color"
tui_start 120 40 --sysfs "$tree"
tui_keys 3
tui_expect "the guests by name" '^> g01 +stopped'
tui_expect "g05 ended" '^  g05 +killed or crashed'
# 37 rows: the list takes half, its titles and 17 guests.
expect_match "17 rows shown" '^  g17 ' "$(tui_screen | grep -E '^[> ] g' |
	tail -1)"
tui_keys PageDown
tui_expect "PgDn: a page (16 rows) down" '^> g17 +stopped'
tui_keys PageDown
tui_expect "PgDn again: scrolled" '^> g30 +stopped'
expect_no_match "g01 scrolled away" '^  g01 ' "$(tui_screen)"
tui_keys PageUp
tui_expect "PgUp: a page up" '^> g14 +stopped'
tui_keys PageUp
tui_expect "PgUp again: the first" '^> g01 +stopped'

tui_keys o
tui_expect "o: the ended one first" 'Guests: running ones first'
first=$(tui_screen | grep -E '^[> ] g' | head -1)
expect_match "g05 is the first row" '^  g05 ' "$first"
tui_expect "the cursor kept on g01" '^> g01 +stopped'
# Row 2 is the column titles, row 3 the first guest.
click 4 3
tui_expect "a click on the first row picks g05" '^> g05 +killed'
click 4 6
tui_expect "a click on the fourth row picks g03" '^> g03 +stopped'

tui_keys / 5 Enter
tui_expect "a filter that hides g03" "filter '5': 3 guests"
expect_no_match "g03 is not shown" '^[> ] g03 ' "$(tui_screen)"
tui_expect "the first row it shows is selected" '^> g05 +killed'
tui_keys Down
tui_expect "Down: the next row shown" '^> g15 +stopped'
tui_keys Escape
tui_expect "Esc: every guest again" 'filter cleared: every guest shows'
tui_expect "the cursor on its guest" '^> g15 +stopped'
tui_keys q
expect_eq "q exits with status 0" 0 "$(tui_exit_status)"
finish
