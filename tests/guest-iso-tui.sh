#!/bin/bash
# The Guests pane builds the ISOs of directory cdroms on its loop, with
# the real QEMU and xorriso in tmux.  A fake xorriso first in PATH waits
# for the test's word before it runs the real one, so that the test sees
# the dashboard while a builder runs: the pane names the directory being
# built, with the percentage the builder says, and keys still work; two cdroms are built one after the other,
# then QEMU starts.  A builder that fails ends the start with its words
# and leaves nothing in the cache; x while building calls the start off,
# and q while building leaves no builder and no QEMU.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu
real_xorriso=$(command -v xorriso) || skip "xorriso is not installed"

tree=$(fixture clevo-p650hp6 --no-config)
for d in drivers more broken halt; do
	mkdir -p "$TMP/$d/sub"
	echo "$d" > "$TMP/$d/setup.inf"
	echo "$d driver" > "$TMP/$d/sub/nv.sys"
done
tiny_profile iso "cdrom = $TMP/drivers" "cdrom = $TMP/more"
tiny_profile fail "cdrom = $TMP/broken"
tiny_profile quit "cdrom = $TMP/halt"

# The fake builder: it notes its pid, waits until $TMP/go.DIR exists (DIR,
# the tree, is its last argument), then fails when that file says "fail"
# (after writing half an image where it was told to), says it is 45% done
# and waits for $TMP/go.DIR.done when it says "progress", then runs the
# real xorriso.  It gives up by itself after 60 s.
mkdir "$TMP/bin"
cat > "$TMP/bin/xorriso" <<EOF
#!/bin/sh
echo \$\$ >> '$TMP/builders'
for last; do :; done
out=
prev=
for a; do [ "\$prev" = -o ] && out=\$a; prev=\$a; done
echo "\$out" >> '$TMP/outs'
go='$TMP/go.'\$(basename "\$last")
n=0
while [ ! -e "\$go" ] && [ \$n -lt 600 ]; do sleep 0.1; n=\$((n + 1)); done
if [ "\$(cat "\$go" 2>/dev/null)" = fail ]; then
	head -c 4096 /dev/zero > "\$out"
	echo "fake-xorriso: no space left on the device for \$out" >&2
	exit 5
fi
if [ "\$(cat "\$go" 2>/dev/null)" = progress ]; then
	echo "xorriso : UPDATE :  45.12% done" >&2
	n=0
	while [ ! -e "\$go.done" ] && [ \$n -lt 600 ]; do sleep 0.1; n=\$((n + 1)); done
fi
exec '$real_xorriso' "\$@"
EOF
chmod +x "$TMP/bin/xorriso"
: > "$TMP/builders"
at_exit 'for p in $(cat "$TMP/builders"); do kill -9 "$p"; done'

# builder_alive: yes while some fake builder runs.
builder_alive() {
	local p
	for p in $(cat "$TMP/builders"); do
		[ "$(alive "$p")" = yes ] && { echo yes; return; }
	done
	echo no
}

TUI_ENV="PATH=$TMP/bin:$PATH"
tui_start 200 40 --sysfs "$tree"
tui_keys 3
tui_expect "three guests" '^  iso +stopped +- +- +-$'

# --- two cdroms, built one after the other, then QEMU ------------------
tui_keys j
tui_expect "cursor on iso" '^> iso '
tui_keys s
tui_expect "building the first, counting its seconds" \
	'^> iso +building ISO [0-9]+s +- +- +-$'
tui_expect "the detail names its directory" "^  building the ISO of $TMP/drivers\$"
expect_eq "the builder waits" yes "$(builder_alive)"
tui_keys s
tui_expect "s again: starting already" '^ iso: starting already'
tui_keys 2
tui_expect "2: the Network pane answers meanwhile" '^ Switch +'
expect_no_match "the Guests pane is not shown" '^> iso ' "$(tui_screen)"
tui_keys 3
tui_expect "3: back, still building" '^> iso +building ISO '
tui_keys j
tui_expect "the cursor moves meanwhile" '^> quit +stopped '
tui_keys k
tui_expect "and back" '^> iso +building ISO '
expect_eq "no QEMU while building" "" "$(qemu_of_test)"

echo go > "$TMP/go.drivers"
tui_expect "then the second" "^  building the ISO of $TMP/more\$"
echo progress > "$TMP/go.more"
tui_expect "its builder's percentage, in the detail" \
	"^  building the ISO of $TMP/more: 45%\$"
touch "$TMP/go.more.done"
tui_expect "then QEMU: running" '^> iso +running +[0-9]+ '
guest_watch iso
pid=$GUEST_PID
for i in 0 1; do
	iso=$GUEST_STATE/iso/cdrom$i.iso
	expect_match "cdrom $i: QEMU reads its ISO" "file=$iso,media=cdrom" \
		"$(tr '\0' ' ' < /proc/"$pid"/cmdline)"
	expect_match "cdrom $i: its stamp" "^vfiotui-iso 1 $TMP/" \
		"$(cat "$iso.stamp" 2>/dev/null)"
	expect_eq "cdrom $i: no temp file left" "" \
		"$(ls "$iso".tmp* "$iso".out* 2>/dev/null)"
done
expect_match "the first ISO holds its tree" "nv\.sys" \
	"$(xorriso -indev "$GUEST_STATE/iso/cdrom0.iso" -find / 2>/dev/null |
		tr 'A-Z' 'a-z')"
tui_keys L
tui_expect "the log of messages: both built" \
	"iso: cdrom $TMP/more: built $GUEST_STATE/iso/cdrom1\.iso"
tui_keys Escape
vf guest kill iso
tui_expect "killed" '^> iso +quit by QMP '
gone "$pid"

# --- a builder that fails ------------------------------------------------
tui_keys Home
tui_expect "cursor on fail" '^> fail '
tui_keys s
tui_expect "building" "^  building the ISO of $TMP/broken\$"
echo fail > "$TMP/go.broken"
why="$TMP/broken: building the ISO failed \(exit 5\): fake-xorriso: no space left on the device"
tui_expect "the start failed, in the pane" "^  start failed: $why"
tui_expect "and stopped" '^> fail +stopped +- '
expect_eq "the image went to the dashboard's own temp file (not the CLI's)" \
	"$GUEST_STATE/fail/cdrom0.iso.tmp.$(pgrep -x -f "$VFIOTUI --sysfs $tree")" \
	"$(tail -1 "$TMP/outs")"
expect_eq "no builder left" no "$(builder_alive)"
expect_eq "no ISO, temp file or stamp in the cache" "" \
	"$(ls "$GUEST_STATE/fail" 2>/dev/null)"
tui_keys L
tui_expect "the log of messages says why" "fail: start failed: $why"
tui_keys Escape
expect_eq "no QEMU" "" "$(qemu_of_test)"

# --- x calls a build off, q while building ends it -----------------------
tui_keys End
tui_expect "cursor on quit" '^> quit '
tui_keys s
tui_expect "building" "^  building the ISO of $TMP/halt\$"
first=$(tail -1 "$TMP/builders")
tui_keys x
tui_expect "x asks" 'Call off the start of quit\? The ISO being built is thrown away'
tui_keys y
tui_expect "x: stopped" '^> quit +stopped +- '
tui_expect "x: says so" '^  start called off while building its ISOs$'
expect_eq "x: the builder is gone" no "$(alive "$first")"
expect_eq "x: nothing left in the cache" "" \
	"$(ls "$GUEST_STATE/quit" 2>/dev/null)"
tui_keys s
tui_expect "building" "^  building the ISO of $TMP/halt\$"
expect_eq "its builder runs" yes "$(builder_alive)"
tui_keys q
expect_eq "q exits with status 0" 0 "$(tui_exit_status)"
expect_eq "the builder is gone" no "$(builder_alive)"
expect_eq "no builder of this test runs" "" "$(pgrep -f "$TMP/bin/xorriso")"
expect_eq "nothing left in the cache" "" \
	"$(ls "$GUEST_STATE/quit" 2>/dev/null)"
expect_eq "no QEMU" "" "$(qemu_of_test)"

finish
