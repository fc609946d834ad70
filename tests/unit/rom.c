/*
 * Option ROM parsing (src/rom/rom.h) on images built here byte by byte: the
 * walk rom-parser does and every way it stops, the PCIR and EFI fields,
 * device lists, the names of codes, reading a ROM file, and a few of the
 * verdicts.
 */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rom.h"
#include "unit.h"

#define NV_VENDOR	0x10de
#define GP106		0x1c20

/* An image to build: its PCIR fields, and where the PCIR goes. */
struct image {
	size_t		at;
	uint16_t	vendor, device;
	uint8_t		code_type;
	uint16_t	blocks;		/* length, in 512 bytes */
	uint8_t		indicator;	/* 0x80: the last image */
	uint16_t	pcir;		/* from AT; 0: 0x1c */
};

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* Writes IMG into ROM, a legacy one with a checksum that makes it sum 0. */
static void
put_image(uint8_t *rom, size_t size, const struct image *img)
{
	uint8_t		*h = rom + img->at, *p;
	uint16_t	 pcir = img->pcir != 0 ? img->pcir : 0x1c;
	unsigned int	 sum = 0;
	size_t		 i, len = (size_t)img->blocks * 512;

	ck_assert_uint_le(img->at + pcir + 0x18, size);
	h[0] = 0x55;
	h[1] = 0xaa;
	h[2] = (uint8_t)img->blocks;
	put16(h + 0x18, pcir);
	p = h + pcir;
	memcpy(p, "PCIR", 4);
	put16(p + 4, img->vendor);
	put16(p + 6, img->device);
	put16(p + 0x0a, 0x18);
	p[0x0f] = 0x03;		/* class 030000: VGA */
	put16(p + 0x10, img->blocks);
	p[0x14] = img->code_type;
	p[0x15] = img->indicator;
	if (img->code_type != ROM_CODE_X86 || len == 0 ||
	    img->at + len > size)
		return;
	for (i = 0; i < len - 1; i++)
		sum += h[i];
	h[len - 1] = (uint8_t)(0x100 - (sum & 0xff));
}

/* Writes a one-block legacy GP106 image at AT, with INDICATOR and PCIR. */
static void
put_gp106(uint8_t *rom, size_t size, size_t at, uint8_t indicator,
    uint16_t pcir)
{
	const struct image	img = { at, NV_VENDOR, GP106, ROM_CODE_X86, 1,
				    indicator, pcir };

	put_image(rom, size, &img);
}

/* The EFI header of the image at AT: a GOP unless told otherwise. */
static void
put_efi(uint8_t *rom, size_t at, uint16_t subsystem, uint16_t machine)
{
	put16(rom + at + 4, ROM_EFI_SIGNATURE);
	put16(rom + at + 8, subsystem);
	put16(rom + at + 0x0a, machine);
	put16(rom + at + 0x0c, 1);	/* compressed */
	put16(rom + at + 0x16, 0x38);
}

START_TEST(empty)
{
	struct rom	rom;

	rom_parse(NULL, 0, &rom);
	ck_assert_int_eq(rom.stop, ROM_STOP_EMPTY);
	ck_assert_uint_eq(rom.nimages, 0);
	ck_assert_uint_eq(rom.size, 0);
}
END_TEST

START_TEST(one_legacy_image)
{
	static uint8_t	data[512];
	struct rom	rom;

	put_gp106(data, sizeof data, 0, 0x80, 0);
	rom_parse(data, sizeof data, &rom);
	ck_assert_int_eq(rom.stop, ROM_STOP_LAST);
	ck_assert_uint_eq(rom.stop_offset, 0);
	ck_assert_uint_eq(rom.nimages, 1);
	ck_assert_uint_eq(rom.images[0].offset, 0);
	ck_assert_int_eq(rom.images[0].has_pcir, 1);
	ck_assert_uint_eq(rom.images[0].pcir_offset, 0x1c);
	ck_assert_uint_eq(rom.images[0].vendor, NV_VENDOR);
	ck_assert_uint_eq(rom.images[0].device, GP106);
	ck_assert_uint_eq(rom.images[0].class, 0x030000);
	ck_assert_uint_eq(rom.images[0].length, 512);
	ck_assert_uint_eq(rom.images[0].code_type, ROM_CODE_X86);
	ck_assert_uint_eq(rom.images[0].indicator, 0x80);
	ck_assert_int_eq(rom.images[0].in_file, 1);
	ck_assert_int_eq(rom.images[0].checksum, 0);
	ck_assert_uint_eq(rom.images[0].ndevice_list, 0);
	ck_assert_uint_eq(rom_header_bytes(&rom), 0);
	ck_assert_ptr_null(rom_efi_gop(&rom));
}
END_TEST

START_TEST(bad_checksum)
{
	static uint8_t	data[512];
	struct rom	rom;

	put_gp106(data, sizeof data, 0, 0x80, 0);
	data[0x100] += 3;
	rom_parse(data, sizeof data, &rom);
	ck_assert_int_eq(rom.images[0].checksum, 3);
}
END_TEST

/* The usual GPU ROM: a legacy image, then an EFI GOP, flagged last. */
static void
legacy_and_gop(uint8_t *data, size_t size)
{
	const struct image	legacy = { 0, NV_VENDOR, GP106, ROM_CODE_X86,
				    1, 0, 0 };
	const struct image	efi = { 512, NV_VENDOR, GP106, ROM_CODE_EFI, 2,
				    0x80, 0x1c };

	memset(data, 0, size);
	put_image(data, size, &legacy);
	put_image(data, size, &efi);
	put_efi(data, 512, ROM_EFI_BOOT_DRIVER, ROM_EFI_X64);
}

START_TEST(legacy_then_efi)
{
	static uint8_t		 data[1536];
	const struct rom_image	*efi;
	struct rom		 rom;

	legacy_and_gop(data, sizeof data);
	rom_parse(data, sizeof data, &rom);
	ck_assert_int_eq(rom.stop, ROM_STOP_LAST);
	ck_assert_uint_eq(rom.stop_offset, 512);
	ck_assert_uint_eq(rom.nimages, 2);
	ck_assert_int_eq(rom.images[0].checksum, 0);
	efi = &rom.images[1];
	ck_assert_uint_eq(efi->offset, 512);
	ck_assert_uint_eq(efi->code_type, ROM_CODE_EFI);
	ck_assert_uint_eq(efi->length, 1024);
	ck_assert_int_eq(efi->in_file, 1);
	ck_assert_int_eq(efi->checksum, -1);	/* legacy images only */
	ck_assert_uint_eq(efi->efi_signature, ROM_EFI_SIGNATURE);
	ck_assert_uint_eq(efi->efi_subsystem, ROM_EFI_BOOT_DRIVER);
	ck_assert_uint_eq(efi->efi_machine, ROM_EFI_X64);
	ck_assert_uint_eq(efi->efi_compression, 1);
	ck_assert_uint_eq(efi->efi_image_offset, 0x38);
	ck_assert_ptr_eq(rom_efi_gop(&rom), efi);
}
END_TEST

/* The GOP OVMF loads: a valid signature, a boot driver, for X64. */
START_TEST(efi_not_gop)
{
	static uint8_t	data[1536];
	struct rom	rom;

	legacy_and_gop(data, sizeof data);
	put_efi(data, 512, 0xc, ROM_EFI_X64);		/* runtime driver */
	rom_parse(data, sizeof data, &rom);
	ck_assert_ptr_null(rom_efi_gop(&rom));
	put_efi(data, 512, ROM_EFI_BOOT_DRIVER, 0xaa64);	/* for ARM */
	rom_parse(data, sizeof data, &rom);
	ck_assert_ptr_null(rom_efi_gop(&rom));
	put_efi(data, 512, ROM_EFI_BOOT_DRIVER, ROM_EFI_X64);
	data[512 + 4] = 0xf2;
	rom_parse(data, sizeof data, &rom);
	ck_assert_uint_eq(rom.images[1].efi_signature, 0x0ef2);
	ck_assert_ptr_null(rom_efi_gop(&rom));
}
END_TEST

/* nvflash and GPU-Z put a header of their own before the first image. */
START_TEST(dump_header)
{
	static uint8_t	data[2048];
	struct rom	rom;

	memset(data, 0xff, 0x400);
	data[0x10] = 0x55;	/* not at a multiple of 512: passed over */
	data[0x11] = 0xaa;
	put_gp106(data, sizeof data, 0x400, 0x80, 0);
	rom_parse(data, sizeof data, &rom);
	ck_assert_uint_eq(rom.nimages, 1);
	ck_assert_uint_eq(rom.images[0].offset, 0x400);
	ck_assert_uint_eq(rom_header_bytes(&rom), 0x400);
	ck_assert_int_eq(rom.stop, ROM_STOP_LAST);
}
END_TEST

START_TEST(runs_off_the_end)
{
	static uint8_t	data[1024 + 100];
	struct rom	rom;

	put_gp106(data, sizeof data, 0, 0, 0);
	rom_parse(data, sizeof data, &rom);
	ck_assert_int_eq(rom.stop, ROM_STOP_END);
	ck_assert_uint_eq(rom.stop_offset, 1536);
	ck_assert_uint_eq(rom.nimages, 1);
	memset(data, 0, sizeof data);
	rom_parse(data, sizeof data, &rom);
	ck_assert_int_eq(rom.stop, ROM_STOP_END);
	ck_assert_uint_eq(rom.nimages, 0);
}
END_TEST

START_TEST(bad_pcir)
{
	static uint8_t	data[512];
	struct rom	rom;

	put_gp106(data, sizeof data, 0, 0x80, 0x40);
	memcpy(data + 0x40, "PCIX", 4);
	rom_parse(data, sizeof data, &rom);
	ck_assert_int_eq(rom.stop, ROM_STOP_BAD_PCIR);
	ck_assert_uint_eq(rom.stop_offset, 0x40);
	ck_assert_int_eq(memcmp(rom.bad_pcir, "PCIX", 4), 0);
	ck_assert_uint_eq(rom.nimages, 1);
	ck_assert_int_eq(rom.images[0].has_pcir, 0);
}
END_TEST

START_TEST(pcir_outside)
{
	static uint8_t	data[512];
	struct rom	rom;

	data[0] = 0x55;
	data[1] = 0xaa;
	put16(data + 0x18, 0x1000);
	rom_parse(data, sizeof data, &rom);
	ck_assert_int_eq(rom.stop, ROM_STOP_PCIR_OUTSIDE);
	ck_assert_uint_eq(rom.stop_offset, 0x1000);
	/* Room for less than "PCIR" is outside too. */
	put16(data + 0x18, 512 - 3);
	rom_parse(data, sizeof data, &rom);
	ck_assert_int_eq(rom.stop, ROM_STOP_PCIR_OUTSIDE);
	ck_assert_uint_eq(rom.stop_offset, 512 - 3);
}
END_TEST

START_TEST(truncated)
{
	static uint8_t	data[512];
	struct rom	rom;

	put_gp106(data, sizeof data, 0, 0x80, 0);
	/* The header ends with its PCIR offset, at 18h and 19h. */
	rom_parse(data, 0x19, &rom);
	ck_assert_int_eq(rom.stop, ROM_STOP_TRUNCATED);
	ck_assert_uint_eq(rom.stop_offset, 0);
	ck_assert_uint_eq(rom.nimages, 1);
	rom_parse(data, 0x1a, &rom);
	ck_assert_int_eq(rom.stop, ROM_STOP_PCIR_OUTSIDE);
	/* "PCIR" there, but not the 18h bytes of the structure. */
	rom_parse(data, 0x1c + 0x17, &rom);
	ck_assert_int_eq(rom.stop, ROM_STOP_TRUNCATED);
	ck_assert_uint_eq(rom.stop_offset, 0x1c);
	ck_assert_int_eq(rom.images[0].has_pcir, 0);
	rom_parse(data, 0x1c + 0x18, &rom);
	ck_assert_int_eq(rom.stop, ROM_STOP_LAST);
	ck_assert_int_eq(rom.images[0].in_file, 0);
	ck_assert_int_eq(rom.images[0].checksum, -1);
}
END_TEST

/* A chain with no last image ends after ROM_MAX_IMAGES. */
START_TEST(too_many)
{
	static uint8_t	data[(ROM_MAX_IMAGES + 2) * 512];
	struct image	img = { 0, NV_VENDOR, GP106, ROM_CODE_X86, 1, 0, 0 };
	struct rom	rom;
	size_t		i;

	for (i = 0; i < ROM_MAX_IMAGES + 2; i++) {
		img.at = i * 512;
		put_image(data, sizeof data, &img);
	}
	rom_parse(data, sizeof data, &rom);
	ck_assert_int_eq(rom.stop, ROM_STOP_TOO_MANY);
	ck_assert_uint_eq(rom.nimages, ROM_MAX_IMAGES);
	ck_assert_uint_eq(rom.stop_offset, ROM_MAX_IMAGES * 512);
	ck_assert_uint_eq(rom.images[ROM_MAX_IMAGES - 1].offset,
	    (ROM_MAX_IMAGES - 1) * 512);
}
END_TEST

START_TEST(lengths)
{
	static uint8_t	data[512];
	struct image	img = { 0, NV_VENDOR, GP106, ROM_CODE_X86, 4, 0x80,
			    0 };
	struct rom	rom;

	put_image(data, sizeof data, &img);
	rom_parse(data, sizeof data, &rom);
	ck_assert_uint_eq(rom.images[0].length, 2048);
	ck_assert_int_eq(rom.images[0].in_file, 0);
	ck_assert_int_eq(rom.images[0].checksum, -1);
	img.blocks = 0;
	put_image(data, sizeof data, &img);
	rom_parse(data, sizeof data, &rom);
	ck_assert_uint_eq(rom.images[0].length, 0);
	ck_assert_int_eq(rom.images[0].in_file, 1);
	ck_assert_int_eq(rom.images[0].checksum, -1);
}
END_TEST

/* rom-parser's test for the last image: any bit, not just bit 7. */
START_TEST(any_indicator_bit)
{
	static uint8_t	data[1024];
	struct rom	rom;

	put_gp106(data, sizeof data, 0, 0x01, 0);
	put_image(data, sizeof data, &(struct image){ 512, NV_VENDOR, GP106,
	    ROM_CODE_X86, 1, 0x80, 0 });
	rom_parse(data, sizeof data, &rom);
	ck_assert_int_eq(rom.stop, ROM_STOP_LAST);
	ck_assert_uint_eq(rom.nimages, 1);
}
END_TEST

/* A PCIR 3.0 device list: more ids the image serves, up to a 0. */
static void
device_list(uint8_t *data, size_t size, uint8_t revision, size_t nids)
{
	size_t			i;

	memset(data, 0, size);
	put_gp106(data, size, 0, 0x80, 0);
	data[0x1c + 0x0c] = revision;
	put16(data + 0x1c + 8, 0x40);		/* from the PCIR */
	for (i = 0; i < nids && 0x5c + 2 * i + 1 < size; i++)
		put16(data + 0x5c + 2 * i, (uint16_t)(GP106 + 1 + i));
}

START_TEST(device_ids)
{
	static uint8_t	data[512];
	struct rom	rom;

	device_list(data, sizeof data, 3, 2);
	rom_parse(data, sizeof data, &rom);
	ck_assert_uint_eq(rom.images[0].pcir_revision, 3);
	ck_assert_uint_eq(rom.images[0].ndevice_list, 2);
	ck_assert_uint_eq(rom.images[0].device_list[0], GP106 + 1);
	ck_assert_uint_eq(rom.images[0].device_list[1], GP106 + 2);
	ck_assert(rom_image_serves(&rom.images[0], NV_VENDOR, GP106));
	ck_assert(rom_image_serves(&rom.images[0], NV_VENDOR, GP106 + 1));
	ck_assert(rom_image_serves(&rom.images[0], NV_VENDOR, GP106 + 2));
	ck_assert(!rom_image_serves(&rom.images[0], NV_VENDOR, GP106 + 3));
	ck_assert(!rom_image_serves(&rom.images[0], 0x1002, GP106));
	/* Before revision 3 the field is reserved. */
	device_list(data, sizeof data, 0, 2);
	rom_parse(data, sizeof data, &rom);
	ck_assert_uint_eq(rom.images[0].ndevice_list, 0);
	ck_assert(!rom_image_serves(&rom.images[0], NV_VENDOR, GP106 + 1));
}
END_TEST

START_TEST(device_list_bounds)
{
	static uint8_t	data[512];
	uint8_t		*cut;
	struct rom	rom;

	device_list(data, sizeof data, 3, 40);
	rom_parse(data, sizeof data, &rom);
	ck_assert_uint_eq(rom.images[0].ndevice_list, ROM_MAX_DEVICE_LIST);
	/* A list that runs to the file's end, in a buffer of just that. */
	ck_assert_ptr_nonnull(cut = malloc(0x5c + 5));
	memcpy(cut, data, 0x5c + 5);
	rom_parse(cut, 0x5c + 5, &rom);
	ck_assert_uint_eq(rom.images[0].ndevice_list, 2);
	free(cut);
}
END_TEST

START_TEST(names)
{
	ck_assert_str_eq(rom_code_name(ROM_CODE_X86), "x86 PC-AT");
	ck_assert_str_eq(rom_code_name(1), "Open Firmware");
	ck_assert_str_eq(rom_code_name(2), "PA-RISC");
	ck_assert_str_eq(rom_code_name(ROM_CODE_EFI), "EFI");
	ck_assert_str_eq(rom_code_name(4), "unknown");
	ck_assert_str_eq(rom_efi_subsystem_name(ROM_EFI_BOOT_DRIVER), "Boot");
	ck_assert_str_eq(rom_efi_subsystem_name(0xc), "Runtime");
	ck_assert_ptr_null(rom_efi_subsystem_name(0xa));
	ck_assert_str_eq(rom_efi_machine_name(ROM_EFI_X64), "X64");
	ck_assert_str_eq(rom_efi_machine_name(0x014c), "IA-32");
	ck_assert_str_eq(rom_efi_machine_name(0xaa64), "ARM 64-bit");
	ck_assert_str_eq(rom_efi_machine_name(0x0ebc), "EFI Byte Code");
	ck_assert_ptr_null(rom_efi_machine_name(0));
}
END_TEST

START_TEST(read_file)
{
	static uint8_t	 data[1536];
	uint8_t		*got;
	size_t		 size;
	char		 path[PATH_MAX], err[512], want[PATH_MAX + 128];
	int		 fd;

	legacy_and_gop(data, sizeof data);
	unit_path(path, "gpu.rom");
	ck_assert_int_ge(fd = open(path, O_WRONLY | O_CREAT, 0600), 0);
	ck_assert_int_eq(write(fd, data, sizeof data), sizeof data);
	close(fd);
	ck_assert_msg(rom_read_file(path, &got, &size, err, sizeof err) == 0,
	    "%s", err);
	ck_assert_uint_eq(size, sizeof data);
	ck_assert_int_eq(memcmp(got, data, size), 0);
	free(got);
	/* Twice the largest ROM BAR is no ROM: refused before it is read. */
	ck_assert_int_ge(fd = open(path, O_WRONLY | O_TRUNC), 0);
	ck_assert_int_eq(ftruncate(fd, ROM_MAX_FILE + 1), 0);
	close(fd);
	ck_assert_int_eq(rom_read_file(path, &got, &size, err, sizeof err),
	    -1);
	unit_format(want, sizeof want, "%s: %u bytes, more than the %u this "
	    "file may have", path, ROM_MAX_FILE + 1, ROM_MAX_FILE);
	ck_assert_str_eq(err, want);
	unit_path(path, "none.rom");
	ck_assert_int_eq(rom_read_file(path, &got, &size, err, sizeof err),
	    -1);
	unit_format(want, sizeof want, "%s: No such file or directory", path);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(verdict_good)
{
	static uint8_t		data[1536];
	static const char	*const texts[] = {
		"2 images, the last one flagged last",
		"the first image starts the file: no header to strip",
		"legacy image 1 at 0h: checksum valid",
		("image 2 at 200h is an X64 EFI boot driver (GOP): OVMF guests "
		    "can use it"),
		"every image is for 10de:1c20, as 0000:01:00.0 is",
	};
	const struct rom_gpu	gpu = { "0000:01:00.0", NV_VENDOR, GP106 };
	struct rom_finding	f[ROM_MAX_FINDINGS];
	struct rom		rom;
	size_t			i, n;

	legacy_and_gop(data, sizeof data);
	rom_parse(data, sizeof data, &rom);
	n = rom_verdict(&rom, "/r/gpu.rom", &gpu, f, ROM_MAX_FINDINGS);
	ck_assert_uint_eq(n, 5);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(f[i].level, ROM_OK);
		ck_assert_str_eq(f[i].text, texts[i]);
		ck_assert_str_eq(f[i].fix, "");
	}
	/* No more than it is given room for. */
	ck_assert_uint_eq(rom_verdict(&rom, "/r/gpu.rom", &gpu, f, 2), 2);
}
END_TEST

START_TEST(verdict_bad)
{
	static uint8_t		data[2048];
	const struct rom_gpu	gpu = { "0000:01:00.0", NV_VENDOR, GP106 + 1 };
	struct rom_finding	f[ROM_MAX_FINDINGS];
	struct rom		rom;
	size_t			n;

	put_gp106(data, sizeof data, 0x400, 0x80, 0);
	data[0x500] ^= 1;
	rom_parse(data, sizeof data, &rom);
	n = rom_verdict(&rom, "/r/gpu.rom", &gpu, f, ROM_MAX_FINDINGS);
	ck_assert_uint_eq(n, 5);
	ck_assert_int_eq(f[1].level, ROM_FAIL);
	ck_assert_str_eq(f[1].topic, "header");
	ck_assert_str_eq(f[1].text, "the first image starts at 400h: the "
	    "1024 bytes before it are an NVIDIA dump header (nvflash, GPU-Z)");
	ck_assert_str_eq(f[1].fix, "strip them: dd if=/r/gpu.rom "
	    "of=/r/gpu.rom.stripped bs=512 skip=2");
	ck_assert_int_eq(f[2].level, ROM_FAIL);
	ck_assert_str_eq(f[2].text, "legacy image 1 at 400h: its bytes sum to "
	    "01h, not 00h");
	ck_assert_int_eq(f[3].level, ROM_WARN);
	ck_assert_str_eq(f[3].topic, "efi");
	ck_assert_int_eq(f[4].level, ROM_FAIL);
	ck_assert_str_eq(f[4].text, "image 1 at 400h is for 10de:1c20, but "
	    "0000:01:00.0 is 10de:1c21");
	rom_parse(NULL, 0, &rom);
	ck_assert_uint_eq(rom_verdict(&rom, "/r/gpu.rom", NULL, f,
	    ROM_MAX_FINDINGS), 1);
	ck_assert_int_eq(f[0].level, ROM_FAIL);
	ck_assert_str_eq(f[0].text, "the file is empty");
}
END_TEST

Suite *
unit_suite(void)
{
	Suite	*s = suite_create("rom");
	TCase	*tc;

	tc = tcase_create("parse");
	tcase_add_test(tc, empty);
	tcase_add_test(tc, one_legacy_image);
	tcase_add_test(tc, bad_checksum);
	tcase_add_test(tc, legacy_then_efi);
	tcase_add_test(tc, efi_not_gop);
	tcase_add_test(tc, dump_header);
	tcase_add_test(tc, runs_off_the_end);
	tcase_add_test(tc, bad_pcir);
	tcase_add_test(tc, pcir_outside);
	tcase_add_test(tc, truncated);
	tcase_add_test(tc, too_many);
	tcase_add_test(tc, lengths);
	tcase_add_test(tc, any_indicator_bit);
	tcase_add_test(tc, device_ids);
	tcase_add_test(tc, device_list_bounds);
	suite_add_tcase(s, tc);
	tc = tcase_create("more");
	tcase_add_test(tc, names);
	tcase_add_test(tc, read_file);
	tcase_add_test(tc, verdict_good);
	tcase_add_test(tc, verdict_bad);
	suite_add_tcase(s, tc);
	return s;
}
