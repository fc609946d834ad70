#!/bin/bash
# Bad input: one clear line on stderr, a non-zero exit (2 for bad usage or
# input, 1 when the system has no such thing), never a crash.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

tree=$(fixture clevo-p650hp6 --no-config)

# run_cli WHAT WANT_RC REGEX ARGS...
run_cli() {
	local what=$1 want=$2 regex=$3 rc
	shift 3
	"$VFIOTUI" "$@" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	expect_eq "$what: exit status" "$want" "$rc"
	expect_eq "$what: one line on stderr" 1 "$(wc -l < "$TMP/err")"
	expect_match "$what: says why" "$regex" "$(cat "$TMP/err")"
	expect_eq "$what: nothing on stdout" "" "$(cat "$TMP/out")"
}

run_cli "unknown command" 2 "unknown command 'frobnicate'" \
	--sysfs "$tree" frobnicate
# A family's verb comes from the table of commands, as --help lists them.
run_cli "a family without its verb" 2 \
	"guest: expected list, new, edit, start, stop, status, pause, resume, powerdown, reset, kill, attach, console, view, screenshot, snapshot, disk, usb or import" \
	--sysfs "$tree" guest
run_cli "an unknown verb" 2 "net: unknown command 'restart'" net restart
run_cli "an unknown verb, then a name" 2 "guest: unknown command 'frobnicate'" \
	guest frobnicate win10
run_cli "unknown option" 2 "unrecognized option|--bogus" --bogus list
run_cli "list with a stray argument" 2 "list: unknown argument 'extra'" \
	--sysfs "$tree" list extra
# The global options a command takes may follow it: the same answer.
expect_eq "list --sysfs DIR: as --sysfs DIR list" \
	"$("$VFIOTUI" --sysfs "$tree" list)" "$("$VFIOTUI" list --sysfs "$tree")"
expect_eq "list --sysfs DIR: exit status" 0 "$?"
expect_eq "show ADDR --sysfs=DIR: as --sysfs DIR show ADDR" \
	"$("$VFIOTUI" --sysfs "$tree" show 01:00.0)" "$("$VFIOTUI" show 01:00.0 --sysfs="$tree")"
expect_eq "check --proc DIR --sysfs DIR: as both before it" \
	"$("$VFIOTUI" --sysfs "$tree" --proc "$TMP" check)" \
	"$("$VFIOTUI" check --proc "$TMP" --sysfs "$tree")"
run_cli "a global option after the command, without its directory" 2 \
	"list: --sysfs needs a directory" list --sysfs
run_cli "a global option a command does not take" 2 \
	"net status: unexpected argument '--sysfs'" net status --sysfs "$tree"
# Run by pkexec, a root given after the command is refused as one before.
PKEXEC_UID=65534 "$VFIOTUI" bind --dry-run 01:00.0 --sysfs "$tree" > "$TMP/out" 2> "$TMP/err"
expect_eq "pkexec, --sysfs after bind: exit status" 1 "$?"
expect_match "pkexec, --sysfs after bind: refused" \
	'^vfiotui: run by pkexec, vfiotui works on the real /sys and /proc only' "$(cat "$TMP/err")"
run_cli "show without an address" 2 "show: expected one address" \
	--sysfs "$tree" show
for bad in 1:00.0 01:00 01:20.0 01:00.8 0000:01:00.0x 000g:01:00.0 \
	../../etc "01:00.0/../../x" "" ' 01:00.0'; do
	run_cli "show '$bad'" 2 "show: '.*' is not a PCI address" \
		--sysfs "$tree" show "$bad"
done
run_cli "show an absent device" 1 "no PCI device 0000:02:00.0" \
	--sysfs "$tree" show 02:00.0
run_cli "--sysfs at a missing directory" 2 "$TMP/nowhere: No such file" \
	--sysfs "$TMP/nowhere" list
mkdir -p "$TMP/empty"
run_cli "--sysfs at a directory that is not sysfs" 2 \
	"is not a sysfs tree \(no bus/pci/devices directory\)" \
	--sysfs "$TMP/empty" list
run_cli "--sysfs at a file" 2 "Not a directory" --sysfs "$FIXTURES/clevo-p650hp6.desc" show 01:00.0
run_cli "the TUI without a terminal" 2 "needs a terminal" --sysfs "$tree" \
	</dev/null

# The good paths answer 0 and say nothing on stderr.
"$VFIOTUI" --sysfs "$tree" show 0000:01:00.0 > "$TMP/out" 2> "$TMP/err"
expect_eq "show with a domain: exit status" 0 "$?"
expect_eq "show with a domain: quiet stderr" "" "$(cat "$TMP/err")"
expect_match "--version" '^vfiotui [0-9]+\.[0-9]+' "$("$VFIOTUI" --version)"
expect_match "--help names the commands" '^  show BB:DD.F' "$("$VFIOTUI" --help)"

finish
