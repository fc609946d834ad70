#!/bin/bash
# What a change of the guests redoes in the Guests pane (the guest list's
# change mask): with a running guest's Code 43 checklist on screen, the
# guest paused and resumed by QMP (its run state) is drawn without its
# profile being read again; the profile edited (the list) runs the
# checklist again, whose new item is shown.  The dashboard runs under
# strace, which counts its opens of the profile.  Real QEMU under TCG.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu
command -v strace >/dev/null || skip "strace is not installed"

tiny_profile g
vf guest start g >/dev/null
expect_eq "started" 0 "$?"
guest_watch g
tree=$(fixture clevo-p650hp6 --no-config)

# opens: how often the dashboard has opened g's profile so far.
opens() {
	grep -c "guests/g\.conf\"" "$TMP/opens" 2>/dev/null || true
}

tui_run 120 40 strace -f -e trace=openat,open -o "$TMP/opens" \
	"$VFIOTUI" --sysfs "$tree"
tui_keys 3
tui_expect "the guest runs" '^> g +running'
tui_keys c
tui_expect "its checklist" '^  Code 43 checklist \(c: back to the events\):'
sleep 1
before=$(opens)
[ "$before" -gt 0 ] && pass || fail "the checklist read no profile ($before)"

vf guest pause g >/dev/null
tui_expect "paused, by QMP" '^> g +paused'
vf guest resume g >/dev/null
tui_expect "running again" '^> g +running'
sleep 1
expect_eq "a state change reads no profile" "$before" "$(opens)"

expect_no_match "no hugepages item yet" '^    [a-z]+ +hugepages' "$(tui_screen)"
echo "hugepages = yes" >>"$GUESTS/g.conf"
tui_expect "an edit runs the checklist again" '^    [a-z]+ +hugepages' 5
after=$(opens)
[ "$after" -gt "$before" ] && pass ||
	fail "the edit read no profile ($before, then $after)"
tui_keys q
finish
