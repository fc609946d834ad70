# Shared by the test scripts: a temp dir that is always removed, fixture
# trees, assertions that say what they expected, and a tmux driver.
# Sourced; the environment comes from Makefile.am's AM_TESTS_ENVIRONMENT.

set -u

: "${VFIOTUI:?run through make check}"
: "${MKFIXTURE:?run through make check}"
: "${FIXTURES:?run through make check}"

TEST_NAME=$(basename "$0" .sh)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vfiotui-$TEST_NAME.XXXXXX")
failures=0
checks=0
cleanups=()

cleanup() {
	local c
	for c in "${cleanups[@]}"; do
		eval "$c" >/dev/null 2>&1 || true
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# at_exit CMD: run CMD when the test ends, however it ends.
at_exit() {
	cleanups+=("$1")
}

pass() {
	checks=$((checks + 1))
}

fail() {
	checks=$((checks + 1))
	failures=$((failures + 1))
	printf 'FAIL: %s\n' "$*"
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then
		pass
	else
		fail "$1: expected [$2], got [$3]"
	fi
}

# expect_match WHAT REGEX TEXT (grep -E, one line of TEXT must match)
expect_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		pass
	else
		fail "$1: no line matches /$2/ in:"
		printf '%s\n' "$3" | sed 's/^/    | /'
	fi
}

expect_no_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		fail "$1: a line matches /$2/ in:"
		printf '%s\n' "$3" | sed 's/^/    | /'
	else
		pass
	fi
}

# finish: the summary line, and the exit status automake reads.
finish() {
	printf '%s: %d passed, %d failed\n' "$TEST_NAME" "$((checks - failures))" "$failures"
	[ "$failures" -eq 0 ] || exit 1
	[ "$checks" -gt 0 ] || { echo "no checks ran"; exit 99; }
	exit 0
}

skip() {
	printf 'SKIP: %s\n' "$*"
	exit 77
}

# fixture NAME [--no-config]: builds tests/fixtures/NAME.desc into a tree
# under $TMP and prints its path.
fixture() {
	local name=$1 dir
	shift
	dir=$(mktemp -d "$TMP/$name.XXXXXX")
	"$MKFIXTURE" "$@" "$FIXTURES/$name.desc" "$dir" >&2 ||
		{ echo "mkfixture failed for $name" >&2; exit 99; }
	printf '%s\n' "$dir"
}

# laptop_cpus TREE: the reference laptop's CPUs under TREE's
# devices/system/cpu (i7-7700HQ: 4 cores, 8 threads, one L3).
laptop_cpus() {
	local cpu=$1/devices/system/cpu i
	mkdir -p "$cpu"
	echo 0-7 >"$cpu/online"
	for i in 0 1 2 3 4 5 6 7; do
		mkdir -p "$cpu/cpu$i/topology" "$cpu/cpu$i/cache/index3"
		echo "$((i % 4)),$((i % 4 + 4))" >"$cpu/cpu$i/topology/thread_siblings_list"
		echo 3 >"$cpu/cpu$i/cache/index3/level"
		echo 0-7 >"$cpu/cpu$i/cache/index3/shared_cpu_list"
	done
}

# lspci_on TREE ARGS...: the oracle, lspci reading a fixture tree.
lspci_on() {
	local tree=$1
	shift
	"${LSPCI:-lspci}" -A linux-sysfs -O "sysfs.path=$tree/bus/pci" "$@" \
		2>/dev/null
}

# --- tmux -----------------------------------------------------------------

# tui_run COLS ROWS CMD...: runs CMD in a private tmux server, with the
# TERM tmux gives its panes (so the keys it sends are the ones terminfo
# names).  The exit status lands in $TMP/tui.rc when CMD ends.
tui_run() {
	local cols=$1 rows=$2 cmd
	shift 2
	command -v tmux >/dev/null || skip "tmux is not installed"
	# A new socket in $TMP for every run: kill-server returns before the
	# old server has gone, and a client that finds the old socket talks
	# to a server on its way out ("server exited unexpectedly").
	tui_runs=$((${tui_runs:-0} + 1))
	TMUX_SOCK="$TMP/tmux.$tui_runs.sock"
	at_exit "tmux -S '$TMUX_SOCK' kill-server"
	rm -f "$TMP/tui.rc"
	cmd=$(printf '%q ' "$@")
	tmux -S "$TMUX_SOCK" -f /dev/null new-session -d -x "$cols" -y "$rows" \
		-s t "env LANG=${TUI_LANG:-C.UTF-8} ${TUI_ENV:-} $cmd; echo \$? > '$TMP/tui.rc'; sleep 30"
}

# tui_start COLS ROWS ARGS...: vfiotui ARGS in tmux.
tui_start() {
	local cols=$1 rows=$2
	shift 2
	tui_run "$cols" "$rows" "$VFIOTUI" "$@"
}

tui_screen() {
	tmux -S "$TMUX_SOCK" capture-pane -p -t t
}

tui_keys() {
	tmux -S "$TMUX_SOCK" send-keys -t t "$@"
}

# tui_wait REGEX [SECONDS]: polls the screen until a line matches.  The
# waits here default to 15 s: they cost nothing when the awaited thing
# comes, and an ASan build sharing two cores with other tests is slow.
tui_wait() {
	local deadline=$((SECONDS + ${2:-15}))
	while [ "$SECONDS" -le "$deadline" ]; do
		if tui_screen | grep -Eq -- "$1"; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# tui_gone REGEX [SECONDS]: polls the screen until no line matches (an
# overlay or dialog closed).
tui_gone() {
	local deadline=$((SECONDS + ${2:-15}))
	while [ "$SECONDS" -le "$deadline" ]; do
		if ! tui_screen | grep -Eq -- "$1"; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# tui_expect WHAT REGEX: waits for REGEX, then records pass or fail.
tui_expect() {
	if tui_wait "$2"; then
		pass
	else
		fail "$1: screen never showed /$2/:"
		tui_screen | sed 's/^/    | /'
	fi
}

# tui_exit_status: waits for the program to end and prints its status.
tui_exit_status() {
	local deadline=$((SECONDS + 15))
	while [ ! -s "$TMP/tui.rc" ] && [ "$SECONDS" -le "$deadline" ]; do
		sleep 0.1
	done
	cat "$TMP/tui.rc" 2>/dev/null || echo "still running"
}

# tui_key_ms KEY REGEX: presses KEY and prints the milliseconds until a
# line of the screen matches REGEX, or 99999 when none has in 10 s.  The
# screen is read again at once, with no pause between reads, so that the
# number is the dashboard's and tmux's own; the same key measured while
# nothing runs is what to compare it with.
tui_key_ms() {
	local t0 now
	t0=$(date +%s%N)
	tui_keys "$1"
	until tui_screen | grep -Eq -- "$2"; do
		now=$(date +%s%N)
		[ $((now - t0)) -lt 10000000000 ] || { echo 99999; return; }
	done
	now=$(date +%s%N)
	echo $(((now - t0) / 1000000))
}

# tui_key_times KEY1 REGEX1 KEY2 REGEX2: KEY1 and then KEY2 (to another
# pane and back) three times; sets MS1 and MS2 to the middle time of
# each, which one stall of a busy machine does not move.  Not a $(...):
# it sets them in this shell.
tui_key_times() {
	local i a=() b=()
	for i in 1 2 3; do
		a+=("$(tui_key_ms "$1" "$2")")
		b+=("$(tui_key_ms "$3" "$4")")
	done
	MS1=$(printf '%s\n' "${a[@]}" | sort -n | sed -n 2p)
	MS2=$(printf '%s\n' "${b[@]}" | sort -n | sed -n 2p)
}

# expect_quick WHAT MS IDLE_MS: MS, a key's time while something runs,
# is within 100 ms of IDLE_MS, the same key's while nothing did.  (A
# dashboard that waits for the action answers in seconds.)
expect_quick() {
	printf '%s: %d ms (idle: %d ms)\n' "$1" "$2" "$3"
	if [ "$2" -le $(($3 + 100)) ]; then
		pass
	else
		fail "$1: the key took $2 ms, $(($2 - $3)) ms more than idle"
	fi
}

# --- the fake kernel (umockdev) ---------------------------------------------

# fk_start TREE: puts TREE in a umockdev testbed run by tests/fakekernel and
# sets UMOCKDEV_DIR.  Commands go through fk; "${UMOCKDEV_ENV[@]}" PROG runs
# PROG (as PROG itself: env execs it, so $! is its pid) seeing the testbed
# as /sys and getting its uevents.
fk_start() {
	[ -x "${FAKEKERNEL:-}" ] || skip "tests/fakekernel is not built (no umockdev)"
	command -v umockdev-wrapper >/dev/null || skip "umockdev is not installed"
	coproc FK { exec umockdev-wrapper "$FAKEKERNEL" "$1"; }
	FK_IN=${FK[1]}
	FK_OUT=${FK[0]}
	# Closing its stdin makes it remove the testbed; should it have died,
	# the testbed is removed here.
	at_exit "exec $FK_IN>&-; wait $FK_PID"
	read -r -t 10 UMOCKDEV_DIR <&"$FK_OUT" ||
		{ echo "fakekernel did not start" >&2; exit 99; }
	export UMOCKDEV_DIR
	at_exit "rm -rf '$UMOCKDEV_DIR'"
	UMOCKDEV_ENV=(env LD_PRELOAD=libumockdev-preload.so.0
		UMOCKDEV_DIR="$UMOCKDEV_DIR")
	TUI_ENV="LD_PRELOAD=libumockdev-preload.so.0 UMOCKDEV_DIR=$UMOCKDEV_DIR"
}

# fk COMMAND...: one command to the fake kernel; a refusal fails the test.
fk() {
	local reply
	printf '%s\n' "$*" >&"$FK_IN"
	if ! read -r -t 15 reply <&"$FK_OUT" || [ "$reply" != ok ]; then
		fail "fakekernel $*: ${reply:-no answer}"
	fi
}

# fk_mark, then start a program, then fk_wait_listener: waits until the
# program listens for uevents (the preload makes a socket for each monitor
# in the testbed), so that no event is sent before anyone hears it.  The
# sockets of programs that have ended stay behind, and a new one may reuse
# the name and even the inode: fk_mark clears them, so call it only while
# no other listener runs.
fk_mark() {
	rm -f "$UMOCKDEV_DIR"/event[0-9]*
}

fk_wait_listener() {
	local deadline=$((SECONDS + 15))
	while [ "$SECONDS" -le "$deadline" ]; do
		if compgen -G "$UMOCKDEV_DIR/event[0-9]*" >/dev/null; then
			return 0
		fi
		sleep 0.05
	done
	fail "no uevent listener appeared in $UMOCKDEV_DIR"
	return 1
}

# wait_file_match FILE REGEX [SECONDS]: polls FILE until a line matches.
wait_file_match() {
	local deadline=$((SECONDS + ${3:-15}))
	while [ "$SECONDS" -le "$deadline" ]; do
		grep -Eq -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# expect_file_match WHAT FILE REGEX [SECONDS]
expect_file_match() {
	if wait_file_match "$2" "$3" "${4:-15}"; then
		pass
	else
		fail "$1: $2 never had a line matching /$3/:"
		sed 's/^/    | /' "$2"
	fi
}

# man_checks PAGE FIRST_HEADING: groff -ww finds nothing wrong with PAGE,
# it renders (its first section FIRST_HEADING), no @substitution@ is left
# undone; sets $page to the rendered text, for the caller's own checks.
man_checks() {
	local warnings
	command -v groff >/dev/null || skip "groff is not installed (Debian: groff-base)"
	warnings=$(groff -ww -z -man -t "$1" 2>&1)
	expect_eq "groff -ww: no warnings" "" "$warnings"
	page=$(groff -man -t -Tutf8 -P-cbou "$1" 2>/dev/null)
	expect_match "it renders" "^$2" "$page"
	expect_eq "no substitution left undone" "" "$(grep -o '@[a-z]*@' "$1")"
}
