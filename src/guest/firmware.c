/*
 * A descriptor is taken when it maps UEFI flash for x86_64 on q35 with
 * both an executable and an nvram template, and has "secure-boot" among
 * its features exactly when it was asked for; an earlier file name wins,
 * and a name in /etc/qemu/firmware hides the same name further on, as
 * QEMU's firmware.json says.  The file is read with json-c, never more
 * than a small descriptor's size.
 */
#include "config.h"

#include <dirent.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "firmware.h"
#include "safefile.h"

#define DESCRIPTOR_MAX	(64 * 1024)
#define MAX_DESCRIPTORS	64

static const char *const descriptor_dirs[] = {
	"/etc/qemu/firmware",
	"/usr/share/qemu/firmware",
};

/* Code and vars templates, newest layout first, for hosts without. */
static const struct {
	const char	*code;
	const char	*vars;
} known[] = {
	{ "/usr/share/OVMF/OVMF_CODE_4M.fd",
	    "/usr/share/OVMF/OVMF_VARS_4M.fd" },
	{ "/usr/share/OVMF/OVMF_CODE.fd", "/usr/share/OVMF/OVMF_VARS.fd" },
	{ "/usr/share/edk2/x64/OVMF_CODE.4m.fd",
	    "/usr/share/edk2/x64/OVMF_VARS.4m.fd" },
	{ "/usr/share/edk2/x64/OVMF_CODE.fd",
	    "/usr/share/edk2/x64/OVMF_VARS.fd" },
	{ "/usr/share/ovmf/x64/OVMF_CODE.fd",
	    "/usr/share/ovmf/x64/OVMF_VARS.fd" },
	{ "/usr/share/edk2/ovmf/OVMF_CODE.fd",
	    "/usr/share/edk2/ovmf/OVMF_VARS.fd" },
};

static int
has_string(struct json_object *arr, const char *want, int glob)
{
	const char	*s;
	size_t		 i, n;

	if (!json_object_is_type(arr, json_type_array))
		return 0;
	n = json_object_array_length(arr);
	for (i = 0; i < n; i++) {
		s = json_object_get_string(json_object_array_get_idx(arr, i));
		if (s != NULL && (glob ? fnmatch(s, want, 0) == 0 :
		    strcmp(s, want) == 0))
			return 1;
	}
	return 0;
}

/* The "filename" of mapping's member WHAT, or NULL. */
static const char *
mapped_file(struct json_object *mapping, const char *what)
{
	struct json_object	*o, *f;

	if (!json_object_object_get_ex(mapping, what, &o) ||
	    !json_object_object_get_ex(o, "filename", &f))
		return NULL;
	return json_object_get_string(f);
}

static int
serves_q35(struct json_object *targets)
{
	struct json_object	*t, *arch, *machines;
	size_t			 i, n;

	if (!json_object_is_type(targets, json_type_array))
		return 0;
	n = json_object_array_length(targets);
	for (i = 0; i < n; i++) {
		t = json_object_array_get_idx(targets, i);
		if (json_object_object_get_ex(t, "architecture", &arch) &&
		    strcmp(json_object_get_string(arch), "x86_64") == 0 &&
		    json_object_object_get_ex(t, "machines", &machines) &&
		    has_string(machines, "pc-q35-8.0", 1))
			return 1;
	}
	return 0;
}

/* Whether descriptor O fits, with its files in FW (as the guest sees). */
static int
descriptor_fits(struct json_object *o, const char *files_root,
    int secure_boot, struct firmware *fw)
{
	struct json_object	*v, *mapping;
	const char		*code, *vars;
	char			 path[PATH_MAX * 2];

	if (!json_object_object_get_ex(o, "interface-types", &v) ||
	    !has_string(v, "uefi", 0) ||
	    !json_object_object_get_ex(o, "mapping", &mapping) ||
	    !json_object_object_get_ex(mapping, "device", &v) ||
	    strcmp(json_object_get_string(v), "flash") != 0 ||
	    !json_object_object_get_ex(o, "targets", &v) || !serves_q35(v))
		return 0;
	json_object_object_get_ex(o, "features", &v);
	if (has_string(v, "secure-boot", 0) != secure_boot)
		return 0;
	if ((code = mapped_file(mapping, "executable")) == NULL ||
	    (vars = mapped_file(mapping, "nvram-template")) == NULL)
		return 0;
	snprintf(path, sizeof path, "%s%s", files_root, code);
	if (access(path, R_OK) == -1)
		return 0;
	snprintf(fw->code, sizeof fw->code, "%s", code);
	snprintf(fw->vars, sizeof fw->vars, "%s", vars);
	return 1;
}

/* By file name, whatever dir it is in. */
static int
cmp_base(const void *a, const void *b)
{
	const char	*x = *(char *const *)a, *y = *(char *const *)b;

	return strcmp(strrchr(x, '/') + 1, strrchr(y, '/') + 1);
}

/* Whether the file name of PATH is among the N in NAMES already. */
static int
named_already(char *const *names, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(strrchr(names[i], '/') + 1, name) == 0)
			return 1;
	return 0;
}

/* The descriptors of every dir, sorted by name, each name once. */
static size_t
descriptor_paths(const char *files_root, char *paths[MAX_DESCRIPTORS])
{
	struct dirent	*e;
	char		 dir[PATH_MAX];
	size_t		 n = 0, i;
	DIR		*d;

	for (i = 0; i < sizeof descriptor_dirs / sizeof descriptor_dirs[0];
	    i++) {
		snprintf(dir, sizeof dir, "%s%s", files_root,
		    descriptor_dirs[i]);
		if ((d = opendir(dir)) == NULL)
			continue;
		while ((e = readdir(d)) != NULL && n < MAX_DESCRIPTORS)
			if (fnmatch("*.json", e->d_name, 0) == 0 &&
			    !named_already(paths, n, e->d_name) &&
			    asprintf(&paths[n], "%s/%s", dir, e->d_name) != -1)
				n++;
		closedir(d);
	}
	qsort(paths, n, sizeof *paths, cmp_base);
	return n;
}

static struct json_object *
read_descriptor(const char *path)
{
	struct json_object	*o;
	char			*text, err[256];
	size_t			 len;

	if (safefile_read(path, 0, DESCRIPTOR_MAX, &text, &len, err,
	    sizeof err) < 0)
		return NULL;
	o = json_tokener_parse(text);
	free(text);
	return o;
}

int
firmware_find(const char *files_root, int secure_boot, struct firmware *fw)
{
	struct json_object	*o;
	char			*paths[MAX_DESCRIPTORS], path[PATH_MAX * 2];
	size_t			 n, i;
	int			 found = 0;

	n = descriptor_paths(files_root, paths);
	for (i = 0; i < n; i++) {
		if (!found && (o = read_descriptor(paths[i])) != NULL) {
			if ((found = descriptor_fits(o, files_root,
			    secure_boot, fw)))
				snprintf(fw->from, sizeof fw->from, "%s",
				    paths[i] + strlen(files_root));
			json_object_put(o);
		}
		free(paths[i]);
	}
	if (found || secure_boot)
		return found ? 0 : -1;
	for (i = 0; i < sizeof known / sizeof known[0]; i++) {
		snprintf(path, sizeof path, "%s%s", files_root, known[i].code);
		if (access(path, R_OK) == -1)
			continue;
		snprintf(fw->code, sizeof fw->code, "%s", known[i].code);
		snprintf(fw->vars, sizeof fw->vars, "%s", known[i].vars);
		snprintf(fw->from, sizeof fw->from, "known paths");
		return 0;
	}
	return -1;
}
