/*
 * The profile parser: lines as confline.h reads them, each key given to
 * its one handler (profile_keys.c), a key that is no list refused the
 * second time.  Every error names the file and the line.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confline.h"
#include "profile.h"
#include "profile_keys.h"
#include "safefile.h"
#include "xdg.h"

int
profile_dir(char *buf, size_t len, char *err, size_t errlen)
{
	char	why[PATH_MAX + 32];

	if (xdg_path(XDG_CONFIG, "guests", buf, len, why, sizeof why) == 0)
		return 0;
	snprintf(err, errlen, "no place for guest profiles: %s", why);
	return -1;
}

int
profile_name_ok(const char *name)
{
	size_t	i, len = strlen(name);

	if (len == 0 || len >= PROFILE_NAME_MAX || name[0] == '.')
		return 0;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '-' &&
		    name[i] != '_' && name[i] != '.')
			return 0;
	return 1;
}


/* A profile being read, and the line each key was set on (0: not yet). */
struct reading {
	struct profile	*prof;
	int		*seen;
};

/* One "key = value" line (ARG is the struct reading); 0, or -1. */
static int
apply_line(struct confline *l, void *arg)
{
	struct reading			*rd = arg;
	const struct profile_key	*k = profile_key_find(l->key);
	size_t				 i;

	if (k == NULL)
		return confline_error(l, "unknown key '%s'", l->key);
	i = (size_t)(k - profile_keys);
	if (rd->seen[i] != 0 && !k->repeats)
		return confline_error(l, "%s is set already on line %d",
		    l->key, rd->seen[i]);
	rd->seen[i] = l->number;
	return k->fn(rd->prof, l);
}

static struct profile *
profile_defaults(const char *path, const char *name)
{
	struct profile	*p;

	if ((p = calloc(1, sizeof *p)) == NULL)
		return NULL;
	snprintf(p->name, sizeof p->name, "%s", name);
	p->path = strdup(path);
	p->qemu = strdup("qemu-system-x86_64");
	p->machine = strdup("q35");
	p->accel = strdup("kvm");
	p->memory_mib = 2048;
	p->cpus = 2;
	p->firmware = PROFILE_FW_OVMF;
	/* Debian's 4 MiB OVMF: the 2 MiB one is being phased out. */
	p->ovmf_code = strdup("/usr/share/OVMF/OVMF_CODE_4M.fd");
	p->ovmf_vars = strdup("/usr/share/OVMF/OVMF_VARS_4M.fd");
	p->spice_port = 0;
	p->stop_timeout = 60;
	if (!p->path || !p->qemu || !p->machine || !p->accel ||
	    !p->ovmf_code || !p->ovmf_vars) {
		profile_free(p);
		return NULL;
	}
	return p;
}

/* The name from ".../NAME.conf"; -1 when the file is not named so. */
static int
name_of_file(const char *path, char *name, size_t len)
{
	const char	*base = strrchr(path, '/');
	size_t		 n;

	base = base != NULL ? base + 1 : path;
	n = strlen(base);
	if (n <= 5 || strcmp(base + n - 5, ".conf") != 0 || n - 5 >= len)
		return -1;
	memcpy(name, base, n - 5);
	name[n - 5] = '\0';
	return profile_name_ok(name) ? 0 : -1;
}

static int
read_lines(struct profile *p, FILE *f, char *err, size_t errlen)
{
	struct reading	rd = { .prof = p };
	int		r;

	if ((rd.seen = calloc(profile_nkeys, sizeof *rd.seen)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", p->path);
		return -1;
	}
	r = confline_read(f, p->path, apply_line, &rd, err, errlen);
	free(rd.seen);
	return r;
}

struct profile *
profile_load_file(const char *path, char *err, size_t errlen)
{
	struct profile	*p;
	char		 name[PROFILE_NAME_MAX];
	FILE		*f;
	int		 r;

	if (name_of_file(path, name, sizeof name) == -1) {
		snprintf(err, errlen, "%s: a profile is named NAME.conf, NAME "
		    "of letters, digits, '-', '_' and '.'", path);
		return NULL;
	}
	if ((f = safefile_fopen(path, 0, CONFLINE_FILE_MAX, err, errlen)) ==
	    NULL) {
		if (errno == ENOENT)
			snprintf(err, errlen, "%s: %s (no such guest profile)",
			    path, strerror(ENOENT));
		return NULL;
	}
	if ((p = profile_defaults(path, name)) == NULL) {
		fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	r = read_lines(p, f, err, errlen);
	fclose(f);
	if (r == -1) {
		profile_free(p);
		return NULL;
	}
	return p;
}

struct profile *
profile_load(const char *dir, const char *name, char *err, size_t errlen)
{
	char	path[PATH_MAX];

	if (!profile_name_ok(name)) {
		snprintf(err, errlen, "'%s' is not a guest name (letters, "
		    "digits, '-', '_', '.')", name);
		return NULL;
	}
	snprintf(path, sizeof path, "%s/%s.conf", dir, name);
	return profile_load_file(path, err, errlen);
}

static void
drives_free(struct profile_drive *d, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(d[i].path);
		free(d[i].format);
		free(d[i].iface);
	}
}

void
profile_free(struct profile *p)
{
	size_t	i;

	if (p == NULL)
		return;
	free(p->path);
	free(p->qemu);
	free(p->machine);
	free(p->accel);
	free(p->cpu);
	free(p->ovmf_code);
	free(p->ovmf_vars);
	drives_free(p->disks, p->ndisks);
	drives_free(p->cdroms, p->ncdroms);
	for (i = 0; i < p->npci; i++)
		free(p->pci[i].romfile);
	free(p->vde_sock);
	free(p->mac);
	free(p->hugepages);
	free(p->pin.vcpu);
	for (i = 0; i < p->nextra; i++)
		free(p->extra[i]);
	free(p);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
names_add(char ***names, size_t *n, const char *name)
{
	char	**grown;

	if ((grown = realloc(*names, (*n + 2) * sizeof *grown)) == NULL)
		return -1;
	*names = grown;
	if ((grown[*n] = strdup(name)) == NULL)
		return -1;
	grown[++*n] = NULL;
	return 0;
}

char **
profile_names(const char *dir, char *err, size_t errlen)
{
	char		**names = calloc(1, sizeof *names);
	char		  name[PROFILE_NAME_MAX];
	struct dirent	 *de;
	size_t		  n = 0;
	DIR		 *d;

	if (names == NULL || (d = opendir(dir)) == NULL) {
		if (names != NULL && errno == ENOENT)
			return names;
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		free(names);
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		if (name_of_file(de->d_name, name, sizeof name) == -1)
			continue;
		if (names_add(&names, &n, name) == -1) {
			snprintf(err, errlen, "out of memory");
			closedir(d);
			profile_names_free(names);
			return NULL;
		}
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_names);
	return names;
}

void
profile_names_free(char **names)
{
	size_t	i;

	if (names == NULL)
		return;
	for (i = 0; names[i] != NULL; i++)
		free(names[i]);
	free(names);
}
