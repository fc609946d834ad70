#!/bin/bash
# CPU pinning with the real QEMU on this machine's CPUs: a profile's
# "pin = 1 emulator=0" puts the vCPU thread QMP names (query-cpus-fast)
# on CPU 1 and every other QEMU thread on CPU 0, as /proc says each
# thread may run; "pin = auto" keeps the host's first core for QEMU's
# other threads and says so; a pin line this machine cannot follow is
# refused before anything is made.  Started from the Guests pane, the
# plan applied is shown in the guest's detail.  The plans for real topologies (a
# Ryzen's two CCXs, the laptop's SMT cores) are tests/unit/pin.c's.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu
command -v socat >/dev/null || skip "socat is not installed"
[ "$(nproc --all)" -ge 2 ] || skip "one CPU: nothing to pin apart"
grep -qw 1 <(tr ',-' '  ' </sys/devices/system/cpu/online) ||
	skip "CPU 1 is not online"

# allowed TID: the CPUs thread TID of the guest's QEMU may run on.
allowed() {
	awk '/^Cpus_allowed_list:/ {print $2}' "/proc/$GUEST_PID/task/$1/status"
}

# vcpu_tid: the thread of vCPU 0, as QEMU's QMP names it.
vcpu_tid() {
	printf '%s\n' '{"execute":"qmp_capabilities"}' \
		'{"execute":"query-cpus-fast"}' |
		timeout 10 socat -t 2 - UNIX-CONNECT:"$GUEST_RUN/$1/ctl.sock" |
		jq -r 'select(.return | type == "array") | .return[0]["thread-id"]'
}

tiny_profile given "pin = 1 emulator=0"
out=$(vf guest start given)
expect_eq "pin given: started" 0 "$?"
guest_watch given
expect_match "pin given: says how" \
	"^pinned: vCPU 0 on CPU 1; QEMU's other threads on CPU 0$" "$out"
tid=$(vcpu_tid given)
[ -n "$tid" ] && [ -d "/proc/$GUEST_PID/task/$tid" ] ||
	fail "QMP named no vCPU thread of $GUEST_PID ('$tid')"
expect_eq "the vCPU thread runs on CPU 1" 1 "$(allowed "$tid")"
others=$(for t in /proc/"$GUEST_PID"/task/*; do
	t=${t##*/}
	[ "$t" = "$tid" ] || allowed "$t"
done | sort -u)
expect_eq "every other thread on CPU 0" 0 "$others"
vf guest kill given >/dev/null
gone "$GUEST_PID"

tiny_profile auto "pin = auto"
out=$(vf guest start auto)
expect_eq "pin = auto: started" 0 "$?"
guest_watch auto
plan=$(grep '^pinned: ' <<<"$out")
expect_match "pin = auto: says how" \
	"^pinned: vCPU 0 on CPU [0-9]+; QEMU's other threads on CPU [0-9,-]+$" "$plan"
vcpu=$(sed 's/^pinned: vCPU 0 on CPU \([0-9]*\);.*/\1/' <<<"$plan")
emu=$(sed 's/.* on CPU //' <<<"$plan")
tid=$(vcpu_tid auto)
expect_eq "the vCPU thread where it said" "$vcpu" "$(allowed "$tid")"
expect_eq "QEMU's main thread where it said" "$emu" "$(allowed "$GUEST_PID")"
first=$(cut -d, -f1 </sys/devices/system/cpu/cpu0/topology/thread_siblings_list | cut -d- -f1)
expect_no_match "the vCPU is not on the host's first core" "^$first$" "$vcpu"
vf guest kill auto >/dev/null
gone "$GUEST_PID"

# Started from the Guests pane, the plan applied is in its detail while
# the guest runs (and in the L log).
tui_start 120 40
tui_keys 3
tui_expect "the pane lists auto first" '^> auto '
tui_keys j
tui_expect "cursor on given" '^> given '
tui_keys s
tui_expect "s: given runs" '^> given +running '
guest_watch given
tui_expect "the plan in the detail" \
	"^  Pinned: vCPU 0 on CPU 1; QEMU's other threads on CPU 0 *\$"
vf guest kill given >/dev/null
gone "$GUEST_PID"

# Refused before anything is made: the profile's error, a usage error.
tiny_profile far "pin = 1000"
vf guest start far >"$TMP/out" 2>"$TMP/err"
expect_eq "an offline CPU: a usage error" 2 "$?"
expect_eq "an offline CPU: says which line" \
	"vfiotui: $GUESTS/far.conf:8: pin: CPU 1000 is not online on this machine" \
	"$(cat "$TMP/err")"
expect_eq "an offline CPU: no runtime dir made" no \
	"$(test -e "$GUEST_RUN/far" && echo yes || echo no)"
expect_eq "an offline CPU: no QEMU" "" "$(qemu_of_test)"

finish
