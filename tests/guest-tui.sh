#!/bin/bash
# The Guests pane with the real QEMU, in tmux: start, pause and resume
# from the pane and from the CLI meanwhile (attach hearing it too), the
# guest outliving a killed dashboard and found again by a new one (and by
# a second one beside it, through attach.sock), stop
# with its countdown, a guest that powers itself off, an attached socket,
# and the offer to bind a device that is not on vfio-pci.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu

tree=$(fixture clevo-p650hp6 --no-config)
boot_poweroff_image "$TMP/off.img"
tiny_profile tiny "stop-timeout = 3"
tiny_profile off "disk = $TMP/off.img format=raw" "extra = -S"
tiny_profile nic "pci = 6d:00.1"
profile broken "memory = lots"

tui_start 120 40 --sysfs "$tree"
tui_keys 3
tui_expect "the pane's columns" '^  GUEST +STATE +PID +UPTIME +DEVICES +CPU%$'
tui_expect "a broken profile" '^> broken +bad profile +- +- +-$'
tui_expect "its error" "^$GUESTS/broken\.conf:1: memory: bad number 'lots'"
tui_expect "a guest passing a device" '^  nic +stopped +- +- +6d:00\.1$'
tui_expect "tiny, stopped" '^  tiny +stopped +- +- +-$'

# The NIC is on r8169: the pane offers to bind its group first; no.
tui_keys j
tui_expect "cursor on nic" '^> nic '
tui_keys s
tui_expect "the offer to bind" 'nic cannot start: 6d:00\.1 is bound to r8169, not'
tui_expect "and asks" 'Give the IOMMU group of 6d:00\.1 to vfio-pci, then start'
tui_keys n
tui_expect "no: still stopped" '^> nic +stopped '
expect_eq "no: no QEMU" "" "$(qemu_of_test)"

# Start, pause and resume from the pane.
tui_keys j j
tui_expect "cursor on tiny" '^> tiny '
tui_keys s
tui_expect "s: running" '^> tiny +running +[0-9]+ +[0-9]+s +-( +[0-9]+%)?$'
guest_watch tiny
pid=$GUEST_PID
tui_expect "its pid" "^> tiny +running +$pid "
tui_expect "the detail" '^tiny: running, QEMU [0-9.]+$'
tui_expect "the uptime counts with no key pressed" \
	"^> tiny +running +$pid +([3-9]|[1-9][0-9])s "
tui_keys p
tui_expect "p: paused" '^> tiny +paused '
tui_expect "the STOP event" '^    [0-9:]{8} STOP *$'
expect_eq "QMP agrees" paused "$(vf guest status tiny | head -1)"
tui_keys p
tui_expect "p again: running" '^> tiny +running '
tui_expect "the RESUME event" '^    [0-9:]{8} RESUME *$'

# The CLI steers through the other socket; the pane follows, and so does
# attach, through a third, while the dashboard holds the first.
# Not under timeout, which would pass ^C on twice (to it and to its
# group): the second could land after attach restored its signal mask.
"$VFIOTUI" guest attach tiny > "$TMP/attach" 2> "$TMP/attach.err" &
attach=$!
at_exit "kill $attach"
wait_file_match "$TMP/attach.err" "events follow" ||
	fail "attach beside the dashboard: $(cat "$TMP/attach.err")"
vf guest pause tiny
tui_expect "paused from the CLI" '^> tiny +paused '
expect_file_match "attach heard it too" "$TMP/attach" '^[-0-9T:.]+ STOP$'
vf guest resume tiny
tui_expect "resumed from the CLI" '^> tiny +running '
expect_file_match "attach heard the resume" "$TMP/attach" '^[-0-9T:.]+ RESUME$'
kill -INT "$attach"
gone "$attach"
[ "$(alive "$attach")" = no ] || { fail "attach outlived ^C"; kill -9 "$attach"; }
wait "$attach"
expect_eq "attach ends on ^C with 0" 0 "$?"

# Killed dashboard: QEMU goes on, and a new dashboard finds it.
tui_pid=$(pgrep -x -f "$VFIOTUI --sysfs $tree")
kill -9 $tui_pid
tmux -S "$TMUX_SOCK" kill-server
expect_eq "QEMU outlived the dashboard" yes "$(alive "$pid")"
expect_eq "and still runs" running "$(vf guest status tiny | head -1)"
tui_start 120 40
tui_keys 3
tui_expect "found again" "^  tiny +running +$pid +[0-9]+[sm]"

# A second dashboard beside it: QEMU greets one client a socket, so the
# second watches through attach.sock, and says so.
first_sock=$TMUX_SOCK
tui_start 200 40
tui_keys 3 End
tui_expect "a second dashboard: tiny running" "^> tiny +running +$pid +[0-9]+[sm]"
tui_expect "watching through attach.sock" \
	'^  no greeting on .*/tiny/qmp\.sock \(another dashboard watches it\?\): watching through attach\.sock$'
tui_keys p
tui_expect "and steering it" '^> tiny +paused '
second_sock=$TMUX_SOCK
TMUX_SOCK=$first_sock
tui_expect "the first dashboard follows" '^  tiny +paused '
TMUX_SOCK=$second_sock
tui_keys p
tui_expect "resumed from the second" '^> tiny +running '
tui_keys q
expect_eq "the second dashboard quits with 0" 0 "$(tui_exit_status)"
tmux -S "$TMUX_SOCK" kill-server
rm -f "$TMP/tui.rc"
TMUX_SOCK=$first_sock

# What a shell does meanwhile shows up by itself: a new profile, and a
# guest started from the CLI.
tiny_profile shell
tui_expect "a profile written meanwhile" '^  shell +stopped +- +- +-$'
vf guest start shell > /dev/null
guest_watch shell
shell=$GUEST_PID
tui_expect "a guest started from the shell" "^  shell +running +$shell +"
vf guest kill shell
tui_expect "and killed from it" '^  shell +quit by QMP +- +- +-$'

# Stop: power-down, the countdown of stop-timeout = 3, then quit.
tui_keys End
tui_expect "cursor on tiny" '^> tiny '
tui_keys x
tui_expect "stop asks" 'Power tiny down\? If its OS has not shut down after 3 s, QEMU is'
tui_keys y
tui_expect "the countdown" '^> tiny +powering down, quit in [1-3]s '
tui_expect "POWERDOWN" '^    [0-9:]{8} POWERDOWN *$'
tui_expect "then quit" '^> tiny +quit by QMP +- +- +-$'
gone "$pid"
expect_eq "QEMU is gone" no "$(alive "$pid")"

# A guest that powers itself off.
tui_keys Home
tui_keys j j
tui_expect "cursor on off" '^> off '
tui_keys s
tui_expect "-S: prelaunch" '^> off +prelaunch '
guest_watch off
off=$GUEST_PID
tui_keys p
tui_expect "shut down by the guest" '^> off +shut down by the guest +- +- +-$'
tui_expect "its SHUTDOWN event" '^    [0-9:]{8} SHUTDOWN guest=true reason=guest-shutdown$'
gone "$off"
expect_eq "its QEMU is gone" no "$(alive "$off")"

# l: the log, with the command line vfiotui ran.
tui_keys l
tui_expect "the log" '^  Log \(l: back to the events\):$'
tui_expect "its first line" '^    [-0-9]+ [0-9:]+ vfiotui starts: qemu-system-x86_64 -name off '
tui_keys l

# a: any QEMU with a QMP socket.
timeout 60 qemu-system-x86_64 -machine q35,accel=tcg -display none \
	-nodefaults -m 128 -qmp "unix:$TMP/raw.sock,server=on,wait=off" -S &
raw=$!
at_exit "kill -9 $raw"
for _ in $(seq 50); do [ -S "$TMP/raw.sock" ] && break; sleep 0.1; done
raw_qemu=$(pgrep -P "$raw")
at_exit "kill -9 $raw_qemu"
tui_keys a
tui_expect "a asks" 'Attach the QEMU behind this QMP socket:'
tui_keys "$TMP/raw.sock" Enter
tui_expect "attached, with the pid of its QEMU" \
	"^> [^ ]*raw\.sock +prelaunch +$raw_qemu +[0-9]+s +\(attached socket\)( +[0-9]+%)?$"
tui_keys K
tui_expect "K asks" 'Force .*raw\.sock to quit now\?'
tui_keys y
tui_expect "K: quit, no pid" \
	'^> [^ ]*raw\.sock +quit by QMP +- +- +\(attached socket\)$'
wait "$raw"
expect_eq "QEMU quit when told" 0 "$?"

# What QEMU says once daemonized reaches the log too: here, the signal
# that ended it.
vf guest start shell > /dev/null
guest_watch shell
kill -TERM "$GUEST_PID"
gone "$GUEST_PID"
tui_keys Home j j j
tui_expect "cursor on shell" '^> shell '
tui_keys l
tui_expect "QEMU's last words, after daemonizing" \
	"^    qemu-system-x86_64: terminating on signal 15 from pid [0-9]+"
tui_keys l

tui_keys q
expect_eq "q exits with status 0" 0 "$(tui_exit_status)"
expect_eq "no QEMU left" "" "$(qemu_of_test)"

finish
