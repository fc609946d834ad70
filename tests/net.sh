#!/bin/bash
# vfiotui net start|status|stop with the real vde_switch and slirpvde on
# sockets in a temp dir: a libvdeplug client shows as a port, slirpvde
# answers DHCP, stop leaves nothing behind, and an external switch is
# shown but not stopped unless asked.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/netlib.sh"

out=$("$VFIOTUI" net status)
expect_match "nothing runs yet" '^switch: down, socket '"$SOCK"'$' "$out"
expect_match "the defaults, without a file" \
	"^config: $XDG_CONFIG_HOME/vfiotui/net.conf \(not present: defaults\)$" "$out"

out=$("$VFIOTUI" net start 2>&1)
expect_eq "start succeeds" 0 $?
expect_match "start: the switch" "^switch: started \(pid [0-9]+\) on $SOCK$" "$out"
expect_match "start: slirpvde" '^slirpvde: started \(pid [0-9]+\), DHCP on$' "$out"
sw=$(pid_of switch)
sl=$(pid_of slirpvde)
alive "$sw" && pass || fail "no vde_switch runs as pid '$sw'"
alive "$sl" && pass || fail "no slirpvde runs as pid '$sl'"
expect_eq "the switch's pid file names vde_switch" vde_switch \
	"$(cat "/proc/$sw/comm" 2>/dev/null)"
expect_eq "the switch's socket is in the runtime dir" yes \
	"$([ -S "$SOCK/ctl" ] && [ -S "$MGMT" ] && echo yes)"

json=$("$VFIOTUI" net status --json)
expect_eq "json: switch up" up "$(jq -r .switch.state <<<"$json")"
expect_eq "json: its pid" "$sw" "$(jq -r .switch.pid <<<"$json")"
expect_eq "json: slirpvde up with DHCP" "up true" \
	"$(jq -r '"\(.slirpvde.state) \(.slirpvde.dhcp)"' <<<"$json")"
expect_eq "json: slirpvde is plugged into a port" 1 \
	"$(jq "[.ports[] | select(.active and (.endpoint | startswith(\"slirpvde:\")))] | length" <<<"$json")"
expect_match "json: the DHCP range" 'gateway 10\.0\.2\.2/24, DNS 10\.0\.2\.3, leases from 10\.0\.2\.15' \
	"$(jq -r .slirpvde.info <<<"$json")"

# A libvdeplug endpoint appears as a port, and goes when it leaves.
client_start testguest
expect_status "the client is a port" \
	'[.ports[] | select(.active and (.endpoint | startswith("testguest ")))] | length == 1'
expect_match "text status names it" '^  port [0-9]+  root +testguest user=root pid=[0-9]+$' \
	"$("$VFIOTUI" net status)"
expect_match "text status counts it" '^ports: 2 in use$' "$("$VFIOTUI" net status)"
client_stop
expect_status "the client's port is gone" \
	'[.ports[] | select(.active and (.endpoint | startswith("testguest ")))] | length == 0'

# DHCP, end to end: DISCOVER from a libvdeplug client, OFFER from slirpvde.
offer=$(timeout 10 "$VDECLIENT" --dhcp "$SOCK")
expect_match "slirpvde offers an address in 10.0.2.0/24" '^10\.0\.2\.[0-9]+$' "$offer"

out=$("$VFIOTUI" net start 2>&1)
expect_eq "a second start succeeds" 0 $?
expect_match "and starts nothing" "^switch: already running \(pid $sw\)$" "$out"
expect_match "not even slirpvde" "^slirpvde: already running \(pid $sl\)$" "$out"

out=$("$VFIOTUI" net stop 2>&1)
expect_eq "stop succeeds" 0 $?
expect_match "stop: slirpvde" "^slirpvde: stopped \(pid $sl\)$" "$out"
expect_match "stop: the switch" "^switch: stopped \(pid $sw\)$" "$out"
alive "$sw" && fail "vde_switch $sw still runs" || pass
alive "$sl" && fail "slirpvde $sl still runs" || pass
expect_eq "no socket, no pid file left" "" \
	"$(cd "$NET" && ls -d switch mgmt ./*.pid 2>/dev/null)"
expect_eq "the logs stay" "slirpvde.log switch.log" "$(cd "$NET" && echo *.log)"
expect_match "status: down again" '^switch: down, socket ' "$("$VFIOTUI" net status)"

# An external switch (a systemd unit's) at our socket: shown, left alone.
vde_switch -sock "$SOCK" -mgmt "$MGMT" -daemon -pidfile "$TMP/ext.pid"
wait_file_match "$TMP/ext.pid" '^[0-9]+$' || fail "the external switch did not start"
ext=$(cat "$TMP/ext.pid")
expect_status "status: external" '.switch.state == "external" and .switch.pid == null'
out=$("$VFIOTUI" net start 2>&1)
expect_match "start leaves it alone" "^switch: an external switch answers at $SOCK: left as it is$" "$out"
expect_eq "and starts no slirpvde" "" "$(pid_of slirpvde)"
out=$("$VFIOTUI" net stop 2>&1)
expect_eq "stop refuses an external switch" 1 $?
expect_match "and says why" "was not started by vfiotui \(external\): not stopped" "$out"
alive "$ext" && pass || fail "net stop killed the external switch"
out=$("$VFIOTUI" net stop --force 2>&1)
expect_eq "stop --force stops it" 0 $?
expect_match "--force says so" "^switch: external switch stopped \(pid $ext\)$" "$out"
alive "$ext" && fail "the external switch $ext still runs" || pass

# Two switches: the default configuration's and one --config names.  Each
# keeps its own pid files, so stopping one leaves the other running.
"$VFIOTUI" net start >/dev/null 2>&1
sw=$(pid_of switch)
printf 'socket = %s\nslirp = off\ndhcp = off\n' "$TMP/b.sock" >"$TMP/b.conf"
out=$("$VFIOTUI" net start --config "$TMP/b.conf" 2>&1)
expect_match "a second switch starts" "^switch: started \(pid [0-9]+\) on $TMP/b.sock$" "$out"
bdir=$("$VFIOTUI" net status --json --config "$TMP/b.conf" | jq -r .dir)
expect_match "its own runtime dir" "^$NET/config-[0-9a-f]{16}$" "$bdir"
bsw=$(cat "$bdir/switch.pid" 2>/dev/null)
alive "$bsw" && pass || fail "no second vde_switch runs as pid '$bsw'"
expect_match "the second's status is its own" "^switch: up .*pid $bsw" \
	"$("$VFIOTUI" net status --config "$TMP/b.conf")"
out=$("$VFIOTUI" net stop --config "$TMP/b.conf" 2>&1)
expect_match "stopping the second" "^switch: stopped \(pid $bsw\)$" "$out"
alive "$sw" && pass || fail "net stop --config B stopped the default switch $sw"
alive "$bsw" && fail "the second switch $bsw still runs" || pass
expect_match "the default one still up" "^switch: up .*pid $sw" "$("$VFIOTUI" net status)"
"$VFIOTUI" net stop >/dev/null 2>&1

# The systemd unit waits for the pid file where root's `net start` writes it.
unit="$(dirname "$VFIOTUI")/share/vfiotui-net.service"
if [ -f "$unit" ] && [ "$(id -u)" -eq 0 ]; then
	rootdir=$(env -u XDG_RUNTIME_DIR -u XDG_CONFIG_HOME "$VFIOTUI" net status --json | jq -r .dir)
	expect_eq "the unit's PIDFile is root's switch pid file" \
		"PIDFile=$rootdir/switch.pid" "$(grep '^PIDFile=' "$unit")"
	expect_match "the unit runs net start" '^ExecStart=/.*/vfiotui net start$' "$(cat "$unit")"
	expect_eq "root's net.conf is under configure's sysconfdir" \
		"$SYSCONFDIR/vfiotui/net.conf" \
		"$(env -u XDG_CONFIG_HOME "$VFIOTUI" net status --json | jq -r .config)"
fi
if command -v systemd-analyze >/dev/null; then
	sed "s|@bindir@|$(dirname "$VFIOTUI")|" \
		"$(dirname "$TESTLIB")/../share/vfiotui-net.service.in" >"$TMP/vfiotui-net.service"
	expect_eq "systemd finds nothing wrong with the unit" "" \
		"$(systemd-analyze verify --man=no "$TMP/vfiotui-net.service" 2>&1)"
fi

finish
