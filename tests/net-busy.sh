#!/bin/bash
# The Network pane answers keys while the network starts and stops.  A
# vde_switch stand-in first on PATH makes each slow, as $TMP/standin
# says: "slow" sleeps 2 s before it runs the real switch, "nosock" never
# makes a socket (the 2 s wait for it runs out), "stubborn" runs a switch
# that SIGTERM does not end (it is killed after 3 s).  A key pressed
# meanwhile shows on screen as fast as when nothing runs, a second start
# is refused, and each action ends as it did when it froze the dashboard.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/netlib.sh"
command -v perl >/dev/null || skip "perl is not installed"

real=$(command -v vde_switch)
mkdir "$TMP/bin"
cat >"$TMP/bin/vde_switch" <<EOF
#!/bin/bash
case \$(cat "$TMP/standin" 2>/dev/null) in
slow) sleep 2 ;;
nosock) exit 0 ;;
stubborn) exec perl -MPOSIX -e 'sigprocmask(SIG_BLOCK,
	POSIX::SigSet->new(SIGTERM)) or die; exec @ARGV' "$real" "\$@" ;;
esac
exec "$real" "\$@"
EOF
chmod +x "$TMP/bin/vde_switch"
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
tui_idle_times 1 "$IOMMU" 2 "$SWITCH"

# A slow start: the pane says so, keys answer, a second s waits its turn.
standin slow
tui_keys s
tui_expect "s: the start is under way" '^ +starting\.\.\. \(s and x wait for it\)$'
expect_quick "1 while net start runs" "$(tui_key_ms 1 "$IOMMU")" "$IDLE1"
expect_quick "2 while net start runs" \
	"$(tui_key_ms 2 '^ +starting\.\.\. ')" "$IDLE2"
tui_keys s
tui_expect "a second s is refused" 'net: a start is under way; s and x wait for it'
tui_expect "the start ends as before: up" '^ Switch +up, started by vfiotui \(pid [0-9]+\)$'
tui_expect "slirpvde too" '^ DHCP +slirpvde up \(pid [0-9]+\), DHCP on$'
tui_expect "what it did, last" 'slirpvde: started \(pid [0-9]+\), DHCP on'
tui_gone '^ +starting\.\.\. ' && pass || fail "starting... stayed after the start"
standin real
tui_keys x
tui_expect "x asks" "Stop the switch at"
tui_keys y
tui_expect "x y: down" '^ Switch +down \(s starts it\)$'

# A switch that never makes its socket: the wait for it runs out.
standin nosock
tui_keys s
tui_expect "s with no socket coming: under way" '^ +starting\.\.\. '
expect_quick "1 while net start waits for the socket" \
	"$(tui_key_ms 1 "$IOMMU")" "$IDLE1"
tui_keys 2
tui_expect "the timeout, as before" "net start: vde_switch started, but its management socket $MGMT does not answer: Connection timed out"
tui_gone '^ +starting\.\.\. ' && pass || fail "starting... stayed after the timeout"
out=$("$VFIOTUI" net start 2>&1)
expect_eq "net start in a shell: exit 1" 1 $?
expect_eq "and the same words" "vfiotui: net start: vde_switch started, but its management socket $MGMT does not answer: Connection timed out" "$out"

# A switch that SIGTERM does not end: the stop waits 3 s, then kills it.
standin stubborn
tui_keys s
tui_expect "a stubborn switch is up" '^ DHCP +slirpvde up \(pid [0-9]+\), DHCP on$'
sw=$(pid_of switch)
tui_keys x
tui_expect "x asks" "Stop the switch at"
tui_keys y
tui_expect "x y: the stop is under way" '^ +stopping\.\.\. \(s and x wait for it\)$'
expect_quick "1 while net stop runs" "$(tui_key_ms 1 "$IOMMU")" "$IDLE1"
expect_quick "2 while net stop runs" \
	"$(tui_key_ms 2 '^ +stopping\.\.\. ')" "$IDLE2"
tui_keys s
tui_expect "s is refused meanwhile" 'net: a stop is under way; s and x wait for it'
tui_expect "the stop ends as before: down" '^ Switch +down \(s starts it\)$'
tui_expect "what it did, last" "switch: stopped \(pid $sw\)"
alive "$sw" && fail "the stubborn switch $sw outlived the stop" || pass

tui_keys q
expect_eq "q exits with status 0" 0 "$(tui_exit_status)"

finish
