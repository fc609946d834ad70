#!/bin/bash
# --help and --version: the program's help lists every command; each
# command's --help (found from that list, not from a list kept here) exits
# 0 with its text on stdout, describes every option its synopsis names, and
# every option it documents is one the command accepts.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

tree=$(fixture clevo-p650hp6 --no-config)
export XDG_RUNTIME_DIR="$TMP/run" XDG_CONFIG_HOME="$TMP/config"
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME"

# help ARGS...: runs vfiotui ARGS; $out, $err and $rc hold what it did.
help() {
	"$VFIOTUI" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}

# The lines that run past 80 columns, but for a word alone on its line
# (a long --prefix's path), which no wrapping can make fit.
too_wide() {
	printf '%s\n' "$1" | awk 'length > 80 && NF > 1'
}

help --help
expect_eq "--help: exit status" 0 "$rc"
expect_eq "--help: nothing on stderr" "" "$err"
expect_match "--help: the synopsis" '^usage: vfiotui \[--sysfs DIR\]' "$out"
expect_match "--help: the exit codes" '^exit status: 0 done, 1 .*, 2 bad usage' "$out"
expect_eq "--help: fits 80 columns" "" "$(too_wide "$out")"
top=$out
help -h
expect_eq "-h is --help" "$top" "$out"

help --version
expect_eq "--version: exit status" 0 "$rc"
expect_match "--version: name and version" '^vfiotui [0-9]+\.[0-9]+\.[0-9]+$' "$out"

# The commands, as --help lists them: "list [--json]", "net start [...]".
synopses=$(printf '%s\n' "$top" | awk '/^commands:/ {on = 1; next}
	/^$/ {on = 0} on && /^  [a-z]/ {sub(/^  /, ""); sub(/  .*/, ""); print}')
expect_match "--help lists commands" '^list ' "$synopses"
ncmds=0
while IFS= read -r synopsis; do
	set -- $synopsis
	cmd=$1
	# A second word in lower case is a verb: "net start", "guest stop".
	if [[ ${2:-} =~ ^[a-z]+$ ]]; then
		cmd="$1 $2"
	fi
	args=${synopsis#"$cmd"}
	ncmds=$((ncmds + 1))
	help $cmd --help
	cmdhelp=$out
	expect_eq "$cmd --help: exit status" 0 "$rc"
	expect_eq "$cmd --help: nothing on stderr" "" "$err"
	expect_match "$cmd --help: its synopsis" \
		"^usage: vfiotui (\[--[a-z]+ DIR\] )*$cmd$(printf '%s' "$args" |
			sed 's/[][|.]/\\&/g')$" "$out"
	expect_eq "$cmd --help: fits 80 columns" "" "$(too_wide "$out")"
	# Each option of the synopsis is described, and accepted: followed by
	# a bad option, the command complains of that one, not of it.
	for opt in $(printf '%s\n' "$args" | grep -o -- '--[a-z-]*'); do
		expect_match "$cmd --help describes $opt" "^  $opt( |\$)" "$cmdhelp"
		case $opt in
		--config) value=("$TMP/net.conf") ;;
		--device) value=(01:00.0) ;;
		--timeout) value=(5) ;;
		--name) value=(win10) ;;
		*) value=() ;;
		esac
		help --sysfs "$tree" $cmd "$opt" "${value[@]}" --no-such-option
		expect_eq "$cmd $opt: the bad option ends it" 2 "$rc"
		expect_match "$cmd $opt: accepted" "'--no-such-option'" "$err"
	done
done <<<"$synopses"
[ "$ncmds" -ge 20 ] && pass || fail "only $ncmds commands in --help"

# A family's help lists its verbs.
for family in net guest; do
	help $family --help
	expect_eq "$family --help: exit status" 0 "$rc"
	for verb in $(printf '%s\n' "$synopses" | awk -v f=$family '$1 == f {print $2}'); do
		expect_match "$family --help lists $verb" "^  $family $verb " "$out"
	done
done

# --help wins over missing arguments, and asks nothing of the system.
help --sysfs "$TMP/nowhere" show --help
expect_eq "show --help needs no address nor sysfs" 0 "$rc"
help guest start -h
expect_eq "guest start -h" 0 "$rc"
expect_match "guest start -h: the --print option" '^  --print ' "$out"

# Help for what is not there is bad usage.
help guest frobnicate --help
expect_eq "guest frobnicate --help: exit status" 2 "$rc"
expect_match "guest frobnicate --help: says why" "guest: unknown command 'frobnicate'" "$err"
expect_eq "guest frobnicate --help: nothing on stdout" "" "$out"
help frobnicate --help
expect_eq "frobnicate --help: exit status" 2 "$rc"
expect_match "frobnicate --help: says why" "unknown command 'frobnicate'" "$err"

finish
