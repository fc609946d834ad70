/*
 * libFuzzer target for the ROM parser and its verdict (`make fuzz-rom`):
 * no input may make them read outside the buffer, loop, or report an
 * image that is not inside the file.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "rom.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rom		rom;
	static struct rom_finding	f[ROM_MAX_FINDINGS];
	struct rom_gpu			gpu = { "0000:01:00.0", 0x10de,
					    0x1c20 };
	const struct rom_image		*img;
	size_t				i, n;

	rom_parse(data, size, &rom);
	if (rom.nimages > ROM_MAX_IMAGES)
		abort();
	for (i = 0; i < rom.nimages; i++) {
		img = &rom.images[i];
		if (img->offset >= size || img->offset % 512 != 0 ||
		    (i > 0 && img->offset <= rom.images[i - 1].offset))
			abort();
		if (img->ndevice_list > ROM_MAX_DEVICE_LIST ||
		    (img->in_file && img->offset + img->length > size))
			abort();
	}
	n = rom_verdict(&rom, "fuzz.rom", &gpu, f, ROM_MAX_FINDINGS);
	if (n > ROM_MAX_FINDINGS)
		abort();
	/* A short array: findings past its end are dropped, not written. */
	n = rom_verdict(&rom, "fuzz.rom", NULL, f, 2);
	if (n > 2)
		abort();
	(void)rom_efi_gop(&rom);
	return 0;
}
