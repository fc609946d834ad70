/*
 * `vfiotui rom FILE [--json] [--device BB:DD.F]`: rom-parser's listing of
 * a vBIOS file, line for line, so users can compare it with the guides;
 * then every image in full and the verdict.  With --device, the GPU's ids
 * come from its sysfs attributes (never its config space, which would
 * wake it).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"
#include "cmd.h"
#include "exitcode.h"
#include "host.h"
#include "pci.h"
#include "rom.h"

static int	cmd_rom_exec(struct context *, int, char **);

const struct cmd_entry cmd_rom_entry = {
	.name = "rom",
	.usage = "FILE [--json] [--device BB:DD.F]",
	.globals = CMD_SYSFS,
	.help = "a vBIOS file's images, as rom-parser lists them, judged",
	.opts = { { "--json", "the images and the verdict as JSON" },
	    { "--device BB:DD.F", "whether the images are for this device" } },
	.exec = cmd_rom_exec,
};

static const char *const level_words[] = { "ok", "warn", "fail" };

static void
print_efi_line(FILE *out, const struct rom_image *img)
{
	const char	*s = rom_efi_subsystem_name(img->efi_subsystem);
	const char	*m = rom_efi_machine_name(img->efi_machine);

	if (img->efi_signature != ROM_EFI_SIGNATURE) {
		fprintf(out, "\t\tEFI: Signature NOT Valid\n");
		return;
	}
	fprintf(out, "\t\tEFI: Signature Valid, Subsystem: ");
	if (s != NULL)
		fprintf(out, "%s", s);
	else
		fprintf(out, "Unknown (%x)", img->efi_subsystem);
	fprintf(out, ", Machine: ");
	if (m != NULL)
		fprintf(out, "%s\n", m);
	else
		fprintf(out, "Unknown (%x)\n", img->efi_machine);
}

/* The lines rom-parser stops on; those it has no words for are ours. */
static void
print_stop_line(FILE *out, const struct rom *rom)
{
	size_t	i;

	switch (rom->stop) {
	case ROM_STOP_LAST:
		fprintf(out, "\tLast image\n");
		break;
	case ROM_STOP_END:
		fprintf(out, "Error, ran off the end\n");
		break;
	case ROM_STOP_EMPTY:
		fprintf(out, "Error, zero sized ROM file\n");
		break;
	case ROM_STOP_BAD_PCIR:
		fprintf(out, "Invalid PCIR signature: ");
		for (i = 0; i < 4; i++)
			fputc(isprint((unsigned char)rom->bad_pcir[i]) ?
			    rom->bad_pcir[i] : '.', out);
		fputc('\n', out);
		break;
	case ROM_STOP_PCIR_OUTSIDE:
		fprintf(out, "Error, PCIR at %zxh is outside the file\n",
		    rom->stop_offset);
		break;
	case ROM_STOP_TRUNCATED:
		fprintf(out, "Error, the file ends inside the structure at "
		    "%zxh\n", rom->stop_offset);
		break;
	case ROM_STOP_TOO_MANY:
		fprintf(out, "Error, more than %d images, stopped at %zxh\n",
		    ROM_MAX_IMAGES, rom->stop_offset);
		break;
	}
}

static void
print_rom_parser(FILE *out, const struct rom *rom)
{
	const struct rom_image	*img;
	size_t			 i;

	for (i = 0; i < rom->nimages; i++) {
		img = &rom->images[i];
		if (!img->has_pcir && rom->stop == ROM_STOP_TRUNCATED &&
		    rom->stop_offset == img->offset)
			break;	/* not even the PCIR offset to show */
		fprintf(out, "Valid ROM signature found @%zxh, PCIR offset "
		    "%xh\n", img->offset, img->pcir_offset);
		if (!img->has_pcir)
			break;
		fprintf(out, "\tPCIR: type %x%s, vendor: %04x, device: %04x, "
		    "class: %06x\n", img->code_type, img->code_type ==
		    ROM_CODE_X86 ? " (x86 PC-AT)" : img->code_type ==
		    ROM_CODE_EFI ? " (EFI)" : "", img->vendor, img->device,
		    img->class);
		fprintf(out, "\tPCIR: revision %x, vendor revision: %x\n",
		    img->pcir_revision, img->vendor_revision);
		if (img->code_type == ROM_CODE_EFI)
			print_efi_line(out, img);
	}
	print_stop_line(out, rom);
}

static void
print_image(FILE *out, const struct rom_image *img, size_t n)
{
	size_t	i;

	fprintf(out, "  image %zu @%zxh: %s, %04x:%04x, class %06x, PCIR @%xh "
	    "revision %u, vendor revision %u, %u bytes%s\n", n, img->offset,
	    rom_code_name(img->code_type), img->vendor, img->device,
	    img->class, img->pcir_offset, img->pcir_revision,
	    img->vendor_revision, img->length, img->indicator ? ", last" : "");
	if (img->ndevice_list > 0) {
		fprintf(out, "    device list:");
		for (i = 0; i < img->ndevice_list; i++)
			fprintf(out, " %04x", img->device_list[i]);
		fputc('\n', out);
	}
	if (img->checksum != -1)
		fprintf(out, "    checksum: %s (sum %02xh)\n",
		    img->checksum == 0 ? "valid" : "bad", img->checksum);
	if (img->code_type == ROM_CODE_EFI)
		fprintf(out, "    EFI: signature %04xh, subsystem %xh, machine "
		    "%04xh, %s, image @%xh\n", img->efi_signature,
		    img->efi_subsystem, img->efi_machine,
		    img->efi_compression == 0 ? "uncompressed" :
		    img->efi_compression == 1 ? "compressed" :
		    "unknown compression", img->efi_image_offset);
}

static int
print_text(FILE *out, const struct rom *rom, const struct rom_finding *f,
    size_t nf)
{
	size_t	i;
	int	failed = 0;

	print_rom_parser(out, rom);
	fprintf(out, "\nImages:\n");
	for (i = 0; i < rom->nimages; i++)
		if (rom->images[i].has_pcir)
			print_image(out, &rom->images[i], i + 1);
	fprintf(out, "\nVerdict:\n");
	for (i = 0; i < nf; i++) {
		fprintf(out, "  %-4s  %s\n", level_words[f[i].level],
		    f[i].text);
		if (f[i].fix[0] != '\0')
			fprintf(out, "        %s\n", f[i].fix);
		failed |= f[i].level == ROM_FAIL;
	}
	return failed ? EXIT_FAILED : EXIT_OK;
}

static struct json_object *
image_json(const struct rom_image *img)
{
	struct json_object	*o = json_object_new_object(), *e, *a;
	size_t			 i;

	json_object_object_add(o, "offset", json_object_new_int64(
	    (int64_t)img->offset));
	json_object_object_add(o, "pcir_offset",
	    json_object_new_int(img->pcir_offset));
	json_object_object_add(o, "type", json_object_new_int(img->code_type));
	json_object_object_add(o, "code", json_object_new_string(
	    rom_code_name(img->code_type)));
	json_object_object_add(o, "vendor", cli_json_hex(img->vendor, 4));
	json_object_object_add(o, "device", cli_json_hex(img->device, 4));
	json_object_object_add(o, "class", cli_json_hex(img->class, 6));
	a = json_object_new_array();
	for (i = 0; i < img->ndevice_list; i++)
		json_object_array_add(a, cli_json_hex(img->device_list[i], 4));
	json_object_object_add(o, "device_list", a);
	json_object_object_add(o, "pcir_revision",
	    json_object_new_int(img->pcir_revision));
	json_object_object_add(o, "vendor_revision",
	    json_object_new_int(img->vendor_revision));
	json_object_object_add(o, "last", json_object_new_boolean(
	    img->indicator != 0));
	json_object_object_add(o, "length", json_object_new_int64(
	    img->length));
	json_object_object_add(o, "checksum_valid", img->checksum == -1 ?
	    NULL : json_object_new_boolean(img->checksum == 0));
	if (img->code_type != ROM_CODE_EFI)
		return o;
	e = json_object_new_object();
	json_object_object_add(e, "signature_valid", json_object_new_boolean(
	    img->efi_signature == ROM_EFI_SIGNATURE));
	json_object_object_add(e, "subsystem", cli_json_hex(img->efi_subsystem,
	    1));
	json_object_object_add(e, "machine", cli_json_hex(img->efi_machine, 4));
	json_object_object_add(e, "compressed", json_object_new_boolean(
	    img->efi_compression == 1));
	json_object_object_add(e, "image_offset",
	    json_object_new_int(img->efi_image_offset));
	json_object_object_add(o, "efi", e);
	return o;
}

static int
print_json(FILE *out, const char *path, const struct rom *rom,
    const struct rom_finding *f, size_t nf)
{
	static const char *const stops[] = { "last", "end", "empty",
	    "bad_pcir", "pcir_outside", "truncated", "too_many" };
	const struct rom_image	*gop = rom_efi_gop(rom);
	struct json_object	*o = json_object_new_object(), *a, *v;
	size_t			 i;
	int			 failed = 0;

	json_object_object_add(o, "file", json_object_new_string(path));
	json_object_object_add(o, "size", json_object_new_int64(
	    (int64_t)rom->size));
	json_object_object_add(o, "stop", json_object_new_string(
	    stops[rom->stop]));
	a = json_object_new_array();
	for (i = 0; i < rom->nimages; i++)
		if (rom->images[i].has_pcir)
			json_object_array_add(a, image_json(&rom->images[i]));
	json_object_object_add(o, "images", a);
	json_object_object_add(o, "efi_gop_offset", gop == NULL ? NULL :
	    json_object_new_int64((int64_t)gop->offset));
	json_object_object_add(o, "header_bytes", json_object_new_int64(
	    (int64_t)rom_header_bytes(rom)));
	a = json_object_new_array();
	for (i = 0; i < nf; i++) {
		v = json_object_new_object();
		json_object_object_add(v, "level", json_object_new_string(
		    level_words[f[i].level]));
		json_object_object_add(v, "topic", json_object_new_string(
		    f[i].topic));
		json_object_object_add(v, "text", json_object_new_string(
		    f[i].text));
		json_object_object_add(v, "fix", f[i].fix[0] == '\0' ? NULL :
		    json_object_new_string(f[i].fix));
		json_object_array_add(a, v);
		failed |= f[i].level == ROM_FAIL;
	}
	json_object_object_add(o, "verdict", a);
	fprintf(out, "%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return failed ? EXIT_FAILED : EXIT_OK;
}

/* The GPU --device names, from the model's attribute reads. */
static int
load_gpu(struct context *ctx, const char *where, struct rom_gpu *gpu)
{
	struct pci_addr	addr;
	long		i;
	int		r;

	if (pci_addr_parse(where, &addr) == -1)
		return bad_usage("rom: '%s' is not a PCI address (BB:DD.F or "
		    "DDDD:BB:DD.F)", where);
	if ((r = context_load(ctx, PCI_INFO_IDENT)) != EXIT_OK)
		return r;
	if ((i = host_find(ctx->host, &addr)) == -1) {
		fprintf(stderr, "vfiotui: rom: no PCI device %s in %s "
		    "(see 'vfiotui list')\n", where, ctx->sysfs_root);
		return EXIT_FAILED;
	}
	gpu->name = ctx->host->devs[i].name;
	gpu->vendor = ctx->host->devs[i].vendor;
	gpu->device = ctx->host->devs[i].device;
	return EXIT_OK;
}

static int
cmd_rom_exec(struct context *ctx, int argc, char **argv)
{
	struct rom_finding	 f[ROM_MAX_FINDINGS];
	struct rom_gpu		 gpu;
	struct rom		*rom;
	const char		*path = NULL, *where = NULL;
	uint8_t			*data;
	size_t			 size, nf;
	char			 err[512];
	int			 json = 0, i, r;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--device") == 0 && i + 1 < argc)
			where = argv[++i];
		else if (argv[i][0] != '-' && path == NULL)
			path = argv[i];
		else
			return bad_usage("rom: unexpected argument '%s'",
			    argv[i]);
	}
	if (path == NULL)
		return bad_usage("rom: expected a ROM file");
	if (where != NULL && (r = load_gpu(ctx, where, &gpu)) != EXIT_OK)
		return r;
	if (rom_read_file(path, &data, &size, err, sizeof err) == -1) {
		fprintf(stderr, "vfiotui: rom: %s\n", err);
		return EXIT_USAGE;
	}
	if ((rom = malloc(sizeof *rom)) == NULL) {
		free(data);
		fprintf(stderr, "vfiotui: rom: out of memory\n");
		return EXIT_FAILED;
	}
	rom_parse(data, size, rom);
	free(data);
	nf = rom_verdict(rom, path, where != NULL ? &gpu : NULL, f,
	    ROM_MAX_FINDINGS);
	r = json ? print_json(stdout, path, rom, f, nf) :
	    print_text(stdout, rom, f, nf);
	free(rom);
	return r;
}
