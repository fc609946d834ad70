#!/bin/bash
# Looking Glass with the real QEMU: looking-glass = 1920x1080 sizes the
# shared memory as its docs do (32 MiB), guest start makes
# /dev/shm/looking-glass-NAME this user's with mode 0600, QEMU's
# query-pci shows the IVSHMEM device with a BAR of that size, check
# judges the file, guest view starts looking-glass-client (a stand-in)
# on it with the guest's SPICE socket for input; another user's file and
# a missing kvmfr module are refused before QEMU runs.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu
command -v socat >/dev/null || skip "socat is not installed"
[ -d /dev/shm ] && [ -w /dev/shm ] || skip "no writable /dev/shm"

name=lg$$
shm=/dev/shm/looking-glass-$name
at_exit "rm -f '$shm'"
profile "$name" "machine = q35" "accel = tcg" "memory = 128M" "cpus = 1" \
	"firmware = seabios" "network = none" "display = spice" \
	"looking-glass = 1920x1080"

args=$(vf guest start --print "$name" | tr '\n' ' ')
expect_match "argv: the memory, sized as Looking Glass says" \
	"-object memory-backend-file,id=looking-glass,share=on,mem-path=$shm,size=32M -device ivshmem-plain,memdev=looking-glass " "$args"
expect_match "check: the file is made at start" \
	"^ok    Looking Glass: $shm: made at start, 32 MiB" "$(vf check "$name")"

vf guest start "$name" >/dev/null
expect_eq "started" 0 "$?"
guest_watch "$name"
expect_eq "the file: this user's, 0600, 32 MiB" "$(id -u) 600 33554432" \
	"$(stat -c '%u %a %s' "$shm")"
bar=$(printf '%s\n' '{"execute":"qmp_capabilities"}' '{"execute":"query-pci"}' |
	timeout 10 socat -t 2 - UNIX-CONNECT:"$GUEST_RUN/$name/ctl.sock" |
	jq -r 'select(.return) | .return[].devices[] |
		select(.id.vendor == 6900 and .id.device == 4368) |
		.regions[] | select(.bar == 2) | .size' 2>/dev/null)
expect_eq "the guest sees IVSHMEM with a 32 MiB BAR" 33554432 "$bar"
expect_match "check: the file judged" \
	"^ok    Looking Glass: $shm, 32 of 32 MiB, this user's$" "$(vf check "$name")"

mkdir -p "$TMP/bin"
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >%s/lg.args\n' "$TMP" >"$TMP/bin/looking-glass-client"
chmod +x "$TMP/bin/looking-glass-client"
PATH="$TMP/bin:$PATH" vf guest view "$name" >/dev/null
wait_file_match "$TMP/lg.args" . 10 || fail "the client did not run"
expect_eq "view: the client on the memory, input by SPICE's socket" \
	"-f $shm spice:host=$GUEST_RUN/$name/screen.sock spice:port=0" \
	"$(tr '\n' ' ' <"$TMP/lg.args" | sed 's/ $//')"
vf guest kill "$name" >/dev/null
gone "$GUEST_PID"

# Another user's file: refused before QEMU, and check says so.
chown 65534 "$shm"
vf guest start "$name" >"$TMP/out" 2>"$TMP/err"
expect_eq "another user's file: refused" 1 "$?"
expect_match "says whose" "looking-glass: $shm is uid 65534's, not yours" "$(cat "$TMP/err")"
expect_eq "no QEMU" "" "$(qemu_of_test)"
expect_match "check: fails it" "^fail  Looking Glass: $shm is uid 65534's" "$(vf check "$name")"
rm -f "$shm"

profile kv "machine = q35" "accel = tcg" "memory = 128M" "firmware = seabios" \
	"display = none" "looking-glass = 32M kvmfr"
tree=$(fixture clevo-p650hp6 --no-config)
expect_match "kvmfr: check says the module is missing" \
	"^fail  Looking Glass: looking-glass = \.\.\. kvmfr, but the kvmfr module is not loaded" \
	"$(vf --sysfs "$tree" --proc /proc check kv --files-root "$TMP")"
printf 'looking-glass = 30M\n' >"$GUESTS/bad.conf"
vf guest start --print bad >/dev/null 2>"$TMP/err"
expect_eq "not a power of two: the profile's error" 2 "$?"
expect_match "says what it wants" "looking-glass: '30M' is neither a size in MiB that is a power of two" "$(cat "$TMP/err")"

finish
