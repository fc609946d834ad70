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
	TMUX_SOCK="vfiotui-$TEST_NAME-$$"
	at_exit "tmux -L '$TMUX_SOCK' kill-server"
	cmd=$(printf '%q ' "$@")
	tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -x "$cols" -y "$rows" \
		-s t "env LANG=${TUI_LANG:-C.UTF-8} ${TUI_ENV:-} $cmd; echo \$? > '$TMP/tui.rc'; sleep 30"
}

# tui_start COLS ROWS ARGS...: vfiotui ARGS in tmux.
tui_start() {
	local cols=$1 rows=$2
	shift 2
	tui_run "$cols" "$rows" "$VFIOTUI" "$@"
}

tui_screen() {
	tmux -L "$TMUX_SOCK" capture-pane -p -t t
}

tui_keys() {
	tmux -L "$TMUX_SOCK" send-keys -t t "$@"
}

# tui_wait REGEX [SECONDS]: polls the screen until a line matches.
tui_wait() {
	local deadline=$((SECONDS + ${2:-5}))
	while [ "$SECONDS" -le "$deadline" ]; do
		if tui_screen | grep -Eq -- "$1"; then
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
	local deadline=$((SECONDS + 5))
	while [ ! -s "$TMP/tui.rc" ] && [ "$SECONDS" -le "$deadline" ]; do
		sleep 0.1
	done
	cat "$TMP/tui.rc" 2>/dev/null || echo "still running"
}
