/*
 * The profile parser.  A line is blank, a comment ('#' first), or
 * "key = value"; a value is words split at blanks, a word in double
 * quotes may hold blanks.  Each key has one handler in the table below;
 * every error names the file and the line.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

#define MAX_WORDS	16

/* One line being read: where it is, and its words after the '='. */
struct line {
	struct profile	*prof;
	const char	*dir;		/* the profile's directory */
	int		 number;
	char		*words[MAX_WORDS];
	int		 nwords;
	char		*err;
	size_t		 errlen;
};

static int
line_error(struct line *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
line_error(struct line *l, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	n = snprintf(l->err, l->errlen, "%s:%d: ", l->prof->path, l->number);
	if (n < 0 || (size_t)n >= l->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(l->err + n, l->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

int
profile_dir(char *buf, size_t len, char *err, size_t errlen)
{
	const char	*xdg = getenv("XDG_CONFIG_HOME");
	const char	*home = getenv("HOME");
	int		 n;

	if (xdg != NULL && xdg[0] == '/')
		n = snprintf(buf, len, "%s/vfiotui/guests", xdg);
	else if (home != NULL && home[0] == '/')
		n = snprintf(buf, len, "%s/.config/vfiotui/guests", home);
	else {
		snprintf(err, errlen, "no place for guest profiles: neither "
		    "XDG_CONFIG_HOME nor HOME is set");
		return -1;
	}
	if (n < 0 || (size_t)n >= len) {
		snprintf(err, errlen, "guest profile directory: path too long");
		return -1;
	}
	return 0;
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

/* ~/x from $HOME, x relative to the profile's directory. */
static char *
resolve_path(struct line *l, const char *word)
{
	const char	*home = getenv("HOME");
	char		*out;
	int		 n;

	if (word[0] == '/')
		return strdup(word);
	if (strncmp(word, "~/", 2) == 0) {
		if (home == NULL || home[0] != '/') {
			line_error(l, "'%s': HOME is not set", word);
			return NULL;
		}
		n = asprintf(&out, "%s/%s", home, word + 2);
	} else
		n = asprintf(&out, "%s/%s", l->dir, word);
	if (n < 0) {
		line_error(l, "out of memory");
		return NULL;
	}
	return out;
}

static int
set_string(struct line *l, char **dst, const char *value)
{
	free(*dst);
	if ((*dst = strdup(value)) == NULL)
		return line_error(l, "out of memory");
	return 0;
}

static int
set_path(struct line *l, char **dst, const char *word)
{
	char	*p;

	if ((p = resolve_path(l, word)) == NULL)
		return -1;
	free(*dst);
	*dst = p;
	return 0;
}

/* A whole number in [MIN, MAX], decimal or 0x hex. */
static int
parse_number(struct line *l, const char *what, const char *s, long min,
    long max, long *out)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (end == s || *end != '\0' || errno != 0 || v < min || v > max)
		return line_error(l, "%s: bad number '%s' (expected %ld to "
		    "%ld)", what, s, min, max);
	*out = v;
	return 0;
}

static int
parse_onoff(struct line *l, const char *what, const char *s, int *out)
{
	if (strcmp(s, "on") == 0)
		*out = 1;
	else if (strcmp(s, "off") == 0)
		*out = 0;
	else
		return line_error(l, "%s: expected on or off, not '%s'", what,
		    s);
	return 0;
}

static int
one_word(struct line *l, const char *key)
{
	if (l->nwords != 1)
		return line_error(l, "%s takes one value, got %d", key,
		    l->nwords);
	return 0;
}

static int
key_name(struct line *l)
{
	if (one_word(l, "name") == -1)
		return -1;
	/* The file name is how commands find the guest. */
	if (strcmp(l->words[0], l->prof->name) != 0)
		return line_error(l, "name '%s' differs from the file's name "
		    "'%s' (rename one of them)", l->words[0], l->prof->name);
	return 0;
}

static int
key_qemu(struct line *l)
{
	if (one_word(l, "qemu") == -1)
		return -1;
	/* A bare name is looked up on PATH; anything else is a path. */
	if (strchr(l->words[0], '/') == NULL)
		return set_string(l, &l->prof->qemu, l->words[0]);
	return set_path(l, &l->prof->qemu, l->words[0]);
}

/* "8G", "512M", "4096" (MiB). */
static int
key_memory(struct line *l)
{
	char	 num[32], *w;
	size_t	 len;
	long	 v, mul = 1;

	if (one_word(l, "memory") == -1)
		return -1;
	w = l->words[0];
	len = strlen(w);
	if (len == 0 || len >= sizeof num)
		return line_error(l, "memory: bad number '%s'", w);
	memcpy(num, w, len + 1);
	if (num[len - 1] == 'G' || num[len - 1] == 'g')
		mul = 1024;
	if (mul != 1 || num[len - 1] == 'M' || num[len - 1] == 'm')
		num[len - 1] = '\0';
	if (num[0] < '0' || num[0] > '9')
		return line_error(l, "memory: bad number '%s' (e.g. 8G, "
		    "4096M)", w);
	if (parse_number(l, "memory", num, 1, 16L * 1024 * 1024 / mul,
	    &v) == -1)
		return -1;
	l->prof->memory_mib = (unsigned long)(v * mul);
	return 0;
}

static int
key_cpus(struct line *l)
{
	long	v;

	if (one_word(l, "cpus") == -1 ||
	    parse_number(l, "cpus", l->words[0], 1, 1024, &v) == -1)
		return -1;
	l->prof->cpus = (unsigned int)v;
	return 0;
}

static int
key_machine(struct line *l)
{
	if (one_word(l, "machine") == -1)
		return -1;
	return set_string(l, &l->prof->machine, l->words[0]);
}

static int
key_accel(struct line *l)
{
	if (one_word(l, "accel") == -1)
		return -1;
	if (strcmp(l->words[0], "kvm") != 0 && strcmp(l->words[0], "tcg"))
		return line_error(l, "accel: expected kvm or tcg, not '%s'",
		    l->words[0]);
	return set_string(l, &l->prof->accel, l->words[0]);
}

static int
key_cpu(struct line *l)
{
	if (one_word(l, "cpu") == -1)
		return -1;
	return set_string(l, &l->prof->cpu, l->words[0]);
}

static int
key_firmware(struct line *l)
{
	if (one_word(l, "firmware") == -1)
		return -1;
	if (strcmp(l->words[0], "ovmf") == 0)
		l->prof->firmware = PROFILE_FW_OVMF;
	else if (strcmp(l->words[0], "seabios") == 0)
		l->prof->firmware = PROFILE_FW_SEABIOS;
	else
		return line_error(l, "firmware: expected ovmf or seabios, not "
		    "'%s'", l->words[0]);
	l->prof->firmware_line = l->number;
	return 0;
}

static int
key_ovmf_code(struct line *l)
{
	if (one_word(l, "ovmf-code") == -1)
		return -1;
	l->prof->firmware_line = l->number;
	return set_path(l, &l->prof->ovmf_code, l->words[0]);
}

static int
key_ovmf_vars(struct line *l)
{
	if (one_word(l, "ovmf-vars") == -1)
		return -1;
	l->prof->firmware_line = l->number;
	return set_path(l, &l->prof->ovmf_vars, l->words[0]);
}

/* "disk = PATH [format=F] [if=I]" and "cdrom = PATH". */
static int
add_drive(struct line *l, const char *key, struct profile_drive *drives,
    size_t *n, int disk)
{
	struct profile_drive	*d;
	int			 i;

	if (l->nwords < 1 || (!disk && l->nwords != 1))
		return line_error(l, disk ? "disk = PATH [format=F] [if=I]" :
		    "cdrom = PATH (an image or a directory)");
	if (*n == PROFILE_MAX_DRIVES)
		return line_error(l, "more than %d %s entries",
		    PROFILE_MAX_DRIVES, key);
	d = &drives[*n];
	d->line = l->number;
	if ((d->path = resolve_path(l, l->words[0])) == NULL)
		return -1;
	(*n)++;
	for (i = 1; i < l->nwords; i++) {
		const char *w = l->words[i];

		int r;

		if (strncmp(w, "format=", 7) == 0 && w[7] != '\0')
			r = set_string(l, &d->format, w + 7);
		else if (strncmp(w, "if=", 3) == 0 && w[3] != '\0')
			r = set_string(l, &d->iface, w + 3);
		else
			r = line_error(l, "disk: unknown option '%s' "
			    "(format=F, if=I)", w);
		if (r == -1)
			return -1;
	}
	return 0;
}

static int
key_disk(struct line *l)
{
	return add_drive(l, "disk", l->prof->disks, &l->prof->ndisks, 1);
}

static int
key_cdrom(struct line *l)
{
	return add_drive(l, "cdrom", l->prof->cdroms, &l->prof->ncdroms, 0);
}

static int
pci_option(struct line *l, struct profile_pci *p, const char *w)
{
	const char	*v = strchr(w, '=');
	size_t		 klen = v != NULL ? (size_t)(v - w) : strlen(w);

	if (v == NULL || v[1] == '\0')
		return line_error(l, "pci: '%s' is not OPTION=VALUE", w);
	v++;
	if (klen == 7 && strncmp(w, "romfile", klen) == 0)
		return set_path(l, &p->romfile, v);
	if (klen == 19 && strncmp(w, "x-pci-sub-vendor-id", klen) == 0)
		return parse_number(l, "x-pci-sub-vendor-id", v, 0, 0xffff,
		    &p->sub_vendor);
	if (klen == 19 && strncmp(w, "x-pci-sub-device-id", klen) == 0)
		return parse_number(l, "x-pci-sub-device-id", v, 0, 0xffff,
		    &p->sub_device);
	if (klen == 5 && strncmp(w, "x-vga", klen) == 0)
		return parse_onoff(l, "x-vga", v, &p->x_vga);
	if (klen == 13 && strncmp(w, "multifunction", klen) == 0)
		return parse_onoff(l, "multifunction", v, &p->multifunction);
	return line_error(l, "pci: unknown option '%.*s' (romfile, "
	    "x-pci-sub-vendor-id, x-pci-sub-device-id, x-vga, multifunction)",
	    (int)klen, w);
}

static int
key_pci(struct line *l)
{
	struct profile_pci	*p;
	size_t			 i;
	int			 w;

	if (l->nwords < 1)
		return line_error(l, "pci = BB:DD.F [OPTION=VALUE ...]");
	if (l->prof->npci == PROFILE_MAX_PCI)
		return line_error(l, "more than %d pci entries",
		    PROFILE_MAX_PCI);
	p = &l->prof->pci[l->prof->npci];
	*p = (struct profile_pci){ .sub_vendor = -1, .sub_device = -1,
	    .x_vga = -1, .multifunction = -1, .line = l->number };
	if (pci_addr_parse(l->words[0], &p->addr) == -1)
		return line_error(l, "pci: bad address '%s' (BB:DD.F or "
		    "DDDD:BB:DD.F)", l->words[0]);
	for (i = 0; i < l->prof->npci; i++)
		if (pci_addr_cmp(&l->prof->pci[i].addr, &p->addr) == 0)
			return line_error(l, "pci: %s is passed already on "
			    "line %d", l->words[0], l->prof->pci[i].line);
	l->prof->npci++;
	for (w = 1; w < l->nwords; w++)
		if (pci_option(l, p, l->words[w]) == -1)
			return -1;
	return 0;
}

static int
key_network(struct line *l)
{
	const char	*w = l->nwords > 0 ? l->words[0] : "";

	if (strcmp(w, "vde") == 0 && l->nwords <= 2) {
		l->prof->net = PROFILE_NET_VDE;
		if (l->nwords == 2)
			return set_path(l, &l->prof->vde_sock, l->words[1]);
		return 0;
	}
	if (l->nwords != 1)
		return line_error(l, "network = vde [SWITCH-DIR] | user | "
		    "none");
	if (strcmp(w, "user") == 0)
		l->prof->net = PROFILE_NET_USER;
	else if (strcmp(w, "none") == 0)
		l->prof->net = PROFILE_NET_NONE;
	else
		return line_error(l, "network: expected vde, user or none, "
		    "not '%s'", w);
	return 0;
}

static int
key_mac(struct line *l)
{
	unsigned int	b[6];
	char		end;

	if (one_word(l, "mac") == -1)
		return -1;
	if (sscanf(l->words[0], "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1],
	    &b[2], &b[3], &b[4], &b[5], &end) != 6 ||
	    strlen(l->words[0]) != 17)
		return line_error(l, "mac: bad address '%s' "
		    "(52:54:00:12:34:56)", l->words[0]);
	return set_string(l, &l->prof->mac, l->words[0]);
}

static int
key_display(struct line *l)
{
	if (one_word(l, "display") == -1)
		return -1;
	if (strcmp(l->words[0], "spice") == 0)
		l->prof->display = PROFILE_DISPLAY_SPICE;
	else if (strcmp(l->words[0], "gtk") == 0)
		l->prof->display = PROFILE_DISPLAY_GTK;
	else if (strcmp(l->words[0], "none") == 0)
		l->prof->display = PROFILE_DISPLAY_NONE;
	else
		return line_error(l, "display: expected spice, gtk or none, "
		    "not '%s'", l->words[0]);
	return 0;
}

static int
key_spice_port(struct line *l)
{
	long	v;

	if (one_word(l, "spice-port") == -1 ||
	    parse_number(l, "spice-port", l->words[0], 1, 65535, &v) == -1)
		return -1;
	l->prof->spice_port = (int)v;
	return 0;
}

static int
key_extra(struct line *l)
{
	int	i;

	for (i = 0; i < l->nwords; i++) {
		if (l->prof->nextra == PROFILE_MAX_EXTRA)
			return line_error(l, "more than %d extra arguments",
			    PROFILE_MAX_EXTRA);
		if (set_string(l, &l->prof->extra[l->prof->nextra],
		    l->words[i]) == -1)
			return -1;
		l->prof->nextra++;
	}
	return 0;
}

static const struct key {
	const char	*name;
	int		(*fn)(struct line *);
	int		 repeats;	/* a list: may come many times */
} keys[] = {
	{ "name", key_name, 0 },
	{ "qemu", key_qemu, 0 },
	{ "memory", key_memory, 0 },
	{ "cpus", key_cpus, 0 },
	{ "machine", key_machine, 0 },
	{ "accel", key_accel, 0 },
	{ "cpu", key_cpu, 0 },
	{ "firmware", key_firmware, 0 },
	{ "ovmf-code", key_ovmf_code, 0 },
	{ "ovmf-vars", key_ovmf_vars, 0 },
	{ "disk", key_disk, 1 },
	{ "cdrom", key_cdrom, 1 },
	{ "pci", key_pci, 1 },
	{ "network", key_network, 0 },
	{ "mac", key_mac, 0 },
	{ "display", key_display, 0 },
	{ "spice-port", key_spice_port, 0 },
	{ "extra", key_extra, 1 },
};
#define NKEYS	(sizeof keys / sizeof keys[0])

/* Splits S in place into words; "double quotes" keep blanks. */
static int
split_words(struct line *l, char *s)
{
	char	*out;

	l->nwords = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			return 0;
		if (l->nwords == MAX_WORDS)
			return line_error(l, "more than %d words", MAX_WORDS);
		l->words[l->nwords++] = out = s;
		while (*s != '\0' && *s != ' ' && *s != '\t') {
			if (*s != '"') {
				*out++ = *s++;
				continue;
			}
			for (s++; *s != '"'; )
				if (*s == '\0')
					return line_error(l, "unclosed quote");
				else
					*out++ = *s++;
			s++;
		}
		if (*s != '\0')
			s++;
		*out = '\0';
	}
}

static int
parse_line(struct line *l, char *s, int seen[NKEYS])
{
	char	*eq, *key, *end;
	size_t	 i;

	s[strcspn(s, "\r\n")] = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0' || *s == '#')
		return 0;
	if ((eq = strchr(s, '=')) == NULL)
		return line_error(l, "expected 'key = value'");
	key = s;
	for (end = eq; end > key && (end[-1] == ' ' || end[-1] == '\t'); end--)
		;
	*end = '\0';
	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, key) == 0)
			break;
	if (i == NKEYS)
		return line_error(l, "unknown key '%s'", key);
	if (seen[i] != 0 && !keys[i].repeats)
		return line_error(l, "%s is set already on line %d", key,
		    seen[i]);
	seen[i] = l->number;
	if (split_words(l, eq + 1) == -1)
		return -1;
	if (l->nwords == 0)
		return line_error(l, "%s has no value", key);
	return keys[i].fn(l);
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
	p->spice_port = 5900;
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
read_lines(FILE *f, struct line *l)
{
	int	 seen[NKEYS] = { 0 };
	char	*buf = NULL;
	size_t	 cap = 0;
	int	 r = 0;

	while (r == 0 && getline(&buf, &cap, f) != -1) {
		l->number++;
		r = parse_line(l, buf, seen);
	}
	free(buf);
	return r;
}

struct profile *
profile_load_file(const char *path, char *err, size_t errlen)
{
	struct line	 l = { .err = err, .errlen = errlen };
	char		 name[PROFILE_NAME_MAX], dir[PATH_MAX];
	const char	*slash = strrchr(path, '/');
	FILE		*f;
	int		 r;

	if (name_of_file(path, name, sizeof name) == -1) {
		snprintf(err, errlen, "%s: a profile is named NAME.conf, NAME "
		    "of letters, digits, '-', '_' and '.'", path);
		return NULL;
	}
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1,
	    slash ? path : ".");
	if ((f = fopen(path, "re")) == NULL) {
		snprintf(err, errlen, "%s: %s%s", path, strerror(errno),
		    errno == ENOENT ? " (no such guest profile)" : "");
		return NULL;
	}
	if ((l.prof = profile_defaults(path, name)) == NULL) {
		fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	l.dir = dir;
	r = read_lines(f, &l);
	if (r == 0 && ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		r = -1;
	}
	fclose(f);
	if (r == -1) {
		profile_free(l.prof);
		return NULL;
	}
	return l.prof;
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
	char		**names = calloc(1, sizeof *names), name[PROFILE_NAME_MAX];
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
