/*
 * libFuzzer target for the profile parser (`make fuzz-profile`): the
 * input is a guest's NAME.conf, read by profile_load_file as vfiotui
 * reads one.  A profile it takes must be one the rest of vfiotui can
 * trust (lists within their bounds, paths absolute, a MAC that is one);
 * one it refuses must say which file.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzfile.h"
#include "profile.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_path(const char *path)
{
	if (path != NULL && path[0] != '/')
		abort();
}

/* Six pairs of hex digits, colon-separated: what QEMU's mac= takes. */
static void
check_mac(const char *mac)
{
	int	i;

	if (mac == NULL)
		return;
	if (strlen(mac) != 17)
		abort();
	for (i = 0; i < 17; i++)
		if (i % 3 == 2 ? mac[i] != ':' :
		    !isxdigit((unsigned char)mac[i]))
			abort();
}

static void
check_profile(const struct profile *p)
{
	size_t	i;

	if (strcmp(p->name, "fuzz") != 0 || p->ndisks > PROFILE_MAX_DRIVES ||
	    p->ncdroms > PROFILE_MAX_DRIVES || p->npci > PROFILE_MAX_PCI ||
	    p->nextra > PROFILE_MAX_EXTRA)
		abort();
	if (p->memory_mib == 0 || p->cpus == 0 || p->cpus > 1024 ||
	    p->spice_port < 0 || p->spice_port > 65535 ||
	    p->stop_timeout < 1)
		abort();
	for (i = 0; i < p->ndisks; i++)
		check_path(p->disks[i].path);
	for (i = 0; i < p->ncdroms; i++)
		check_path(p->cdroms[i].path);
	for (i = 0; i < p->npci; i++) {
		check_path(p->pci[i].romfile);
		if (p->pci[i].addr.dev > 0x1f || p->pci[i].addr.fn > 7 ||
		    p->pci[i].sub_vendor > 0xffff ||
		    p->pci[i].sub_device > 0xffff)
			abort();
	}
	for (i = 0; i < p->nextra; i++)
		if (p->extra[i] == NULL)
			abort();
	/* A pin line's CPUs are CPUs, and there are some unless auto. */
	if (p->nusb > PROFILE_MAX_USB)
		abort();
	if (p->pin.line != 0 && !p->pin.automatic && p->pin.nvcpu == 0)
		abort();
	for (i = 0; i < p->pin.nvcpu; i++)
		if (p->pin.vcpu[i] < 0 || p->pin.vcpu[i] >= CPU_SETSIZE)
			abort();
	if (strchr(p->qemu, '/') != NULL)
		check_path(p->qemu);
	check_path(p->ovmf_code);
	check_path(p->ovmf_vars);
	check_path(p->hugepages);
	check_path(p->vde_sock);
	check_mac(p->mac);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile	*p;
	const char	*path;
	char		 err[1024];

	/* ~/ in a path: the same home every run. */
	setenv("HOME", "/home/fuzz", 1);
	path = fuzzfile_write("fuzz.conf", data, size);
	err[0] = '\0';
	if ((p = profile_load_file(path, err, sizeof err)) == NULL) {
		if (strncmp(err, path, strlen(path)) != 0)
			abort();
		return 0;
	}
	check_profile(p);
	profile_free(p);
	return 0;
}
