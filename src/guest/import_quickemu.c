/*
 * A quickemu .conf as a vfiotui profile.  The file is a shell script
 * that quickemu sources; it is read here as text, key="value" a line,
 * and never run.  Its paths are relative to the directory quickemu runs
 * in, the .conf's own, so they are made absolute from there.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"

struct qe {
	struct import	*imp;
	char		 dir[PATH_MAX];	/* the .conf's, absolute */
	int		 windows;
	int		 has_efi;	/* boot="efi", quickemu's default */
	const char	*display;	/* quickemu's default: a window */
};

/* VALUE, a path of the .conf, absolute in BUF. */
static const char *
qe_path(const struct qe *qe, const char *value, char *buf, size_t len)
{
	if (value[0] == '/' || strncmp(value, "~/", 2) == 0)
		snprintf(buf, len, "%s", value);
	else
		snprintf(buf, len, "%s/%s", qe->dir, value);
	return buf;
}

/* "8G", "4096M", "16": memory as the profile reads it; -1 when not. */
static int
qe_ram(const char *v, char *buf, size_t len)
{
	size_t	n = strspn(v, "0123456789");

	if (n == 0 || v[0] == '0' || n > 7 || (v[n] != '\0' &&
	    (strchr("GgMm", v[n]) == NULL || v[n + 1] != '\0')))
		return -1;
	/* quickemu reads a bare number as GiB. */
	snprintf(buf, len, "%s%s", v, v[n] == '\0' ? "G" : "");
	return 0;
}

/* One key="value" of the .conf on line LINE. */
static void
qe_apply(struct qe *qe, int line, const char *key, const char *v)
{
	char	buf[PATH_MAX + 64];

	if (strcmp(key, "guest_os") == 0) {
		qe->windows = strcmp(v, "windows") == 0;
		import_comment(qe->imp, "quickemu's guest_os was %s", v);
	} else if (strcmp(key, "ram") == 0 && qe_ram(v, buf, sizeof buf) == 0)
		import_put(qe->imp, "memory", buf, NULL);
	else if (strcmp(key, "cpu_cores") == 0 && strspn(v, "0123456789") ==
	    strlen(v) && v[0] > '0' && strlen(v) <= 4)
		import_put(qe->imp, "cpus", v, NULL);
	else if (strcmp(key, "disk_img") == 0 && v[0] != '\0')
		import_put(qe->imp, "disk", qe_path(qe, v, buf, sizeof buf),
		    NULL);
	else if ((strcmp(key, "iso") == 0 || strcmp(key, "fixed_iso") == 0) &&
	    v[0] != '\0')
		import_put(qe->imp, "cdrom", qe_path(qe, v, buf, sizeof buf),
		    NULL);
	else if (strcmp(key, "boot") == 0 && (strcmp(v, "efi") == 0 ||
	    strcmp(v, "legacy") == 0))
		qe->has_efi = strcmp(v, "efi") == 0 ? 1 : -1;
	else if (strcmp(key, "display") == 0 && (strcmp(v, "spice") == 0 ||
	    strcmp(v, "none") == 0))
		qe->display = strcmp(v, "spice") == 0 ? "spice" : "none";
	else if (strcmp(key, "display") == 0 && (strcmp(v, "sdl") == 0 ||
	    strcmp(v, "gtk") == 0))
		qe->display = "gtk";
	else {
		snprintf(buf, sizeof buf, "%s", key);
		import_drop(qe->imp, buf, "line %d: %s=\"%s\"", line, key, v);
	}
}

/*
 * Line LINE: KEY=VALUE with VALUE bare, "double" or 'single' quoted;
 * 1 when it is one (KEY and VALUE cut out of S), 0 when not.
 */
static int
qe_split(char *s, char **key, char **value)
{
	char	*eq, *v, *end;

	while (isspace((unsigned char)*s))
		s++;
	if ((eq = strchr(s, '=')) == NULL || eq == s)
		return 0;
	for (v = s; v < eq; v++)
		if (!isalnum((unsigned char)*v) && *v != '_')
			return 0;
	*eq = '\0';
	*key = s;
	v = eq + 1;
	if (*v == '"' || *v == '\'') {
		if ((end = strchr(v + 1, *v)) == NULL)
			return 0;
		*end = '\0';
		*value = v + 1;
		/* Shell quoting inside the quotes is more than we read. */
		return strpbrk(*value, "$`\\") == NULL;
	}
	end = v + strcspn(v, " \t#");
	*end = '\0';
	*value = v;
	return strpbrk(v, "$`\\\"'") == NULL;
}

int
import_quickemu(const char *path, const char *text, struct import *imp,
    char *err, size_t errlen)
{
	struct qe	 qe = { .imp = imp, .display = "gtk" };
	const char	*p, *nl, *base;
	char		 line[PATH_MAX + 64], *key, *value, *slash, *dot;
	int		 n = 0, nkeys = 0;

	/* The guest is its file's: quickemu names windows-10.conf's so. */
	base = strrchr(path, '/');
	snprintf(imp->name, sizeof imp->name, "%s", base != NULL ? base + 1 :
	    path);
	if ((dot = strrchr(imp->name, '.')) != NULL &&
	    strcmp(dot, ".conf") == 0)
		*dot = '\0';
	if (realpath(path, qe.dir) == NULL) {
		snprintf(err, errlen, "%s: its directory: %s", path,
		    strerror(errno));
		return -1;
	}
	slash = strrchr(qe.dir, '/');
	*(slash == qe.dir ? slash + 1 : slash) = '\0';
	import_comment(imp, "Imported from %s (quickemu) by vfiotui guest "
	    "import.", path);
	import_put(imp, "machine", "q35", NULL);
	import_put(imp, "accel", "kvm", NULL);
	for (p = text; *p != '\0'; p = *nl != '\0' ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		n++;
		snprintf(line, sizeof line, "%.*s", (int)(nl - p), p);
		key = line + strspn(line, " \t");
		if (*key == '#' || *key == '\0')
			continue;
		if (qe_split(line, &key, &value)) {
			qe_apply(&qe, n, key, value);
			nkeys++;
		} else
			import_drop(imp, "shell", "line %d: '%s' is not "
			    "KEY=\"VALUE\" (the .conf is read, never run)", n,
			    line);
	}
	if (nkeys == 0) {
		snprintf(err, errlen, "%s: neither a libvirt domain (no XML) "
		    "nor a quickemu .conf (no key=\"value\" line)", path);
		return -1;
	}
	import_put(imp, "firmware", qe.has_efi == -1 ? "seabios" : "ovmf",
	    NULL);
	import_put(imp, "display", qe.display, NULL);
	import_put(imp, "network", "user", NULL);
	import_comment(imp, "quickemu's network is QEMU's user one; vfiotui's "
	    "is VDE (vfiotui net start, then network = vde)");
	if (qe.windows)
		import_comment(imp, "A Windows guest: once a GPU is passed "
		    "(pci = BB:DD.F), hide the hypervisor from the NVIDIA "
		    "driver's Code 43 check with cpu = host,kvm=off,"
		    "hv_vendor_id=0123456789ab");
	return 0;
}
