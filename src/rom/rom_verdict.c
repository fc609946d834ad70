/*
 * The verdict on a parsed ROM: can it be a guest's romfile?  Each finding
 * says what was seen and what to do, in the words of the guides users
 * follow (rom-parser, the NVIDIA vBIOS VFIO patcher, rom-fixer).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rom.h"

struct findings {
	struct rom_finding	*f;
	size_t			 n;
	size_t			 max;
	const char		*path;
	struct rom_finding	 spare;	/* past max: written, never read */
};

static struct rom_finding *
add(struct findings *fs, enum rom_level level, const char *topic,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static struct rom_finding *
add(struct findings *fs, enum rom_level level, const char *topic,
    const char *fmt, ...)
{
	struct rom_finding	*f;
	va_list			 ap;

	f = fs->n < fs->max ? &fs->f[fs->n++] : &fs->spare;
	f->level = level;
	f->topic = topic;
	f->fix[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(f->text, sizeof f->text, fmt, ap);
	va_end(ap);
	return f;
}

static void
fix(struct rom_finding *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
fix(struct rom_finding *f, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(f->fix, sizeof f->fix, fmt, ap);
	va_end(ap);
}

static void
walk_verdict(struct findings *fs, const struct rom *rom)
{
	struct rom_finding	*f;
	const char		*redump = "dump the ROM again (echo 1 > "
	    "/sys/bus/pci/devices/DEV/rom; cat it), or use a known good one";

	switch (rom->stop) {
	case ROM_STOP_LAST:
		add(fs, ROM_OK, "walk", "%zu image%s, the last one flagged "
		    "last", rom->nimages, rom->nimages == 1 ? "" : "s");
		return;
	case ROM_STOP_EMPTY:
		f = add(fs, ROM_FAIL, "walk", "the file is empty");
		break;
	case ROM_STOP_END:
		if (rom->nimages == 0)
			f = add(fs, ROM_FAIL, "walk", "no ROM signature (55 "
			    "aa) at any multiple of 512 bytes: not a PCI "
			    "option ROM");
		else
			f = add(fs, ROM_FAIL, "walk", "no image is flagged "
			    "last: the walk ran off the end at %zxh",
			    rom->stop_offset);
		break;
	case ROM_STOP_BAD_PCIR:
		f = add(fs, ROM_FAIL, "walk", "no PCIR structure at %zxh, "
		    "where the image at %zxh points", rom->stop_offset,
		    rom->images[rom->nimages - 1].offset);
		break;
	case ROM_STOP_PCIR_OUTSIDE:
		f = add(fs, ROM_FAIL, "walk", "the image at %zxh points to "
		    "a PCIR at %zxh, outside the file (%zu bytes)",
		    rom->images[rom->nimages - 1].offset, rom->stop_offset,
		    rom->size);
		break;
	case ROM_STOP_TRUNCATED:
		f = add(fs, ROM_FAIL, "walk", "the file ends (%zu bytes) "
		    "inside the image header or PCIR at %zxh", rom->size,
		    rom->stop_offset);
		break;
	case ROM_STOP_TOO_MANY:
	default:
		f = add(fs, ROM_FAIL, "walk", "more than %d images and none "
		    "flagged last: stopped at %zxh", ROM_MAX_IMAGES,
		    rom->stop_offset);
		break;
	}
	fix(f, "%s", redump);
}

/* Where the images start, and what lies before the first one. */
static void
header_verdict(struct findings *fs, const struct rom *rom)
{
	struct rom_finding	*f;
	size_t			 skip = rom_header_bytes(rom);

	if (rom->nimages == 0)
		return;
	if (skip == 0) {
		add(fs, ROM_OK, "header", "the first image starts the file: "
		    "no header to strip");
		return;
	}
	if (rom->images[0].has_pcir && rom->images[0].vendor == 0x10de)
		f = add(fs, ROM_FAIL, "header", "the first image starts at "
		    "%zxh: the %zu bytes before it are an NVIDIA dump header "
		    "(nvflash, GPU-Z)", skip, skip);
	else
		f = add(fs, ROM_FAIL, "header", "the first image starts at "
		    "%zxh: the %zu bytes before it are not a ROM image",
		    skip, skip);
	/* Images start at multiples of 512, so dd can skip whole blocks. */
	fix(f, "strip them: dd if=%s of=%s.stripped bs=512 skip=%zu",
	    fs->path, fs->path, skip / 512);
}

/* What firmware sees when it walks by image length. */
static void
length_verdict(struct findings *fs, const struct rom *rom, size_t i)
{
	const struct rom_image	*img = &rom->images[i], *next;
	struct rom_finding	*f;

	if (img->length == 0) {
		f = add(fs, ROM_FAIL, "length", "image %zu at %zxh has length "
		    "0: firmware, which walks by length, cannot get past it",
		    i + 1, img->offset);
		fix(f, "the image is damaged: dump the ROM again");
		return;
	}
	if (!img->in_file) {
		f = add(fs, ROM_FAIL, "length", "image %zu at %zxh is %u "
		    "bytes long, past the file's end (%zu bytes)", i + 1,
		    img->offset, img->length, rom->size);
		fix(f, "the file is cut short: dump the ROM again");
		return;
	}
	if (i + 1 < rom->nimages) {
		next = &rom->images[i + 1];
		if (next->offset != img->offset + img->length)
			add(fs, ROM_WARN, "length", "image %zu at %zxh is not "
			    "where image %zu's length ends (%zxh): firmware "
			    "may not find it", i + 2, next->offset, i + 1,
			    img->offset + img->length);
	}
}

static void
checksum_verdict(struct findings *fs, const struct rom *rom, size_t i)
{
	const struct rom_image	*img = &rom->images[i];
	struct rom_finding	*f;

	if (img->checksum == -1)
		return;
	if (img->checksum == 0) {
		add(fs, ROM_OK, "checksum", "legacy image %zu at %zxh: "
		    "checksum valid", i + 1, img->offset);
		return;
	}
	f = add(fs, ROM_FAIL, "checksum", "legacy image %zu at %zxh: its "
	    "bytes sum to %02xh, not 00h", i + 1, img->offset, img->checksum);
	fix(f, "the image was changed after it was built: rom-fixer "
	    "(rom-parser's twin) rewrites the checksum, or dump it again");
}

static void
efi_verdict(struct findings *fs, const struct rom *rom)
{
	const struct rom_image	*gop = rom_efi_gop(rom);
	struct rom_finding	*f;
	size_t			 i, nefi = 0;

	for (i = 0; i < rom->nimages; i++) {
		if (!rom->images[i].has_pcir ||
		    rom->images[i].code_type != ROM_CODE_EFI)
			continue;
		nefi++;
		if (rom->images[i].efi_signature != ROM_EFI_SIGNATURE)
			add(fs, ROM_FAIL, "efi", "EFI image %zu at %zxh: "
			    "signature %xh, not 0ef1h", i + 1,
			    rom->images[i].offset,
			    rom->images[i].efi_signature);
	}
	if (gop != NULL) {
		add(fs, ROM_OK, "efi", "image %zu at %zxh is an X64 EFI boot "
		    "driver (GOP): OVMF guests can use it",
		    (size_t)(gop - rom->images) + 1, gop->offset);
		return;
	}
	f = add(fs, ROM_WARN, "efi", nefi > 0 ? "no X64 EFI boot driver "
	    "among the EFI images: OVMF (UEFI) guests on x86 get no GOP" :
	    "no EFI image: OVMF (UEFI) guests get no GOP; legacy "
	    "(SeaBIOS) guests are fine");
	fix(f, "for OVMF, use a ROM with an EFI image (the card maker's, "
	    "TechPowerUp's collection, or GOPupd)");
}

static void
ids_verdict(struct findings *fs, const struct rom *rom,
    const struct rom_gpu *gpu)
{
	const struct rom_image	*img;
	struct rom_finding	*f;
	size_t			 i, bad = 0;

	for (i = 0; i < rom->nimages; i++) {
		img = &rom->images[i];
		if (!img->has_pcir || rom_image_serves(img, gpu->vendor,
		    gpu->device))
			continue;
		bad++;
		f = add(fs, ROM_FAIL, "ids", "image %zu at %zxh is for "
		    "%04x:%04x, but %s is %04x:%04x", i + 1, img->offset,
		    img->vendor, img->device, gpu->name, gpu->vendor,
		    gpu->device);
		fix(f, "use %s's own ROM: echo 1 > /sys/bus/pci/devices/%s/"
		    "rom, then cat it", gpu->name, gpu->name);
	}
	if (bad == 0 && rom->nimages > 0)
		add(fs, ROM_OK, "ids", "every image is for %04x:%04x, as %s "
		    "is", gpu->vendor, gpu->device, gpu->name);
}

size_t
rom_verdict(const struct rom *rom, const char *path,
    const struct rom_gpu *gpu, struct rom_finding *out, size_t max)
{
	struct findings	fs = { .f = out, .max = max, .path = path };
	size_t		i;

	walk_verdict(&fs, rom);
	header_verdict(&fs, rom);
	for (i = 0; i < rom->nimages; i++) {
		if (!rom->images[i].has_pcir)
			continue;
		length_verdict(&fs, rom, i);
		checksum_verdict(&fs, rom, i);
	}
	if (rom->nimages > 0)
		efi_verdict(&fs, rom);
	if (gpu != NULL)
		ids_verdict(&fs, rom, gpu);
	return fs.n;
}
