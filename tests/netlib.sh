# Shared by the network tests: a private runtime and config dir, the real
# vde_switch and slirpvde, and a cleanup that ends every daemon a test
# started (by the pids in its pid files and the processes that name its
# temp dir), even when the test fails.  Sourced after lib.sh.

command -v vde_switch >/dev/null || skip "vde_switch is not installed (vde2)"
command -v slirpvde >/dev/null || skip "slirpvde is not installed (vde2)"
command -v jq >/dev/null || skip "jq is not installed"
[ -x "${VDECLIENT:-}" ] || skip "tests/vdeclient is not built"

export XDG_RUNTIME_DIR="$TMP/run" XDG_CONFIG_HOME="$TMP/cfg"
mkdir -m 700 -p "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME/vfiotui"
NET="$XDG_RUNTIME_DIR/vfiotui/net"
SOCK="$NET/switch"
MGMT="$NET/mgmt"

# The pids of every process whose command line names $TMP.
tmp_pids() {
	local p
	for p in /proc/[0-9]*; do
		tr '\0' ' ' 2>/dev/null <"$p/cmdline" | grep -qF -- "$TMP/" &&
			echo "${p#/proc/}"
	done
}

net_cleanup() {
	local f p
	for f in "$NET"/*.pid; do
		[ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null
	done
	for p in $(tmp_pids); do
		[ "$p" != $$ ] && kill -9 "$p" 2>/dev/null
	done
	return 0
}
at_exit net_cleanup

# pid_of DAEMON: the pid in its pid file, or nothing.
pid_of() {
	cat "$NET/$1.pid" 2>/dev/null
}

alive() {
	[ -n "$1" ] && kill -0 "$1" 2>/dev/null &&
		! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}

# wait_status JQ-FILTER [SECONDS]: polls `net status --json` until the
# filter is true.
wait_status() {
	local deadline=$((SECONDS + ${2:-15}))
	while [ "$SECONDS" -le "$deadline" ]; do
		"$VFIOTUI" net status --json 2>/dev/null | jq -e "$1" >/dev/null &&
			return 0
		sleep 0.1
	done
	return 1
}

expect_status() {
	if wait_status "$2" "${3:-15}"; then
		pass
	else
		fail "$1: net status --json never had $2:"
		"$VFIOTUI" net status --json 2>&1 | sed 's/^/    | /'
	fi
}

# client_start NAME: plugs a libvdeplug endpoint NAME into the switch and
# waits until it says so; client_stop ends it (its stdin closes).
client_start() {
	coproc CLIENT { exec "$VDECLIENT" "$SOCK" "$1"; }
	CLIENT_IN=${CLIENT[1]}
	at_exit "kill -9 $CLIENT_PID"
	local line
	read -r -t 5 line <&"${CLIENT[0]}"
	expect_eq "the client plugs in" connected "$line"
}

client_stop() {
	local pid=$CLIENT_PID
	exec {CLIENT_IN}>&-
	wait "$pid" 2>/dev/null
}
