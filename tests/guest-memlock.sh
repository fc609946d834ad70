#!/bin/bash
# A guest that passes devices needs its memory and 1 GiB more of locked
# memory (VFIO pins it all): guest start, run as nobody under prlimit on a
# fixture whose device is on vfio-pci, raises the soft limit up to the
# hard one, leaves a limit that suffices alone, and below the hard limit,
# with no polkit action installed, refuses before QEMU with the fix; as
# root it raises both.  The "QEMU" here is a script that writes down the
# limits it inherited and exits: a real one would stop at the fixture's
# device, which has no /dev/vfio node, before it locks anything.  Then
# `vfiotui memlock`, root's side, against processes of its own: what it
# sets, whose process it refuses, the numbers it refuses, and its cap.
# What needs a limit past this machine's hard one (root without
# CAP_SYS_RESOURCE, in a container) is skipped, and says so.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
[ "$(id -u)" -eq 0 ] || skip "runs vfiotui as another user: needs root"
command -v prlimit >/dev/null || skip "prlimit (util-linux) is not installed"
command -v setpriv >/dev/null || skip "setpriv (util-linux) is not installed"

tree=$(fixture desktop-2gpu --no-config)
chmod a+rx "$TMP"
chmod -R a+rX "$tree" "$XDG_CONFIG_HOME"
# 128 MiB and 1 GiB more.
NEED=1207959552
NEED_KIB=1179648
LOW=8388608
prlimit --memlock=$LOW:$LOW true 2>/dev/null ||
	skip "the hard memlock limit here is below 8 MiB"
# Whether root may raise a hard limit: prlimit of another's process too.
can_raise=yes
prlimit --memlock=$LOW:4294967296 true 2>/dev/null || can_raise=no
# not_here WHAT: a part this machine cannot run.
not_here() {
	printf 'SKIP (part): %s: root cannot raise a hard limit here\n' "$1"
}

# Where the fakes, run as nobody, leave their marks.
MARKS=$TMP/marks
mkdir -p "$MARKS"
chmod 1777 "$MARKS"
# A QEMU that says what memlock limit it was given, soft and hard.
cat > "$TMP/qemu" <<EOF
#!/bin/sh
awk '/^Max locked memory/ {print \$4, \$5}' /proc/\$\$/limits > "$MARKS/qemu.ran"
echo "fake qemu: no guest here" >&2
exit 1
EOF
chmod 755 "$TMP/qemu"
tiny_profile pass "qemu = $TMP/qemu" "pci = 05:00.0" "pci = 05:00.1"
tiny_profile plain "qemu = $TMP/qemu"
# A pkexec that only says it ran: with no polkit action it must not.
mkdir -p "$TMP/bin"
printf '#!/bin/sh\ntouch %s/pkexec.ran\nexit 126\n' "$MARKS" > "$TMP/bin/pkexec"
chmod 755 "$TMP/bin/pkexec"

# nobody's own runtime, state and home; the profiles are root's, readable.
mkdir -p "$TMP/nobody/run" "$TMP/nobody/state" "$TMP/nobody/home"
chmod 700 "$TMP/nobody/run"
chown -R 65534:65534 "$TMP/nobody"
NRUN=$TMP/nobody/run/vfiotui/guests

# as_nobody SOFT:HARD ARGS...: vfiotui ARGS as nobody under those limits;
# $out, $err and $rc hold what it did.
as_nobody() {
	local limits=$1
	shift
	rm -f "$MARKS/qemu.ran" "$MARKS/pkexec.ran"
	timeout 30 prlimit --memlock="$limits" setpriv --reuid=65534 \
		--regid=65534 --clear-groups env ASAN_OPTIONS=detect_leaks=0 \
		PATH="$TMP/bin:$PATH" XDG_RUNTIME_DIR="$TMP/nobody/run" \
		XDG_STATE_HOME="$TMP/nobody/state" HOME="$TMP/nobody/home" \
		"$VFIOTUI" --sysfs "$tree" "$@" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}

# The QEMU's limits: "SOFT HARD", or "not run".
qemu_got() {
	cat "$MARKS/qemu.ran" 2>/dev/null || echo "not run"
}

# --- guest start -------------------------------------------------------------

# A hard limit too low, and no polkit action: refused before QEMU.
as_nobody $LOW:$LOW guest start pass
expect_eq "too low: exit status" 1 "$rc"
expect_match "too low: the guest, its need, the limits and the fix" \
	"^vfiotui: guest pass passes PCI devices, and VFIO locks all its memory: it needs a memlock limit of $NEED_KIB KiB, this process has 8192 KiB \(hard limit 8192 KiB\)\. Raise it: '@kvm - memlock $NEED_KIB' \(or 'nobody - memlock $NEED_KIB'\) in /etc/security/limits\.conf, then log in again; LimitMEMLOCK=$NEED for a systemd user service\. Or install vfiotui's polkit action \(/[^)]*/org\.vfiotui\.policy\): then vfiotui raises it itself$" \
	"$err"
expect_eq "too low: one line" 1 "$(printf '%s\n' "$err" | wc -l)"
expect_eq "too low: QEMU did not run" "not run" "$(qemu_got)"
expect_eq "too low: no pid file" no "$([ -e "$NRUN/pass/pid" ] && echo yes || echo no)"
expect_eq "too low: nothing made" no "$([ -e "$NRUN/pass" ] && echo yes || echo no)"
expect_eq "too low: no QEMU of this test" "" "$(qemu_of_test)"
policy=$(printf '%s\n' "$err" | sed -n 's/.*polkit action (\([^)]*\)).*/\1/p')
if [ -n "$policy" ] && [ ! -e "$policy" ]; then
	expect_eq "too low, no policy: pkexec not run" no \
		"$([ -e "$MARKS/pkexec.ran" ] && echo yes || echo no)"
fi

# --print prints, under the same limits, and raises nothing.
as_nobody $LOW:$LOW guest start --print pass
expect_eq "--print: exit status" 0 "$rc"
expect_eq "--print: nothing on stderr" "" "$err"
expect_match "--print: QEMU's arguments" '^vfio-pci,host=0000:05:00\.0' "$out"
expect_eq "--print: QEMU did not run" "not run" "$(qemu_got)"
expect_eq "--print: pkexec not run" no "$([ -e "$MARKS/pkexec.ran" ] && echo yes || echo no)"

if [ $can_raise = yes ]; then
	# The hard limit allows: the soft one is raised, QEMU inherits it.
	as_nobody $LOW:4294967296 guest start pass
	expect_eq "soft raised: QEMU got the need" "$NEED 4294967296" "$(qemu_got)"
	expect_match "soft raised: then QEMU's own words" \
		'^vfiotui: guest pass: QEMU did not start \(exit 1\): fake qemu: no guest here \(log: [^ ]*/log\)$' "$err"
	expect_no_match "soft raised: no memlock refusal" 'memlock limit' "$err"
	# A limit that suffices is left as it is, not lowered to the need.
	as_nobody 2147483648:4294967296 guest start pass
	expect_eq "enough: left alone" "2147483648 4294967296" "$(qemu_got)"
	as_nobody unlimited:unlimited guest start pass
	expect_eq "unlimited: left alone" "unlimited unlimited" "$(qemu_got)"
else
	not_here "the soft limit raised to the hard one, a limit left alone"
fi

# A guest that passes nothing needs nothing.
as_nobody $LOW:$LOW guest start plain
expect_eq "no device: limits unchanged" "$LOW $LOW" "$(qemu_got)"

# Root raises both where it may; else it locks past them (CAP_IPC_LOCK).
rm -f "$MARKS/qemu.ran"
timeout 30 prlimit --memlock=$LOW:$LOW "$VFIOTUI" --sysfs "$tree" \
	guest start pass > /dev/null 2>&1
if [ $can_raise = yes ]; then
	expect_eq "root: both raised" "$NEED $NEED" "$(qemu_got)"
else
	expect_eq "root: QEMU starts, the limits as they were" "$LOW $LOW" "$(qemu_got)"
fi

# The dashboard, as nobody under the same limits: its start says the same.
if command -v tmux >/dev/null; then
	tui_run 250 40 prlimit --memlock=$LOW:$LOW setpriv --reuid=65534 \
		--regid=65534 --clear-groups env ASAN_OPTIONS=detect_leaks=0 \
		PATH="$TMP/bin:$PATH" XDG_RUNTIME_DIR="$TMP/nobody/run" \
		XDG_STATE_HOME="$TMP/nobody/state" HOME="$TMP/nobody/home" \
		"$VFIOTUI" --sysfs "$tree"
	rm -f "$MARKS/qemu.ran"
	tui_keys 3
	tui_expect "dashboard: the guest" '^> pass +stopped +- +- +05:00\.0'
	tui_keys s
	tui_expect "dashboard: the refusal" \
		"guest pass passes PCI devices, and VFIO locks all its memory: it needs a memlock limit of $NEED_KIB KiB, this process has 8192 KiB \(hard limit 8192 KiB\)\. Raise it: '@kvm - memlock $NEED_KIB'"
	tui_expect "dashboard: still stopped" '^> pass +stopped '
	expect_eq "dashboard: QEMU did not run" "not run" "$(qemu_got)"
	tui_keys q
	expect_eq "dashboard: q exits with status 0" 0 "$(tui_exit_status)"
fi

# --- vfiotui memlock -----------------------------------------------------------

# limits_of PID: its memlock limit, "SOFT HARD".
limits_of() {
	awk '/^Max locked memory/ {print $4, $5}' "/proc/$1/limits"
}
# memlock [ENV...] -- ARGS...: vfiotui ARGS as root with ENV.
memlock() {
	local envs=()
	while [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	shift
	env -u PKEXEC_UID "${envs[@]}" "$VFIOTUI" "$@" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}

prlimit --memlock=$LOW:$LOW sleep 60 &
mine=$!
at_exit "kill $mine"
setpriv --reuid=65534 --regid=65534 --clear-groups \
	prlimit --memlock=$LOW:$LOW sleep 60 &
theirs=$!
at_exit "kill $theirs"
# setpriv and prlimit exec: $! becomes sleep, nobody's, once they have.
for _ in $(seq 50); do
	[ "$(stat -c %u "/proc/$theirs" 2>/dev/null)" = 65534 ] &&
		[ "$(limits_of "$theirs")" = "$LOW $LOW" ] && break
	sleep 0.1
done

# 4 MiB: a limit lowered, which needs no CAP_SYS_RESOURCE.
SET=4194304
memlock PKEXEC_UID=0 -- memlock "$mine" $SET
expect_eq "memlock: exit status" 0 "$rc"
expect_eq "memlock: says what it set" "memlock: pid $mine may lock 4096 KiB" "$out"
expect_eq "memlock: soft and hard set" "$SET $SET" "$(limits_of "$mine")"

# Another user's process takes CAP_SYS_RESOURCE, even for root.
if [ $can_raise = yes ]; then
	memlock PKEXEC_UID=65534 -- memlock "$theirs" 2147483648
	expect_eq "memlock for the caller's own process" 0 "$rc"
	expect_eq "memlock: nobody's process set" "2147483648 2147483648" "$(limits_of "$theirs")"
	prlimit --pid "$theirs" --memlock=$LOW:$LOW
else
	not_here "memlock for nobody's process"
fi

# Whose process it is decides, not the caller.
memlock PKEXEC_UID=0 -- memlock "$theirs" 2147483648
expect_eq "another user's process: refused" 1 "$rc"
expect_eq "another user's process: says whose" \
	"vfiotui: memlock: pid $theirs is uid 65534's, not uid 0's: only a user's own process gets its limit raised" "$err"
expect_eq "another user's process: unchanged" "$LOW $LOW" "$(limits_of "$theirs")"
memlock PKEXEC_UID=1000 -- memlock "$mine" 4294967296
expect_eq "root's process for uid 1000: refused" 1 "$rc"
expect_eq "root's process: unchanged" "$SET $SET" "$(limits_of "$mine")"
memlock PKEXEC_UID=12x -- memlock "$mine" 4294967296
expect_eq "PKEXEC_UID not a number: refused" 1 "$rc"
expect_match "PKEXEC_UID not a number: says so" "PKEXEC_UID '12x' is not a uid" "$err"

# Without PKEXEC_UID only root itself; a real uid other than 0 is refused.
setpriv --ruid=65534 env -u PKEXEC_UID "$VFIOTUI" memlock "$mine" 4294967296 \
	> "$TMP/out" 2> "$TMP/err"
expect_eq "no PKEXEC_UID, real uid nobody: refused" 1 "$?"
expect_match "no PKEXEC_UID: says so" '^vfiotui: memlock: no PKEXEC_UID' "$(cat "$TMP/err")"
as_nobody $LOW:$LOW memlock "$theirs" 4294967296
expect_eq "not root: refused" 1 "$rc"
expect_match "not root: says so" '^vfiotui: memlock: needs root' "$err"
expect_eq "not root: unchanged" "$LOW $LOW" "$(limits_of "$theirs")"

# Strict numbers: digits only, from 1, a pid that fits.
for bad in "" 0 -5 +5 " 5" 5x 0x10 1e9 18446744073709551615 99999999999999999999999; do
	memlock PKEXEC_UID=0 -- memlock "$mine" "$bad"
	expect_eq "BYTES '$bad': bad usage" 2 "$rc"
	expect_eq "BYTES '$bad': says so" "vfiotui: memlock: '$bad' is not a number of bytes (try 'vfiotui --help')" "$err"
done
for bad in "" 0 -1 abc 12abc 2147483648; do
	memlock PKEXEC_UID=0 -- memlock "$bad" 4294967296
	expect_eq "PID '$bad': bad usage" 2 "$rc"
	expect_eq "PID '$bad': says so" "vfiotui: memlock: '$bad' is not a pid (try 'vfiotui --help')" "$err"
done
memlock PKEXEC_UID=0 -- memlock "$mine"
expect_eq "one argument: bad usage" 2 "$rc"
memlock PKEXEC_UID=0 -- memlock "$mine" 1 2
expect_eq "three arguments: bad usage" 2 "$rc"
expect_eq "bad input: unchanged" "$SET $SET" "$(limits_of "$mine")"
memlock PKEXEC_UID=0 -- memlock 2147483647 4294967296
expect_eq "no such process: refused" 1 "$rc"
expect_match "no such process: says so" '/proc/2147483647/status: No such file' "$err"

# BYTES past MemTotal + 1 GiB is capped there, with a /proc of 1 GiB.
mkdir -p "$TMP/fproc"
printf 'MemTotal:        1048576 kB\n' > "$TMP/fproc/meminfo"
ln -s "/proc/$mine" "$TMP/fproc/$mine"
if [ $can_raise = yes ]; then
	memlock -- --proc "$TMP/fproc" memlock "$mine" 8589934592
	expect_eq "past the cap: exit status" 0 "$rc"
	expect_eq "past the cap: says so" "memlock: pid $mine may lock 2097152 KiB (capped at the machine's memory + 1 GiB)" "$out"
	expect_eq "past the cap: capped" "2147483648 2147483648" "$(limits_of "$mine")"
	prlimit --pid "$mine" --memlock=$SET:$SET
else
	# The cap, asked past it, is what prlimit is asked for: refused here.
	memlock -- --proc "$TMP/fproc" memlock "$mine" 8589934592
	expect_eq "past the cap: prlimit refused here" "vfiotui: memlock: pid $mine: prlimit: Operation not permitted" "$err"
	not_here "the cap applied"
fi
# Under the cap, through the fixture /proc: as asked.
memlock -- --proc "$TMP/fproc" memlock "$mine" 2097152
expect_eq "under the cap: as asked" "2097152 2097152" "$(limits_of "$mine")"
SET=2097152
# Through pkexec, --proc would let the user say whose a process is.
memlock PKEXEC_UID=0 -- --proc "$TMP/fproc" memlock "$mine" 1073741824
expect_eq "--proc with PKEXEC_UID: refused" 1 "$rc"
expect_match "--proc with PKEXEC_UID: says so" 'run by pkexec, vfiotui works on the real /sys and /proc only' "$err"
expect_eq "--proc with PKEXEC_UID: unchanged" "$SET $SET" "$(limits_of "$mine")"

finish
