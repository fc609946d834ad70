#!/bin/sh
# One fuzz target's run for make fuzz: tests/fuzz_NAME for SECONDS, from
# a writable copy of SEEDS (fuzz-corpus-NAME, where libFuzzer adds what
# it finds) and REGRESS/NAME, the inputs that once found a bug, read
# only.  Its output goes to fuzz-NAME.log; what it says on stdout is its
# count of runs, named: "NAME: stat::number_of_executed_units: N".
# usage: fuzz-run.sh SECONDS REGRESS NAME SEEDS [LIBFUZZER-OPTION...]
set -u
seconds=$1 regress=$2/$3 name=$3 seeds=$4
shift 4
corpus=fuzz-corpus-$name
log=fuzz-$name.log

rm -rf "$corpus" && mkdir "$corpus" || exit 1
# The source tree may be read only (make distcheck), and so its copies.
cp -R "$seeds/." "$corpus" && chmod -R u+w "$corpus" || exit 1
set -- -max_total_time="$seconds" -print_final_stats=1 "$@" "$corpus"
[ ! -d "$regress" ] || set -- "$@" "$regress"
if ! "tests/fuzz_$name" "$@" >"$log" 2>&1; then
	tail -n 40 "$log" >&2
	echo "fuzz-run.sh: $name failed: its output is in $log, the input" \
		"in the crash-*, leak-* or timeout-* file it names" >&2
	exit 1
fi
sed -n "s/^stat::number_of_executed_units:/$name: &/p" "$log"
