#!/bin/bash
# What a change of the guests redoes in the Guests pane (the guest list's
# change mask): with a running guest's Code 43 checklist on screen, the
# guest paused and resumed by QMP (its run state) is drawn without its
# profile being read again; the profile edited (the list) runs the
# checklist again, whose new item is shown; with the IOMMU pane shown,
# a pause and a resume draw no frame.  The dashboard runs under strace,
# which counts its opens of the profile and its frames.  Real QEMU under
# TCG.
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

# frames: how many it has drawn so far: curses holds SIGTSTP off while
# it brings the terminal up to date (doupdate), even with nothing to
# write.
frames() {
	grep -c 'rt_sigaction(SIGTSTP, {sa_handler=SIG_IGN' "$TMP/opens" \
		2>/dev/null || true
}

# statuses: how many run states QEMU has answered the dashboard.
statuses() {
	grep -c 'read(.*"status\\": \\"' "$TMP/opens" 2>/dev/null || true
}

tui_run 120 40 strace -f -e trace=openat,open,read,rt_sigaction \
	-o "$TMP/opens" "$VFIOTUI" --sysfs "$tree"
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

tui_keys 1
tui_expect "the IOMMU pane" '^IOMMU Group 1 '
sleep 1
drawn=$(frames)
said=$(statuses)
vf guest pause g >/dev/null
vf guest resume g >/dev/null
deadline=$((SECONDS + 10))
while [ "$(statuses)" -lt $((said + 2)) ] && [ "$SECONDS" -le "$deadline" ]
do
	sleep 0.1
done
expect_eq "QEMU told it paused, then running" $((said + 2)) "$(statuses)"
sleep 1
expect_eq "the IOMMU pane shown, no frame drawn for them" "$drawn" \
	"$(frames)"
tui_keys 3
tui_expect "the Guests pane has them" '^> g +running'
tui_keys q
finish
