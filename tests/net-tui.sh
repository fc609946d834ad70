#!/bin/bash
# The Network pane in tmux with the real switch: s starts it, a
# libvdeplug client shows up as a port and goes when it leaves, a switch
# killed with SIGKILL shows as dead with its log, net start brings it back, x
# stops it after a question, and a `net start` from a shell or an
# external switch shows at once.  The sockets live outside the runtime dir
# here, as /tmp/vde.ctl does in the reference setup.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/netlib.sh"

SOCK="$TMP/vde/switch"
MGMT="$TMP/vde/mgmt"
mkdir "$TMP/vde"
printf 'socket = %s\nmgmt = %s\n' "$SOCK" "$MGMT" >"$XDG_CONFIG_HOME/vfiotui/net.conf"

tree=$(fixture clevo-p650hp6 --no-config)
tui_start 220 40 --sysfs "$tree"
tui_expect "the dashboard is up" '^ vfiotui +1 IOMMU +2 Network'
tui_keys 2
tui_expect "the pane: the switch is down" '^ Switch +down \(s starts it\)$'
tui_expect "its socket" "^ Socket +$SOCK$"
tui_expect "its management socket" "^ Mgmt +$MGMT$"
tui_expect "no tap" "^ Tap +none \(set 'tap =' and 'address =' in the config; needs root\)$"
tui_expect "the config" "^ Config +$XDG_CONFIG_HOME/vfiotui/net.conf$"
tui_expect "the status bar" 'Switch down, 0 ports in use, DHCP down \| s start  x stop'

tui_keys s
tui_expect "s starts the switch" '^ Switch +up, started by vfiotui \(pid [0-9]+\)$'
tui_expect "and slirpvde" '^ DHCP +slirpvde up \(pid [0-9]+\), DHCP on$'
tui_expect "its addresses" '^ +gateway 10\.0\.2\.2/24, DNS 10\.0\.2\.3, leases from 10\.0\.2\.15$'
tui_expect "and what it does not say" '^ +leases: not reported by slirpvde$'
tui_expect "slirpvde's port" '^ +[0-9]+  root +slirpvde: user=root pid=[0-9]+$'
sw=$(pid_of switch)
alive "$sw" && pass || fail "no switch runs after s"

# Ports come and go as the switch tells the pane, with no key pressed.
client_start tuiguest
tui_expect "a client appears as a port" '^ +[0-9]+  root +tuiguest user=root pid=[0-9]+$'
tui_keys Up
tui_expect "counted in the status bar" 'Switch up, 2 ports in use'
client_stop
tui_gone 'tuiguest' && pass || fail "the port stayed when the client left"

# SIGKILL: the pane learns it from the switch's pidfd.
kill -9 "$sw"
tui_expect "the pane says the switch is dead" '^ Switch +dead: vde_switch is gone \(s starts it again\)$'
tui_expect "with the last lines of its log" "^ +\| .* vfiotui: started vde_switch pid $sw on $SOCK$"
tui_expect "slirpvde went with it" '^ DHCP +slirpvde dead$'
out=$("$VFIOTUI" net start 2>&1)
expect_eq "net start in a shell brings it back" 0 $?
expect_match "a new switch" '^switch: started \(pid [0-9]+\)' "$out"
tui_expect "the pane shows it up again" '^ Switch +up, started by vfiotui \(pid [0-9]+\)$'
tui_expect "and slirpvde" '^ DHCP +slirpvde up '
new=$(pid_of switch)
[ -n "$new" ] && [ "$new" != "$sw" ] && alive "$new" && pass ||
	fail "no new switch after net start (old $sw, new '$new')"

tui_keys '?'
tui_expect "the help names the keys" 's / x +start / stop: the switch, or a guest'
tui_keys Escape
tui_keys x
tui_expect "x asks first" "Stop the switch at"
tui_keys n
sleep 0.3
alive "$new" && pass || fail "n stopped the switch"
tui_keys x
tui_expect "x asks again" "Stop the switch at"
tui_keys y
tui_expect "y stops it" '^ Switch +down \(s starts it\)$'
alive "$new" && fail "the switch $new still runs after x y" || pass
expect_eq "no pid file left" "" "$(cd "$NET" && ls ./*.pid 2>/dev/null)"

# A start from a shell shows at once (inotify on the runtime dir), and so
# does a stop.
"$VFIOTUI" net start >/dev/null
tui_expect "net start in a shell: up" '^ Switch +up, started by vfiotui \(pid [0-9]+\)$'
"$VFIOTUI" net stop >/dev/null
tui_expect "net stop in a shell: down" '^ Switch +down \(s starts it\)$'

# A switch vfiotui did not start, as a systemd unit would: external.
vde_switch -sock "$SOCK" -mgmt "$MGMT" -daemon -pidfile "$TMP/ext.pid"
tui_expect "an external switch shows" '^ Switch +up, external \(not started by vfiotui; x stops it only after asking\)$'
tui_expect "with no port in use" '^  no ports in use$'
kill "$(cat "$TMP/ext.pid")"
tui_expect "and goes" '^ Switch +down \(s starts it\)$'

tui_keys q
expect_eq "q exits with status 0" 0 "$(tui_exit_status)"

finish
