/*
 * PCI option ROM images (a GPU's vBIOS): the images a file holds, walked
 * the way rom-parser walks them so users can compare its listing, their
 * EFI headers and checksums, and a verdict on whether the file can be a
 * guest's romfile.  Everything is bounded by the file: no malformed input
 * makes the parser read outside it or loop.
 */
#ifndef VFIOTUI_ROM_H
#define VFIOTUI_ROM_H

#include <stddef.h>
#include <stdint.h>

/* Real ROMs hold two to four images; a walk stops after this many. */
#define ROM_MAX_IMAGES	32
/* The largest expansion ROM BAR is 16 MiB; a file twice that is not one. */
#define ROM_MAX_FILE	(32u * 1024 * 1024)
/* Device ids a PCIR 3.0 device list may add; the rest are not read. */
#define ROM_MAX_DEVICE_LIST	16

#define ROM_CODE_X86	0	/* PC-AT compatible (legacy BIOS) */
#define ROM_CODE_EFI	3

#define ROM_EFI_SIGNATURE	0x0ef1
#define ROM_EFI_BOOT_DRIVER	0xb	/* subsystem of a GOP driver */
#define ROM_EFI_X64		0x8664

/* Why a walk ended. */
enum rom_stop {
	ROM_STOP_LAST,		/* an image with the last-image flag */
	ROM_STOP_END,		/* no further signature: "ran off the end" */
	ROM_STOP_EMPTY,		/* a zero-sized file */
	ROM_STOP_BAD_PCIR,	/* no "PCIR" where the header points */
	ROM_STOP_PCIR_OUTSIDE,	/* the header points past the file */
	ROM_STOP_TRUNCATED,	/* a header or PCIR cut by the file's end */
	ROM_STOP_TOO_MANY,	/* ROM_MAX_IMAGES without a last image */
};

struct rom_image {
	size_t		offset;		/* of its 0x55aa signature */
	uint16_t	pcir_offset;	/* from offset */
	int		has_pcir;	/* the PCIR fields below were read */
	uint16_t	vendor;
	uint16_t	device;
	uint32_t	class;		/* 0x030000 */
	uint8_t		pcir_revision;
	uint16_t	vendor_revision;
	/* PCIR 3.0: more device ids the image serves, from 0x08. */
	uint16_t	device_list[ROM_MAX_DEVICE_LIST];
	size_t		ndevice_list;
	uint8_t		code_type;	/* ROM_CODE_* */
	uint8_t		indicator;	/* rom-parser: last image when != 0 */
	uint32_t	length;		/* in bytes: PCIR units of 512 */
	int		in_file;	/* offset + length fits in the file */
	int		checksum;	/* byte sum of a legacy image; -1 n/a */
	/* The EFI header (ROM_CODE_EFI): offsets 4 to 0x17. */
	uint32_t	efi_signature;
	uint16_t	efi_subsystem;
	uint16_t	efi_machine;
	uint16_t	efi_compression;
	uint16_t	efi_image_offset;
};

struct rom {
	size_t			size;		/* of the file */
	struct rom_image	images[ROM_MAX_IMAGES];
	size_t			nimages;	/* with a signature found */
	enum rom_stop		stop;
	size_t			stop_offset;	/* where it stopped */
	char			bad_pcir[4];	/* what stood for "PCIR" */
};

/*
 * Walks DATA as rom-parser does: a 0x55aa signature at each multiple of
 * 512 bytes from 0, the PCIR structure the header points to, and after
 * an image that is not the last one, the search goes on 512 bytes on.
 */
void	rom_parse(const uint8_t *data, size_t size, struct rom *);

/*
 * Reads a whole ROM file (at most ROM_MAX_FILE bytes) into memory the
 * caller frees.  Returns 0, or -1 with the reason in err.
 */
int	rom_read_file(const char *path, uint8_t **data, size_t *size,
	    char *err, size_t errlen);

/* "x86 PC-AT", "EFI", "Open Firmware", "PA-RISC", or "unknown". */
const char	*rom_code_name(uint8_t);
/* rom-parser's names: "Boot", "Runtime", or NULL. */
const char	*rom_efi_subsystem_name(uint16_t);
/* rom-parser's names: "X64", "IA-32", "ARM 64-bit", ..., or NULL. */
const char	*rom_efi_machine_name(uint16_t);
/* Whether the image is for VENDOR:DEVICE, by its ids or device list. */
int	rom_image_serves(const struct rom_image *, uint16_t vendor,
	    uint16_t device);
/* The image whose EFI signature is valid and which is an X64 boot
 * driver (the GOP OVMF loads), or NULL. */
const struct rom_image	*rom_efi_gop(const struct rom *);
/*
 * Bytes before the first image that a dump tool put there (NVIDIA's
 * flash tools do): 0 when the first image starts the file.
 */
size_t	rom_header_bytes(const struct rom *);

/* One verdict: what it says, how sure, and what to do about it. */
enum rom_level {
	ROM_OK,
	ROM_WARN,
	ROM_FAIL,
};

struct rom_finding {
	enum rom_level	level;
	/* "walk", "header", "efi", "ids", ... */
	const char	*topic;
	char		text[256];
	char		fix[256];	/* "" when there is nothing to do */
};

/* At most four an image (length, checksum, EFI, ids), and four more. */
#define ROM_MAX_FINDINGS	(4 * ROM_MAX_IMAGES + 4)

struct rom_gpu {
	const char	*name;		/* "0000:01:00.0" */
	uint16_t	 vendor;
	uint16_t	 device;
};

/*
 * The verdict on a parsed ROM named PATH, against GPU when not NULL.
 * Fills at most ROM_MAX_FINDINGS; returns how many.
 */
size_t	rom_verdict(const struct rom *, const char *path,
	    const struct rom_gpu *gpu, struct rom_finding *, size_t max);

#endif
