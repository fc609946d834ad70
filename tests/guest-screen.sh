#!/bin/bash
# The guest's screen with the real QEMU: display = vnc listens on
# screen.sock in the guest's runtime dir (no TCP port) and answers VNC's
# greeting; guest view starts the viewer (a stand-in on PATH that keeps
# its argv) on that socket, or says which package gives one; guest
# screenshot writes a PNG of the screen as QEMU's screendump makes it.
# SPICE without spice-port listens on the same socket.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu
command -v socat >/dev/null || skip "socat is not installed"

screen_profile() {
	profile "$1" "machine = q35" "accel = tcg" "memory = 128M" "cpus = 1" \
		"firmware = seabios" "network = none" "display = $2"
}
screen_profile vga vnc
vf guest start vga >/dev/null
expect_eq "vnc: started" 0 "$?"
guest_watch vga
sock=$GUEST_RUN/vga/screen.sock
expect_eq "vnc: the socket answers VNC's greeting" "RFB 003.008" \
	"$(timeout 10 socat -t 1 - UNIX-CONNECT:"$sock" </dev/null | head -c 11)"
expect_eq "vnc: no TCP port" "" \
	"$(tr '\0' ' ' </proc/"$GUEST_PID"/cmdline | grep -oE -- '-vnc [^ ]*' | grep -v "unix:$sock")"

mkdir -p "$TMP/bin"
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >%s/viewer.args\n' "$TMP" >"$TMP/bin/remote-viewer"
chmod +x "$TMP/bin/remote-viewer"
out=$(PATH="$TMP/bin:$PATH" vf guest view vga)
expect_eq "view: exit status" 0 "$?"
expect_match "view: says what it started" "^guest vga: remote-viewer vnc\+unix://$sock \(pid [0-9]+" "$out"
wait_file_match "$TMP/viewer.args" . 10 || fail "the viewer did not run"
expect_eq "view: the viewer got the socket's URI" "vnc+unix://$sock" "$(cat "$TMP/viewer.args")"
# A viewer named in the config wins, and vncviewer gets the socket.
printf 'viewer = %s/bin/vncviewer\n' "$TMP" >"$XDG_CONFIG_HOME/vfiotui/config"
cp "$TMP/bin/remote-viewer" "$TMP/bin/vncviewer"
rm "$TMP/viewer.args"
PATH="$TMP/bin:$PATH" vf guest view vga >/dev/null
wait_file_match "$TMP/viewer.args" . 10 || fail "the config's viewer did not run"
expect_eq "view: the config's vncviewer got the socket" "$sock" "$(cat "$TMP/viewer.args")"
rm "$XDG_CONFIG_HOME/vfiotui/config"
mkdir "$TMP/nobin"
PATH="$TMP/nobin" "$(command -v timeout)" 30 "$VFIOTUI" guest view vga >"$TMP/out" 2>"$TMP/err"
expect_eq "no viewer: refused" 1 "$?"
expect_match "no viewer: says which package" "install virt-viewer \(remote-viewer\) or tigervnc-viewer \(vncviewer\)" "$(cat "$TMP/err")"

out=$(cd "$TMP" && vf guest screenshot vga shot.png)
expect_eq "screenshot: exit status" 0 "$?"
expect_match "screenshot: a PNG of the screen" "^$TMP/shot\.png: guest vga's screen, [0-9]+x[0-9]+$" "$out"
expect_eq "screenshot: the file is a PNG" "89504e470d0a1a0a" "$(head -c 8 "$TMP/shot.png" | od -An -tx1 | tr -d ' \n')"
# SeaBIOS's text screen: 80x25 characters of 9x16 pixels.
expect_eq "screenshot: the size of the guest's display" "720x400" \
	"$(sed -n 's/.*screen, //p' <<<"$out")"
vf guest kill vga >/dev/null
gone "$GUEST_PID"

screen_profile sp spice
args=$(vf guest start --print sp | tr '\n' ' ')
expect_match "spice: on the socket, no port" "-spice unix=on,addr=$GUEST_RUN/sp/screen\.sock,disable-ticketing=on " "$args"
screen_profile none none
vf guest view none >"$TMP/out" 2>"$TMP/err"
expect_eq "display = none: nothing to view" 1 "$?"
expect_match "display = none: says what to set" "set display = spice or vnc in $GUESTS/none\.conf$" "$(cat "$TMP/err")"

finish
