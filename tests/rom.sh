#!/bin/bash
# `vfiotui rom`: rom-parser's listing, line for line, of ROMs tests/mkrom
# builds with the reference laptop's offsets and ids; then the verdict on
# well formed and broken files, none of which may crash or hang it.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

: "${MKROM:?run through make check}"

# rom OUT IMAGE...: a ROM file under $TMP.
rom() {
	local out=$TMP/$1
	shift
	"$MKROM" "$out" "$@" || { echo "mkrom failed: $*" >&2; exit 99; }
	printf '%s\n' "$out"
}

# run FILE ARGS...: vfiotui rom; sets $out and $rc.
run() {
	out=$(timeout 10 "$VFIOTUI" rom "$@" 2>&1)
	rc=$?
}

# The listing: rom-parser's lines, up to the blank line.
listing() {
	printf '%s\n' "$out" | sed '/^$/,$d'
}

x86='at=0,pcir=1a0,id=10de:1c20,vrev=1'

# The three listings of the reference write-up (GP106 mshybrid, discrete,
# mshybrid with GOPupd's EFI image), as rom-parser prints them.
f=$(rom mshybrid.rom "$x86,len=208,last")
run "$f"
expect_eq "mshybrid: rom-parser's lines" "$(printf '%s\n' \
	'Valid ROM signature found @0h, PCIR offset 1a0h' \
	'	PCIR: type 0 (x86 PC-AT), vendor: 10de, device: 1c20, class: 030000' \
	'	PCIR: revision 3, vendor revision: 1' \
	'	Last image')" "$(listing)"
expect_match "mshybrid: no EFI image" '^  warn  no EFI image: OVMF' "$out"
expect_match "mshybrid: the fix" '^        for OVMF, use a ROM with an EFI image' "$out"
expect_match "mshybrid: checksum" '^  ok    legacy image 1 at 0h: checksum valid$' "$out"
expect_eq "mshybrid: a warning is not a failure" 0 "$rc"

efi_listing() {
	printf '%s\n' \
		'Valid ROM signature found @0h, PCIR offset 1a0h' \
		'	PCIR: type 0 (x86 PC-AT), vendor: 10de, device: 1c20, class: 030000' \
		'	PCIR: revision 3, vendor revision: 1' \
		"Valid ROM signature found @$1h, PCIR offset 1ch" \
		'	PCIR: type 3 (EFI), vendor: 10de, device: 1c20, class: 030000' \
		'	PCIR: revision 3, vendor revision: 0' \
		'		EFI: Signature Valid, Subsystem: Boot, Machine: X64' \
		'	Last image'
}
discrete=$(rom discrete.rom "$x86,len=321" at=28200,type=3,id=10de:1c20,len=117,last)
run "$discrete"
expect_eq "discrete: rom-parser's lines" "$(efi_listing 28200)" "$(listing)"
expect_match "discrete: GOP" '^  ok    image 2 at 28200h is an X64 EFI boot driver \(GOP\)' "$out"
expect_match "discrete: EFI header" '^    EFI: signature 0ef1h, subsystem bh, machine 8664h, compressed, image @58h$' "$out"
expect_match "discrete: image 1" '^  image 1 @0h: x86 PC-AT, 10de:1c20, class 030000, PCIR @1a0h revision 3, vendor revision 1, 164352 bytes$' "$out"
expect_match "discrete: image 2" '^  image 2 @28200h: EFI, 10de:1c20, .* 59904 bytes, last$' "$out"
expect_eq "discrete: exit status" 0 "$rc"

f=$(rom updgop.rom "$x86,len=208" at=1a000,type=3,id=10de:1c20,len=60,last)
run "$f"
expect_eq "updGOP: rom-parser's lines" "$(efi_listing 1a000)" "$(listing)"

# The GPU's ids, from the fixture's sysfs attributes.
tree=$(fixture clevo-p650hp6 --no-config)
out=$(timeout 10 "$VFIOTUI" --sysfs "$tree" rom "$discrete" --device 01:00.0)
expect_eq "ids match: exit status" 0 "$?"
expect_match "ids match" '^  ok    every image is for 10de:1c20, as 0000:01:00.0 is$' "$out"
other=$(rom other.rom at=0,id=10de:1c03,len=4 at=800,type=3,id=10de:1c20,len=2,last)
out=$(timeout 10 "$VFIOTUI" --sysfs "$tree" rom "$other" --device 01:00.0)
expect_eq "ids differ: exit status" 1 "$?"
expect_match "ids differ" '^  fail  image 1 at 0h is for 10de:1c03, but 0000:01:00.0 is 10de:1c20$' "$out"
expect_no_match "only image 1 differs" 'image 2 at 800h is for' "$out"
# A PCIR 3.0 device list: one image serves several device ids.
f=$(rom devlist.rom at=0,id=10de:1c03,devlist=1c02:1c20,len=4,last)
out=$(timeout 10 "$VFIOTUI" --sysfs "$tree" rom "$f" --device 01:00.0)
expect_eq "device list: exit status" 0 "$?"
expect_match "device list: shown" '^    device list: 1c02 1c20$' "$out"
expect_match "device list: ids match" '^  ok    every image is for 10de:1c20' "$out"
out=$("$VFIOTUI" --sysfs "$tree" rom "$discrete" --device 05:00.0 2>&1)
expect_eq "no such device: exit status" 1 "$?"
expect_match "no such device" 'no PCI device 05:00.0' "$out"

# An NVIDIA dump: a header before the ROM, and the dd line that strips it.
f=$(rom nvflash.rom --nvgi 0x600 at=600,pcir=190,len=100,id=10de:1184,rev=0 at=ce00,type=3,id=10de:1184,len=20,last)
run "$f"
expect_match "header: found" '^Valid ROM signature found @600h, PCIR offset 190h$' "$out"
expect_match "header: named" '^  fail  the first image starts at 600h: the 1536 bytes before it are an NVIDIA dump header' "$out"
expect_match "header: the fix" "^        strip them: dd if=$f of=$f.stripped bs=512 skip=3\$" "$out"
expect_eq "header: exit status" 1 "$rc"
dd if="$f" of="$f.stripped" bs=512 skip=3 2>/dev/null
run "$f.stripped"
expect_match "stripped: starts the file" '^Valid ROM signature found @0h, PCIR offset 190h$' "$out"
expect_match "stripped: no header" '^  ok    the first image starts the file' "$out"
expect_eq "stripped: exit status" 0 "$rc"

f=$(rom badsum.rom "$x86,len=4,badsum,last")
run "$f"
expect_match "bad checksum" '^  fail  legacy image 1 at 0h: its bytes sum to 01h, not 00h$' "$out"
expect_match "bad checksum: detail" '^    checksum: bad \(sum 01h\)$' "$out"
expect_eq "bad checksum: exit status" 1 "$rc"

# Truncated: inside the second image, then inside its header.
f=$(rom cut1.rom --size 0x28400 "$x86,len=321" at=28200,type=3,id=10de:1c20,len=117,last)
run "$f"
expect_match "cut in an image" '^  fail  image 2 at 28200h is 59904 bytes long, past the file.s end \(164864 bytes\)$' "$out"
expect_eq "cut in an image: exit status" 1 "$rc"
f=$(rom cut2.rom --size 0x28210 "$x86,len=321" at=28200,type=3,id=10de:1c20,len=117,last)
run "$f"
expect_match "cut in a header" '^Error, the file ends inside the structure at 28200h$' "$out"
expect_match "cut in a header: verdict" '^  fail  the file ends \(164368 bytes\) inside the image header or PCIR at 28200h$' "$out"
expect_eq "cut in a header: exit status" 1 "$rc"

f=$(rom outside.rom at=0,pcir=ffff,len=1,last)
run "$f"
expect_match "PCIR outside: rom-parser's line" '^Valid ROM signature found @0h, PCIR offset ffffh$' "$out"
expect_match "PCIR outside" '^Error, PCIR at ffffh is outside the file$' "$out"
expect_eq "PCIR outside: exit status" 1 "$rc"

# rom-parser's own error lines.
f=$(rom badpcir.rom --size 0x400 at=0,pcir=300,len=1,last)
dd if=/dev/zero of="$f" bs=1 seek=$((0x300)) count=4 conv=notrunc 2>/dev/null
run "$f"
expect_match "invalid PCIR" '^Invalid PCIR signature: \.\.\.\.$' "$out"
expect_eq "invalid PCIR: exit status" 1 "$rc"
f=$(rom nolast.rom "$x86,len=4")
run "$f"
expect_match "no last image" '^Error, ran off the end$' "$out"
expect_match "no last image: verdict" '^  fail  no image is flagged last: the walk ran off the end at 800h$' "$out"
: > "$TMP/empty.rom"
run "$TMP/empty.rom"
expect_match "empty file" '^Error, zero sized ROM file$' "$out"
expect_eq "empty file: exit status" 1 "$rc"
head -c 4096 /dev/zero > "$TMP/zeros.rom"
run "$TMP/zeros.rom"
expect_match "not a ROM" 'no ROM signature \(55 aa\) at any multiple of 512 bytes' "$out"

# Firmware walks by length: 0 stops it, and an image inside another.
f=$(rom len0.rom --size 0x400 at=0,id=10de:1c20,len=0 at=200,type=3,id=10de:1c20,len=1,last)
run "$f"
expect_match "length 0: the walk goes on" '^Valid ROM signature found @200h, PCIR offset 1ch$' "$out"
expect_match "length 0" '^  fail  image 1 at 0h has length 0: firmware, which walks by length, cannot get past it$' "$out"
expect_eq "length 0: exit status" 1 "$rc"
f=$(rom inside.rom at=0,id=10de:1c20,len=4 at=200,type=3,id=10de:1c20,len=1,last)
run "$f"
expect_match "image inside an image" '^  warn  image 2 at 200h is not where image 1.s length ends \(800h\)' "$out"

# A loop: images of length 0, none of them last (firmware walking by
# length would spin on the first); the walk stops after 32.
args=()
for i in $(seq 0 63); do
	args+=("at=$(printf %x $((i * 512))),pcir=1c,id=10de:1c20,len=0")
done
f=$(rom loop.rom "${args[@]}")
run "$f"
expect_eq "loop: exit status" 1 "$rc"
expect_match "loop: stopped" '^Error, more than 32 images, stopped at 4000h$' "$out"
expect_eq "loop: 32 images listed" 32 "$(printf '%s\n' "$out" | grep -c '^Valid ROM signature')"

# JSON: the same facts for scripts.
if command -v jq >/dev/null; then
	out=$("$VFIOTUI" rom --json "$discrete")
	expect_eq "json: images" "0 28200" "$(printf '%s' "$out" | jq -r '[.images[].offset] | map(tostring) | join(" ")' | awk '{printf "%x %x", $1, $2}')"
	expect_eq "json: GOP offset" $((0x28200)) "$(printf '%s' "$out" | jq '.efi_gop_offset')"
	expect_eq "json: EFI machine" 8664 "$(printf '%s' "$out" | jq -r '.images[1].efi.machine')"
	expect_eq "json: verdict" "ok ok ok ok" "$(printf '%s' "$out" | jq -r '[.verdict[].level] | join(" ")')"
	out=$("$VFIOTUI" rom "$TMP/nvflash.rom" --json)
	expect_eq "json: header" 1536 "$(printf '%s' "$out" | jq '.header_bytes')"
fi

# Bad usage.
"$VFIOTUI" rom >/dev/null 2>&1
expect_eq "no file: exit status" 2 "$?"
"$VFIOTUI" rom "$TMP/none.rom" >/dev/null 2>&1
expect_eq "missing file: exit status" 2 "$?"
out=$("$VFIOTUI" rom "$discrete" --device ../../x 2>&1)
expect_eq "bad address: exit status" 2 "$?"
expect_match "bad address" "'../../x' is not a PCI address" "$out"

finish
