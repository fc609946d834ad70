#!/bin/bash
# The serial console with the real QEMU: a guest whose boot sector prints
# a line over COM1 and then echoes what it receives.  The line is in
# console.log before anyone attaches; vfiotui guest console sends what
# is typed and shows the echo, ^] leaves, and a terminal (tmux) is as it
# was before after leaving; a guest that is not running has no console.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu

boot_serial_image "$TMP/serial.img"
tiny_profile con "disk = $TMP/serial.img format=raw"
vf guest start con >/dev/null
expect_eq "started" 0 "$?"
guest_watch con
wait_file_match "$GUEST_RUN/con/console.log" "vfiotui serial console ok" 30 ||
	fail "the boot line is not in console.log: $(cat "$GUEST_RUN/con/console.log" 2>&1)"
pass

# Typed, then ^] after the echo had time to come back.
out=$( (printf 'hello'; sleep 2; printf '\035') |
	timeout 20 "$VFIOTUI" guest console con 2>"$TMP/err")
expect_eq "console: exit status" 0 "$?"
expect_eq "console: the guest echoed what was typed" hello "$out"
expect_match "console: says how to leave" "^vfiotui: guest con's serial console; \^\] leaves" "$(cat "$TMP/err")"
expect_match "console: and that it left" "^vfiotui: left guest con's console$" "$(cat "$TMP/err")"

# On a terminal: raw while attached, as before afterwards.
tui_run 100 20 bash --norc -i
tmux -S "$TMUX_SOCK" send-keys -t t "stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)\$' | tr '\\n' ' ' >$TMP/before; $VFIOTUI guest console con" Enter
tui_expect "attached on a terminal" "serial console; \^\] leaves"
tty=$(tmux -S "$TMUX_SOCK" display -p -t t '#{pane_tty}')
expect_eq "raw while attached: no line editing, no local echo" "-icanon -echo" \
	"$(stty -a -F "$tty" | tr ' ' '\n' | grep -E '^-?(icanon|echo)$' | tr '\n' ' ' | sed 's/ $//')"
tmux -S "$TMUX_SOCK" send-keys -t t -l "typed-on-tty"
tui_expect "the echo shows" "typed-on-tty"
tmux -S "$TMUX_SOCK" send-keys -t t C-]
tui_expect "left" "left guest con's console"
tmux -S "$TMUX_SOCK" send-keys -t t "stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)\$' | tr '\\n' ' ' >$TMP/after" Enter
wait_file_match "$TMP/after" "icanon" 10 || fail "stty did not run after leaving"
expect_eq "the terminal as it was" "$(cat "$TMP/before")" "$(cat "$TMP/after")"

vf guest kill con >/dev/null
gone "$GUEST_PID"
timeout 10 "$VFIOTUI" guest console con >/dev/null 2>"$TMP/err" </dev/null
expect_eq "not running: refused" 1 "$?"
expect_match "not running: says so" "^vfiotui: guest con has no console to attach to .*is it running\?" "$(cat "$TMP/err")"

finish
