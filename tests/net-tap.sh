#!/bin/bash
# The switch on a tap with the host's address, as the reference laptop's
# three systemd units had it (vde_switch -tap, ip addr add 10.0.2.1/24,
# ip link set up), in a private network namespace so that the host's
# interfaces stay untouched.  Needs root (or CAP_NET_ADMIN) and
# /dev/net/tun; skips where they are missing.
if [ -z "${VFIOTUI_IN_NETNS:-}" ]; then
	[ -c /dev/net/tun ] || { echo "SKIP: no /dev/net/tun"; exit 77; }
	command -v unshare >/dev/null && unshare -n true 2>/dev/null ||
		{ echo "SKIP: cannot make a network namespace (not root?)"; exit 77; }
	VFIOTUI_IN_NETNS=1 exec unshare -n -- "$0" "$@"
fi
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/netlib.sh"
command -v ip >/dev/null || skip "ip is not installed (iproute2)"

tap=vfiotap0
cat >"$XDG_CONFIG_HOME/vfiotui/net.conf" <<EOF
# The reference setup, without slirpvde: the host routes for the guests.
tap = $tap
address = 10.0.2.1/24
group = nogroup
mode = 660
slirp = off
dhcp = off
EOF

out=$("$VFIOTUI" net start 2>&1)
expect_eq "start on a tap succeeds" 0 $?
expect_match "the switch" '^switch: started \(pid [0-9]+\)' "$out"
expect_match "the tap" "^tap: $tap up with 10\.0\.2\.1/24$" "$out"
expect_no_match "no slirpvde" '^slirpvde' "$out"
expect_match "the host's address on the tap" "inet 10\.0\.2\.1/24 " \
	"$(ip -o -4 addr show dev "$tap")"
expect_match "the link is up" "<[^>]*\bUP\b[^>]*>" "$(ip -o link show dev "$tap")"
expect_eq "the sockets' group and mode" "nogroup 660" "$(stat -c '%G %a' "$SOCK/ctl")"

json=$("$VFIOTUI" net status --json)
expect_eq "json: the tap" '{"name":"vfiotap0","exists":true,"up":true,"address":"10.0.2.1/24","addresses":["10.0.2.1/24"]}' \
	"$(jq -c .tap <<<"$json")"
expect_eq "json: the tap is a port of the switch" 1 \
	"$(jq '[.ports[] | select(.active and .module == "tuntap")] | length' <<<"$json")"
expect_eq "json: slirpvde is off" "false down" \
	"$(jq -r '"\(.slirpvde.enabled) \(.slirpvde.state)"' <<<"$json")"
expect_match "text status: the tap" "^tap: $tap up 10\.0\.2\.1/24$" "$("$VFIOTUI" net status)"
expect_match "text status: slirpvde off" "^slirpvde: off$" "$("$VFIOTUI" net status)"

# A host route to a guest: the host's side works like the old units'.
client_start guest
expect_status "a guest and the tap on the switch" '[.ports[] | select(.active)] | length == 2'
client_stop

out=$("$VFIOTUI" net start 2>&1)
expect_eq "a second start succeeds (the address is replaced, not added)" 0 $?
expect_eq "one address on the tap" 1 "$(ip -o -4 addr show dev "$tap" | wc -l)"

out=$("$VFIOTUI" net stop 2>&1)
expect_eq "stop succeeds" 0 $?
ip link show dev "$tap" >/dev/null 2>&1 && fail "the tap outlived the switch" || pass
expect_eq "no socket, no pid file left" "" \
	"$(cd "$NET" && ls -d switch mgmt ./*.pid 2>/dev/null)"

finish
