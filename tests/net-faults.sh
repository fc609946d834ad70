#!/bin/bash
# What goes wrong with the guests' network: a switch killed with SIGKILL,
# stale sockets of a crash, socket paths too long, a runtime dir that is
# not writable, another user's sockets, a bad config file.  Each gives a
# clear error or a recovery, never a hang, and touches nothing it does not
# own.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/netlib.sh"

# SIGKILL: the switch and slirpvde die without cleaning up.
"$VFIOTUI" net start >/dev/null || fail "net start failed"
sw=$(pid_of switch)
sl=$(pid_of slirpvde)
kill -9 "$sw" "$sl"
while alive "$sw" || alive "$sl"; do sleep 0.05; done
out=$("$VFIOTUI" net status)
expect_match "status: the switch is dead" '^switch: dead, socket .* \(stale sockets left' "$out"
expect_match "and how to recover" "^  vde_switch is gone; 'vfiotui net start' starts it again$" "$out"
expect_match "with the last lines of its log" "^  \| .* vfiotui: started vde_switch pid $sw on $SOCK$" "$out"
expect_match "slirpvde is dead too" '^slirpvde: dead$' "$out"
expect_eq "json: dead" "dead dead true" "$("$VFIOTUI" net status --json |
	jq -r '"\(.switch.state) \(.slirpvde.state) \(.switch.stale)"')"
out=$(timeout 20 "$VFIOTUI" net start 2>&1)
expect_eq "net start recovers" 0 $?
expect_match "with a new switch" '^switch: started \(pid [0-9]+\)' "$out"
expect_match "and a new slirpvde" '^slirpvde: started \(pid [0-9]+\)' "$out"
client_start after-crash
expect_status "a client plugs into the new switch" \
	'[.ports[] | select(.active and (.endpoint | startswith("after-crash ")))] | length == 1'
client_stop

# Stale sockets without any pid file (a crash, then a reboot of the
# runtime dir's contents but not of /tmp-like places).
sw=$(pid_of switch)
"$VFIOTUI" net stop >/dev/null
vde_switch -sock "$SOCK" -mgmt "$MGMT" -daemon -pidfile "$TMP/crash.pid"
wait_file_match "$TMP/crash.pid" '^[0-9]+$' || fail "the switch to crash did not start"
kill -9 "$(cat "$TMP/crash.pid")"
while alive "$(cat "$TMP/crash.pid")"; do sleep 0.05; done
expect_eq "the crash left its sockets" yes "$([ -S "$SOCK/ctl" ] && [ -S "$MGMT" ] && echo yes)"
expect_status "status: down, stale" '.switch.state == "down" and .switch.stale'
out=$(timeout 20 "$VFIOTUI" net start 2>&1)
expect_eq "start over stale sockets" 0 $?
expect_match "starts a switch" '^switch: started' "$out"
"$VFIOTUI" net stop >/dev/null
expect_eq "stop leaves no socket" "" "$(cd "$NET" && ls -d switch mgmt 2>/dev/null)"

# A socket path longer than a unix socket holds: vde_switch would cut it.
long="$TMP/$(printf 'x%.0s' $(seq 100))"
printf 'socket = %s\n' "$long" >"$XDG_CONFIG_HOME/vfiotui/net.conf"
out=$(timeout 10 "$VFIOTUI" net start 2>&1)
expect_eq "a long socket path is bad input" 2 $?
expect_match "it names the file, the line and the limit" \
	"^vfiotui: net: $XDG_CONFIG_HOME/vfiotui/net.conf:1: '$long' is too long for a unix socket \([0-9]+ bytes, at most 90\)$" "$out"
rm "$XDG_CONFIG_HOME/vfiotui/net.conf"
out=$(XDG_RUNTIME_DIR="$TMP/$(printf 'y%.0s' $(seq 80))" timeout 10 "$VFIOTUI" net start 2>&1)
expect_eq "a runtime dir too deep for the default socket" 2 $?
expect_match "says so" '^vfiotui: net: socket path too long for a unix socket \(at most 90 bytes\): .*/vfiotui/net/switch; set a shorter' "$out"
expect_eq "and creates nothing" "" "$(ls -d "$TMP"/yyyy* "$TMP"/xxxx* 2>/dev/null)"

# A management socket that answers in pieces, with a notification before
# the reply, as a busy switch may: the parser waits for whole lines.
command -v socat >/dev/null || skip "socat is not installed"
mkdir -p "$SOCK"
cat >"$TMP/fake-mgmt.sh" <<'END'
printf 'VDE switch V.2.3.2\n(C) Virtual Square Team\n\nvde$ '
read -r cmd
printf '3021 port/+ 0'; sleep 0.05; printf '1\n'
printf "0000 DATA END WITH '.'\nPort 0001 untagged_vlan=0000 ACTIVE - Unnamed Allocatable\n Current User: root Acc"
sleep 0.05
printf 'ess Control: (User: NONE - Group: NONE)\n  -- endpoint ID 0003 module unix prog   : fake-guest user=root pid=1\n.\n1000 Succ'
sleep 0.05
printf 'ess\n\nvde$ '
sleep 1
END
socat UNIX-LISTEN:"$SOCK/ctl",fork EXEC:cat 2>/dev/null &
ctl_pid=$!
socat UNIX-LISTEN:"$MGMT",fork EXEC:"bash $TMP/fake-mgmt.sh" 2>/dev/null &
mgmt_pid=$!
at_exit "kill $ctl_pid $mgmt_pid"
expect_status "a switch that answers in pieces: external, its port read" \
	'.switch.state == "external" and ([.ports[] | select(.active and .endpoint == "fake-guest user=root pid=1")] | length == 1)'
out=$(timeout 10 "$VFIOTUI" net stop --force 2>&1)
expect_eq "--force on a switch that names no pid fails" 1 $?
expect_match "and says how to stop it" "the external switch at $SOCK has no management socket at $MGMT \($MGMT: showinfo names no pid\): stop it with the service that started it" "$out"
kill "$ctl_pid" "$mgmt_pid"
wait "$ctl_pid" "$mgmt_pid" 2>/dev/null

# One that never answers: status does not hang, and says the ports are
# unknown.
rm -rf "$SOCK" "$MGMT"
mkdir -p "$SOCK"
socat UNIX-LISTEN:"$SOCK/ctl",fork EXEC:cat 2>/dev/null &
ctl_pid=$!
socat UNIX-LISTEN:"$MGMT",fork EXEC:"sleep 30" 2>/dev/null &
mgmt_pid=$!
at_exit "kill $ctl_pid $mgmt_pid"
wait_status '.switch.state == "external"' || fail "the silent switch never showed"
start=$SECONDS
out=$(timeout 10 "$VFIOTUI" net status 2>&1)
expect_eq "status ends" 0 $?
expect_match "ports unknown" "^ports: unknown \(no management socket at $MGMT\)$" "$out"
[ $((SECONDS - start)) -le 3 ] && pass || fail "status took $((SECONDS - start)) s"
kill "$ctl_pid" "$mgmt_pid"
wait "$ctl_pid" "$mgmt_pid" 2>/dev/null
rm -rf "$SOCK" "$MGMT"

# Bad usage.
out=$("$VFIOTUI" net 2>&1)
expect_eq "net alone is bad usage" 2 $?
expect_match "it says what is expected" "^vfiotui: net: expected start, stop or status \(try 'vfiotui --help'\)$" "$out"
expect_match "an unknown action" "^vfiotui: net: unknown command 'restart'" "$("$VFIOTUI" net restart 2>&1)"
expect_match "an option of another action" "^vfiotui: net status: unexpected argument '--force'" \
	"$("$VFIOTUI" net status --force 2>&1)"
expect_match "--config without a file" "^vfiotui: net start: unexpected argument '--config'" \
	"$("$VFIOTUI" net start --config 2>&1)"

# Bad lines in the config file name the file and the line.
printf 'tap = vmnet0\n\nbogus = 1\n' >"$XDG_CONFIG_HOME/vfiotui/net.conf"
out=$("$VFIOTUI" net status 2>&1)
expect_eq "an unknown key is bad input" 2 $?
expect_match "named with its line" "net.conf:3: unknown key 'bogus'" "$out"
printf 'address = 10.0.2.300/24\n' >"$XDG_CONFIG_HOME/vfiotui/net.conf"
expect_match "a bad address" "net.conf:1: bad address '10.0.2.300/24' \(IPv4 with a prefix" \
	"$("$VFIOTUI" net start 2>&1)"
printf 'slirp = off\n' >"$XDG_CONFIG_HOME/vfiotui/net.conf"
expect_match "DHCP needs slirpvde" "dhcp = on needs slirp = on" "$("$VFIOTUI" net start 2>&1)"
expect_match "a named file that is missing" "^vfiotui: net: $TMP/nope.conf: No such file or directory$" \
	"$("$VFIOTUI" net status --config "$TMP/nope.conf" 2>&1)"
rm "$XDG_CONFIG_HOME/vfiotui/net.conf"

# Not root: a runtime dir the user cannot write, and another user's
# switch directory, which must stay as it is.
command -v setpriv >/dev/null || skip "setpriv is not installed"
[ "$(id -u)" -eq 0 ] || { finish; }
chmod 755 "$TMP"
mkdir -m 755 "$TMP/rootonly"
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		env HOME=/nonexistent XDG_CONFIG_HOME="$TMP/nobody-cfg" "$@"
}
out=$(as_nobody env XDG_RUNTIME_DIR="$TMP/rootonly" timeout 10 "$VFIOTUI" net start 2>&1)
expect_eq "an unwritable runtime dir fails" 1 $?
expect_match "and says which and why" "^vfiotui: net start: $TMP/rootonly/vfiotui: Permission denied$" "$out"
mkdir -m 777 "$TMP/shared" "$TMP/nobody-cfg"
# A runtime dir of nobody's own: a world-writable one is refused.
mkdir -m 700 "$TMP/nobody-run"
chown nobody:nogroup "$TMP/nobody-run"
mkdir -p "$TMP/nobody-cfg/vfiotui"
printf 'socket = %s\nmgmt = %s\n' "$TMP/shared/sw" "$TMP/shared/mgmt" >"$TMP/nobody-cfg/vfiotui/net.conf"
chmod -R a+rX "$TMP/nobody-cfg"
vde_switch -sock "$TMP/shared/sw" -mgmt "$TMP/shared/mgmt" -daemon -pidfile "$TMP/root.pid"
wait_file_match "$TMP/root.pid" '^[0-9]+$' || fail "root's switch did not start"
kill -9 "$(cat "$TMP/root.pid")"
while alive "$(cat "$TMP/root.pid")"; do sleep 0.05; done
chmod 755 "$TMP/shared/sw"
before=$(ls -la "$TMP/shared" "$TMP/shared/sw")
out=$(as_nobody env XDG_RUNTIME_DIR="$TMP/nobody-run" timeout 10 "$VFIOTUI" net start 2>&1)
expect_eq "another user's stale sockets: start fails" 1 $?
expect_match "naming them" "$TMP/shared/mgmt belongs to uid 0, not to you: leaving it \(set another 'mgmt =' in $TMP/nobody-cfg/vfiotui/net.conf\)" "$out"
expect_eq "and leaves them as they were" "$before" "$(ls -la "$TMP/shared" "$TMP/shared/sw")"
rm -rf "$TMP/shared/mgmt"
out=$(as_nobody env XDG_RUNTIME_DIR="$TMP/nobody-run" timeout 10 "$VFIOTUI" net start 2>&1)
expect_match "root's switch directory is left alone too" "$TMP/shared/sw belongs to another user: leaving it" "$out"
expect_eq "its sockets stay" yes "$([ -S "$TMP/shared/sw/ctl" ] && echo yes)"

# Root's switch for a group (the reference laptop's kvm): a member sees
# its ports through the management socket, which others may not use.
mkdir -m 755 "$TMP/pub"
printf 'socket = %s\nmgmt = %s\ngroup = nogroup\nmode = 666\nslirp = off\ndhcp = off\n' \
	"$TMP/pub/sw" "$TMP/pub/mgmt" > "$TMP/pub/net.conf"
"$VFIOTUI" net start --config "$TMP/pub/net.conf" > /dev/null ||
	fail "root's switch for a group did not start"
at_exit "'$VFIOTUI' net stop --config '$TMP/pub/net.conf'"
expect_eq "its data socket: the group's, anyone may plug in" "nogroup 666" \
	"$(stat -c '%G %a' "$TMP/pub/sw/ctl")"
expect_eq "its management socket: the group's, not others'" "nogroup 660" \
	"$(stat -c '%G %a' "$TMP/pub/mgmt")"
SOCK=$TMP/pub/sw client_start member-guest
json=$(as_nobody env XDG_RUNTIME_DIR="$TMP/nobody-run" timeout 10 \
	"$VFIOTUI" net status --json --config "$TMP/pub/net.conf")
expect_eq "a member of the group sees the guest on root's switch" 1 \
	"$(jq '[.ports[] | select(.active and (.endpoint | test("member-guest")))] | length' <<<"$json")"
expect_eq "and the switch as external (root's pid files are root's)" external \
	"$(jq -r .switch.state <<<"$json")"
client_stop

finish
