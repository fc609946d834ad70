/*
 * mkrom: builds PCI option ROM files for the tests, well formed or broken
 * on purpose, so no vBIOS is ever downloaded.
 *
 *   mkrom OUT [--size N] [--nvgi N] IMAGE...
 *
 * Each IMAGE is a comma-separated list of key=value (numbers in hex but
 * len and rev): at= offset, len= length in 512-byte units (default 1),
 * pcir= PCIR offset (default 1c), type= code type (0 x86, 3 EFI), id=
 * VVVV:DDDD, class= (default 030000), rev= PCIR revision (default 3),
 * vrev= vendor revision, last (the last-image flag), badsum (a legacy
 * image whose bytes do not sum to 0), and for EFI images efisig= (default
 * 0ef1), subsys= (default b), machine= (default 8664); devlist=ID:ID...
 * a PCIR 3.0 device list.  --nvgi N writes an
 * NVIDIA-style dump header of N bytes before everything; --size N cuts or
 * pads the file to N bytes (default: the end of the last image).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SIZE	(16u * 1024 * 1024)
#define MAX_IMAGES	256

struct image {
	unsigned long	at, len, pcir, type, vendor, device, class, rev;
	unsigned long	vrev, efisig, subsys, machine;
	int		last, badsum;
	unsigned long	devlist[8];	/* PCIR 3.0 device list */
	size_t		ndevlist;
};

static uint8_t	rom[MAX_SIZE];

static void
die(const char *what, const char *arg)
{
	fprintf(stderr, "mkrom: %s: %s\n", what, arg);
	exit(2);
}

static unsigned long
num(const char *s, int base, const char *what)
{
	char		*end;
	unsigned long	 v;

	errno = 0;
	v = strtoul(s, &end, base);
	if (errno != 0 || end == s || *end != '\0')
		die(what, s);
	return v;
}

static void
put16(size_t at, unsigned long v)
{
	if (at + 2 > MAX_SIZE)
		die("past the largest ROM", "put16");
	rom[at] = v & 0xff;
	rom[at + 1] = (v >> 8) & 0xff;
}

static void
put32(size_t at, unsigned long v)
{
	put16(at, v & 0xffff);
	put16(at + 2, v >> 16);
}

/* "1c21:1c22": the device ids after the PCIR structure. */
static void
parse_devlist(char *val, struct image *im)
{
	char	*id;

	while ((id = strsep(&val, ":")) != NULL && im->ndevlist < 8)
		im->devlist[im->ndevlist++] = num(id, 16, "devlist");
}

static void
parse_image(char *spec, struct image *im)
{
	char	*kv, *val;

	*im = (struct image){ .len = 1, .pcir = 0x1c, .class = 0x030000,
	    .rev = 3, .efisig = 0x0ef1, .subsys = 0xb, .machine = 0x8664 };
	while ((kv = strsep(&spec, ",")) != NULL) {
		if ((val = strchr(kv, '=')) != NULL)
			*val++ = '\0';
		if (strcmp(kv, "last") == 0)
			im->last = 1;
		else if (strcmp(kv, "badsum") == 0)
			im->badsum = 1;
		else if (val == NULL)
			die("unknown word", kv);
		else if (strcmp(kv, "at") == 0)
			im->at = num(val, 16, "at");
		else if (strcmp(kv, "len") == 0)
			im->len = num(val, 10, "len");
		else if (strcmp(kv, "pcir") == 0)
			im->pcir = num(val, 16, "pcir");
		else if (strcmp(kv, "type") == 0)
			im->type = num(val, 16, "type");
		else if (strcmp(kv, "id") == 0 && strlen(val) == 9 &&
		    val[4] == ':') {
			val[4] = '\0';
			im->vendor = num(val, 16, "id");
			im->device = num(val + 5, 16, "id");
		} else if (strcmp(kv, "class") == 0)
			im->class = num(val, 16, "class");
		else if (strcmp(kv, "rev") == 0)
			im->rev = num(val, 10, "rev");
		else if (strcmp(kv, "vrev") == 0)
			im->vrev = num(val, 16, "vrev");
		else if (strcmp(kv, "efisig") == 0)
			im->efisig = num(val, 16, "efisig");
		else if (strcmp(kv, "subsys") == 0)
			im->subsys = num(val, 16, "subsys");
		else if (strcmp(kv, "machine") == 0)
			im->machine = num(val, 16, "machine");
		else if (strcmp(kv, "devlist") == 0)
			parse_devlist(val, im);
		else
			die("unknown key", kv);
	}
}

/* The header, the PCIR structure, and the EFI fields; returns its end. */
static size_t
write_image(const struct image *im)
{
	size_t	p = im->at + im->pcir, i;

	put16(im->at, 0xaa55);
	rom[im->at + 2] = im->len & 0xff;
	put16(im->at + 0x18, im->pcir);
	if (im->type == 3) {
		put32(im->at + 4, im->efisig);
		put16(im->at + 8, im->subsys);
		put16(im->at + 0x0a, im->machine);
		put16(im->at + 0x0c, 1);
		put16(im->at + 0x16, 0x58);
	}
	if (p + 0x1c <= MAX_SIZE) {
		memcpy(rom + p, "PCIR", 4);
		put16(p + 4, im->vendor);
		put16(p + 6, im->device);
		put16(p + 0x0a, 0x1c);
		rom[p + 0x0c] = im->rev & 0xff;
		rom[p + 0x0d] = im->class & 0xff;
		rom[p + 0x0e] = (im->class >> 8) & 0xff;
		rom[p + 0x0f] = (im->class >> 16) & 0xff;
		put16(p + 0x10, im->len);
		put16(p + 0x12, im->vrev);
		rom[p + 0x14] = im->type & 0xff;
		rom[p + 0x15] = im->last ? 0x80 : 0;
	}
	if (im->ndevlist > 0) {
		put16(p + 8, 0x1c);
		for (i = 0; i < im->ndevlist; i++)
			put16(p + 0x1c + 2 * i, im->devlist[i]);
	}
	return im->at + im->len * 512;
}

/* Legacy images sum to 0 through their last byte, unless asked not to. */
static void
write_checksum(const struct image *im)
{
	unsigned int	sum = 0;
	size_t		i, end = im->at + im->len * 512;

	if (im->type != 0 || im->len == 0 || end > MAX_SIZE)
		return;
	rom[end - 1] = 0;
	for (i = im->at; i < end; i++)
		sum += rom[i];
	rom[end - 1] = (uint8_t)(0x100 - (sum & 0xff)) + (im->badsum ? 1 : 0);
}

int
main(int argc, char **argv)
{
	static struct image	 ims[MAX_IMAGES];
	size_t			 n = 0, i, size = 0, end;
	long			 want = -1;
	unsigned long		 nvgi = 0;
	FILE			*f;
	int			 a;

	if (argc < 3)
		die("usage", "mkrom OUT [--size N] [--nvgi N] IMAGE...");
	for (a = 2; a < argc; a++) {
		if (strcmp(argv[a], "--size") == 0 && a + 1 < argc)
			want = (long)num(argv[++a], 0, "size");
		else if (strcmp(argv[a], "--nvgi") == 0 && a + 1 < argc)
			nvgi = num(argv[++a], 0, "nvgi");
		else if (n < MAX_IMAGES)
			parse_image(argv[a], &ims[n++]);
		else
			die("too many images", argv[a]);
	}
	/* What nvflash puts first: a tag, then bytes that are not a ROM. */
	for (i = 0; i < nvgi && i < MAX_SIZE; i++)
		rom[i] = (uint8_t)(0x20 + i % 64);
	if (nvgi >= 4)
		memcpy(rom, "NVGI", 4);
	size = nvgi;
	for (i = 0; i < n; i++)
		if ((end = write_image(&ims[i])) > size)
			size = end;
	for (i = 0; i < n; i++)
		write_checksum(&ims[i]);
	if (want >= 0)
		size = (size_t)want;
	if (size > MAX_SIZE)
		die("larger than 16 MiB", argv[1]);
	if ((f = fopen(argv[1], "wb")) == NULL ||
	    fwrite(rom, 1, size, f) != size || fclose(f) != 0)
		die(argv[1], strerror(errno));
	return 0;
}
