#!/bin/bash
# The one line syntax of guest profiles, net.conf and the user config: a
# "quoted" value holds blanks and '#', with \" and \\, and reaches QEMU,
# the switch and the dashboard whole, a comma in a path doubled inside a
# QEMU option (file=a,,b is QEMU's escape); a '#' that starts a word
# starts a comment.  A quote left open, a bad escape, junk after a closing
# quote and a missing '=' are one line naming FILE:LINE, exit status 2, in
# every command that reads the file.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"

# A folder name with what needs quoting (blanks, '#') and what QEMU's
# option syntax needs escaped (a comma).
dir="$TMP/dir with space, and #"
esc=${dir//,/,,}
mkdir -p "$dir"

# --- a profile: --print ---------------------------------------------------
profile spaced "firmware = ovmf" \
	"ovmf-code = \"$dir/OVMF_CODE.fd\"" \
	"ovmf-vars = \"$dir/OVMF_VARS.fd\"   # the template" \
	"disk = \"$dir/win.qcow2\" if=ide" \
	"disk = \"$dir/data,1.img\" format=raw" \
	"cdrom = \"$dir/install #1.iso\"" \
	"pci = 01:00.0 romfile=\"$dir/gpu.rom\"" \
	'extra = -name "a \"quoted\" name" "back\\slash" # not an argument'
mapfile -t got < <(vf guest start spaced --print)
want=(
	qemu-system-x86_64
	-name spaced
	-machine q35,accel=kvm
	-m 2048
	-smp 2
	-nodefaults
	-drive "file=$esc/OVMF_CODE.fd,if=pflash,format=raw,readonly=on"
	-drive "file=$GUEST_STATE/spaced/OVMF_VARS.fd,if=pflash,format=raw"
	-drive "file=$esc/win.qcow2,format=qcow2,if=ide"
	-drive "file=$esc/data,,1.img,format=raw,if=virtio"
	-drive "file=$esc/install #1.iso,media=cdrom"
	-device pcie-root-port,id=rp1,chassis=1,slot=1
	-device "vfio-pci,host=0000:01:00.0,bus=rp1,addr=00.0,romfile=$esc/gpu.rom,id=hostdev0"
	-display none
	-name 'a "quoted" name' 'back\slash'
	-device qemu-xhci,id=xhci
	-chardev "socket,id=serial0,path=$GUEST_RUN/spaced/serial.sock,server=on,wait=off,logfile=$GUEST_RUN/spaced/console.log"
	-serial chardev:serial0
	-qmp "unix:$GUEST_RUN/spaced/qmp.sock,server=on,wait=off"
	-qmp "unix:$GUEST_RUN/spaced/ctl.sock,server=on,wait=off"
	-qmp "unix:$GUEST_RUN/spaced/attach.sock,server=on,wait=off"
	-pidfile "$GUEST_RUN/spaced/pid"
	-daemonize
	-D "$GUEST_RUN/spaced/qemu.log"
)
expect_eq "--print: as many arguments as expected" "${#want[@]}" "${#got[@]}"
for i in "${!want[@]}"; do
	expect_eq "--print: argument $i" "${want[$i]}" "${got[$i]:-}"
done

# --- a profile: QEMU opens what the quoted paths name ---------------------
# holds PID FILE: yes when process PID has FILE open.
holds() {
	local fd
	for fd in /proc/"$1"/fd/*; do
		[ "$(readlink "$fd")" = "$2" ] && echo yes && return
	done
}
code=/usr/share/OVMF/OVMF_CODE_4M.fd
if command -v qemu-system-x86_64 >/dev/null && [ -r "$code" ] &&
    [ -r /usr/share/OVMF/OVMF_VARS_4M.fd ]; then
	cp "$code" "$dir/OVMF_CODE.fd"
	cp /usr/share/OVMF/OVMF_VARS_4M.fd "$dir/OVMF_VARS.fd"
	truncate -s 1M "$dir/data,1.img" "$dir/install #1.iso"
	profile live "machine = q35" "accel = tcg" "memory = 128M" \
		"cpus = 1" "display = none" "network = none" "firmware = ovmf" \
		"ovmf-code = \"$dir/OVMF_CODE.fd\"" \
		"ovmf-vars = \"$dir/OVMF_VARS.fd\"" \
		"disk = \"$dir/data,1.img\" format=raw" \
		"cdrom = \"$dir/install #1.iso\"" "extra = -S"
	out=$(vf guest start live 2>&1)
	expect_eq "QEMU started with the quoted paths" 0 "$?"
	guest_watch live
	expect_match "the vars copied from the quoted template" \
		"^firmware: made the guest's own vars, $GUEST_STATE/live/OVMF_VARS\.fd$" "$out"
	expect_eq "a copy of it" "" "$(cmp "$dir/OVMF_VARS.fd" "$GUEST_STATE/live/OVMF_VARS.fd")"
	cmdline=$(tr '\0' '\n' < /proc/"$GUEST_PID"/cmdline)
	expect_match "QEMU's disk: the comma doubled" \
		"^file=$esc/data,,1\.img,format=raw,if=virtio$" "$cmdline"
	expect_eq "QEMU holds the disk open" yes \
		"$(holds "$GUEST_PID" "$dir/data,1.img")"
	expect_eq "and the cdrom" yes "$(holds "$GUEST_PID" "$dir/install #1.iso")"
	expect_eq "and the firmware" yes "$(holds "$GUEST_PID" "$dir/OVMF_CODE.fd")"
	vf guest kill live > /dev/null
	gone "$GUEST_PID"
fi

# --- a profile: what is refused -------------------------------------------
# refused WHAT NAME MESSAGE LINE: every command that reads the profile,
# made of tiny_profile's 7 lines and LINE, says "FILE:8: MESSAGE" in one
# line and exits 2.
refused() {
	local what=$1 name=$2 msg=$3 cmd pre
	tiny_profile "$name" "$4"
	for cmd in "guest start --print" "guest start" "check"; do
		pre="vfiotui: "
		[ "$cmd" = check ] && pre="vfiotui: check: "
		# shellcheck disable=SC2086
		vf $cmd "$name" > "$TMP/out" 2> "$TMP/err"
		expect_eq "$what: $cmd: exit status" 2 "$?"
		expect_eq "$what: $cmd: FILE:LINE and why" \
			"$pre$GUESTS/$name.conf:8: $msg" "$(cat "$TMP/err")"
	done
}
refused "a quote left open" open "unclosed quote" \
	"disk = \"$dir/win.qcow2"
refused "junk after the closing quote" junk \
	"junk 'format=raw' after the closing quote" \
	"disk = \"$dir/win.qcow2\"format=raw"
refused "a backslash that escapes nothing" escape \
	"bad escape '\\w' in quotes (only \\\" and \\\\ are escapes)" \
	'disk = "C:\win.qcow2"'
refused "no '='" noeq "expected 'key = value'" \
	"disk \"$dir/win.qcow2\""
refused "a path with blanks, unquoted" bare \
	"ovmf-vars takes one value, got 3 (quote a value that holds blanks)" \
	"ovmf-vars = /tmp/dir with space/OVMF_VARS.fd"

# --- net.conf -------------------------------------------------------------
netconf=$XDG_CONFIG_HOME/vfiotui/net.conf
printf '%s\n' "socket = \"$dir/sw\"  # a blank, a comma and a '#' in it" \
	'dhcp = off' 'slirp = off' > "$netconf"
out=$(vf net status)
expect_eq "net.conf: net status: exit status" 0 "$?"
expect_match "net.conf: the quoted socket" "^switch: down, socket $dir/sw$" "$out"
profile vde "firmware = seabios" "network = vde"
expect_match "net.conf: the guest's switch, the comma doubled" \
	"^vde,id=net0,sock=$esc/sw$" "$(vf guest start vde --print)"
if command -v vde_switch >/dev/null; then
	at_exit "kill -9 \$(cat '$XDG_RUNTIME_DIR/vfiotui/net/switch.pid')"
	out=$(timeout 20 "$VFIOTUI" net start 2>&1)
	expect_eq "net.conf: net start: exit status" 0 "$?"
	expect_eq "net.conf: the switch listens in the quoted dir" yes \
		"$([ -S "$dir/sw/ctl" ] && echo yes)"
	timeout 20 "$VFIOTUI" net stop > /dev/null
fi

# net.conf refused: net status, and the guest whose switch it names.
printf '%s\n' 'dhcp = off' "socket = \"$dir/sw" > "$netconf"
vf net status > "$TMP/out" 2> "$TMP/err"
expect_eq "net.conf: open quote: net status exits 2" 2 "$?"
expect_eq "net.conf: open quote: FILE:LINE" \
	"vfiotui: net: $netconf:2: unclosed quote" "$(cat "$TMP/err")"
vf guest start vde --print > "$TMP/out" 2> "$TMP/err"
expect_eq "net.conf: open quote: guest start --print exits 2" 2 "$?"
expect_eq "net.conf: open quote: the guest says which file" \
	"vfiotui: guest vde: network = vde: $netconf:2: unclosed quote" \
	"$(cat "$TMP/err")"
printf '%s\n' 'tap = "vm0"x' > "$netconf"
vf net status > "$TMP/out" 2> "$TMP/err"
expect_eq "net.conf: junk: exit 2" 2 "$?"
expect_eq "net.conf: junk: FILE:LINE" \
	"vfiotui: net: $netconf:1: junk 'x' after the closing quote" \
	"$(cat "$TMP/err")"

# --- the user config ------------------------------------------------------
tree=$(fixture clevo-p650hp6 --no-config)
userconf=$XDG_CONFIG_HOME/vfiotui/config
other="$dir/net #2.conf"
printf '%s\n' "socket = \"$dir/other\"" > "$other"
printf '%s\n' 'hide = "00:17.0" 0604  # the SATA controller, bridges' \
	"net-config = \"$other\"" > "$userconf"
tui_start 160 40 --sysfs "$tree"
tui_expect "config: a quoted hide item, and a comment after the list" \
	'18 devices.*, 13 shown'
tui_keys 2
tui_expect "config: the quoted net-config" "^ Config +$other$"
tui_expect "config: and what it says" "^ Socket +$dir/other$"
# The Network pane reads its net.conf again on s: now with a quote open.
printf '%s\n' "socket = \"$dir/other" > "$other"
tui_keys s
tui_expect "config: the pane names its net.conf's line" \
	"$other:1: unclosed quote"
tui_keys q
expect_eq "config: q exits 0" 0 "$(tui_exit_status)"

printf '%s\n' 'refresh = 5' "net-config = \"$other" > "$userconf"
out=$("$VFIOTUI" --sysfs "$tree" 2>&1 < /dev/null)
expect_eq "config: open quote: exit 2" 2 "$?"
expect_eq "config: open quote: FILE:LINE" \
	"vfiotui: $userconf:2: unclosed quote" "$out"
printf '%s\n' 'colors = "o\n"' > "$userconf"
out=$("$VFIOTUI" --sysfs "$tree" 2>&1 < /dev/null)
expect_eq "config: bad escape: exit 2" 2 "$?"
expect_eq "config: bad escape: FILE:LINE" \
	"vfiotui: $userconf:1: bad escape '\\n' in quotes (only \\\" and \\\\ are escapes)" \
	"$out"

finish
