#!/bin/bash
# The Network pane answers keys while the network starts and stops.
# Stand-ins for vde_switch and slirpvde first on PATH make each slow, as
# $TMP/standin says: "slow" sleeps 5 s before it runs the real switch,
# "nosock" never makes a socket (the 2 s wait for it runs out),
# "stubborn" runs a switch and a slirpvde that SIGTERM does not end
# (each is killed after 3 s), and "late" a slirpvde whose banner reaches
# its log a second late.  Keys pressed meanwhile show on screen as fast
# as when nothing runs, a second start is refused, and each action ends
# as it did when it froze the dashboard.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/netlib.sh"
command -v perl >/dev/null || skip "perl is not installed"

# Runs the rest with SIGTERM blocked, which a fork and an exec keep.
stubborn='exec perl -MPOSIX -e "sigprocmask(SIG_BLOCK,
	POSIX::SigSet->new(SIGTERM)) or die; exec @ARGV"'
mkdir "$TMP/bin"
cat >"$TMP/bin/vde_switch" <<EOF
#!/bin/bash
case \$(cat "$TMP/standin" 2>/dev/null) in
slow) sleep 5 ;;
nosock) exit 0 ;;
stubborn) $stubborn "$(command -v vde_switch)" "\$@" ;;
esac
exec "$(command -v vde_switch)" "\$@"
EOF
cat >"$TMP/bin/slirpvde" <<EOF
#!/bin/bash
case \$(cat "$TMP/standin" 2>/dev/null) in
stubborn) $stubborn "$(command -v slirpvde)" "\$@" ;;
late) exec "$(command -v slirpvde)" "\$@" 2> >(sleep 1; exec cat >&2) ;;
esac
exec "$(command -v slirpvde)" "\$@"
EOF
chmod +x "$TMP/bin/vde_switch" "$TMP/bin/slirpvde"
export PATH="$TMP/bin:$PATH"
standin() {
	echo "$1" >"$TMP/standin"
}

IOMMU='^IOMMU Group 0 '
SWITCH='^ Switch '

tree=$(fixture clevo-p650hp6 --no-config)
tui_start 220 40 --sysfs "$tree"
tui_expect "the dashboard is up" '^ vfiotui +1 IOMMU +2 Network'
tui_keys 2
tui_expect "the switch is down" '^ Switch +down \(s starts it\)$'

# idle: the times of 1 and 2 (to the IOMMU pane and back) with nothing
# running, just before an action, so that the load the machine has then
# weighs on both.
idle() {
	tui_key_times 1 "$IOMMU" 2 "$SWITCH"
	IDLE1=$MS1 IDLE2=$MS2
}

# A slow start: the pane says so, a second s waits its turn, keys answer
# (2 finds the start still under way).
idle
standin slow
tui_keys s
tui_expect "s: the start is under way" '^ +starting\.\.\. \(s and x wait for it\)$'
tui_keys s
tui_expect "a second s is refused" 'net: a start is under way; s and x wait for it'
tui_key_times 1 "$IOMMU" 2 '^ +starting\.\.\. '
expect_quick "1 while net start runs" "$MS1" "$IDLE1"
expect_quick "2 while net start runs" "$MS2" "$IDLE2"
tui_expect "the start ends as before: up" '^ Switch +up, started by vfiotui \(pid [0-9]+\)$'
tui_expect "slirpvde too" '^ DHCP +slirpvde up \(pid [0-9]+\), DHCP on$'
tui_expect "what it did, last" 'slirpvde: started \(pid [0-9]+\), DHCP on'
tui_gone '^ +starting\.\.\. ' && pass || fail "starting... stayed after the start"
standin real
tui_keys x
tui_expect "x asks" "Stop the switch at"
tui_keys y
tui_expect "x y: down" '^ Switch +down \(s starts it\)$'

# A switch that never makes its socket: the wait for it runs out.  The
# keys are timed back to the pane as it is: a slow machine may take them
# past the 2 s.
idle
standin nosock
tui_keys s
tui_expect "s with no socket coming: under way" '^ +starting\.\.\. '
tui_key_times 1 "$IOMMU" 2 "$SWITCH"
expect_quick "1 while net start waits for the socket" "$MS1" "$IDLE1"
expect_quick "2 while net start waits for the socket" "$MS2" "$IDLE2"
tui_gone '^ +starting\.\.\. ' && pass || fail "starting... stayed after the timeout"
tui_keys L
tui_expect "the timeout, as before" "[0-9:]{8} net start: vde_switch started, but its management socket $MGMT does not answer: Connection timed out"
tui_keys q
tui_gone 'Messages, newest last' || fail "the log of messages did not close"
out=$("$VFIOTUI" net start 2>&1)
expect_eq "net start in a shell: exit 1" 1 $?
expect_eq "and the same words" "vfiotui: net start: vde_switch started, but its management socket $MGMT does not answer: Connection timed out" "$out"

# A switch and a slirpvde that SIGTERM does not end: the stop waits 3 s
# for each, then kills it.
standin stubborn
tui_keys s
tui_expect "a stubborn switch is up" '^ DHCP +slirpvde up \(pid [0-9]+\), DHCP on$'
tui_gone '^ +starting\.\.\. ' && pass || fail "the stubborn start did not end"
sw=$(pid_of switch)
slirp=$(pid_of slirpvde)
idle
tui_keys x
tui_expect "x asks" "Stop the switch at"
tui_keys y
tui_expect "x y: the stop is under way" '^ +stopping\.\.\. \(s and x wait for it\)$'
tui_keys s
tui_expect "s is refused meanwhile" 'net: a stop is under way; s and x wait for it'
tui_key_times 1 "$IOMMU" 2 '^ +stopping\.\.\. '
expect_quick "1 while net stop runs" "$MS1" "$IDLE1"
expect_quick "2 while net stop runs" "$MS2" "$IDLE2"
tui_expect "the stop ends as before: down" '^ Switch +down \(s starts it\)$'
tui_expect "what it did, last" "switch: stopped \(pid $sw\)"
alive "$sw" && fail "the stubborn switch $sw outlived the stop" || pass
alive "$slirp" && fail "the stubborn slirpvde $slirp outlived the stop" || pass

# slirpvde's addresses, written to its log a second after it plugged
# in, when the start has ended: the pane reads them as they are written.
# (Its log keeps the last slirpvde's, which would show at once.)
rm "$NET/slirpvde.log"
standin late
tui_keys s
tui_expect "a late slirpvde is up" '^ DHCP +slirpvde up \(pid [0-9]+\), DHCP on$'
tui_expect "its addresses, once written" '^ +gateway 10\.0\.2\.2/24, DNS 10\.0\.2\.3, leases from 10\.0\.2\.15$'

tui_keys q
expect_eq "q exits with status 0" 0 "$(tui_exit_status)"

finish
