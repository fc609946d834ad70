#!/bin/bash
# The fuzz targets' seeds, and every input that once found a bug, run
# through each target as this build's compiler and sanitizers built it
# (tests/replay_NAME, no libFuzzer): a bug fixed stays fixed in every
# build, not only in clang's fuzzing one.  Every target, tests/fuzz_NAME.c,
# must have its replay program and seeds; every regress input, a target.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
: "${FUZZ_TESTS:?run through make check}" "${REPLAY:?run through make check}"

for src in "$FUZZ_TESTS"/fuzz_*.c; do
	name=${src##*/fuzz_}
	name=${name%.c}
	if [ ! -x "$REPLAY$name" ]; then
		fail "$name: no replay program $REPLAY$name"
		continue
	fi
	inputs=("$FUZZ_TESTS/fuzz-seeds/$name"/*)
	expect_match "$name: seeds in tests/fuzz-seeds/$name" . \
		"$(ls "$FUZZ_TESTS/fuzz-seeds/$name" 2>/dev/null)"
	[ ! -d "$FUZZ_TESTS/fuzz-regress/$name" ] ||
		inputs+=("$FUZZ_TESTS/fuzz-regress/$name"/*)
	"$REPLAY$name" "${inputs[@]}" >"$TMP/out" 2>&1
	rc=$?
	expect_eq "$name: its ${#inputs[@]} inputs replayed" 0 "$rc"
	[ "$rc" -eq 0 ] || tail -n 40 "$TMP/out" | sed 's/^/    | /'
done
for dir in "$FUZZ_TESTS"/fuzz-regress/*/; do
	[ -d "$dir" ] || continue
	name=$(basename "$dir")
	[ -f "$FUZZ_TESTS/fuzz_$name.c" ] ||
		fail "tests/fuzz-regress/$name: no target tests/fuzz_$name.c"
done
finish
