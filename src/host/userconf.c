/*
 * Reads the dashboard's user config, lines as confline.h reads them.
 * Every bad line is an error that names the file and the line: a setting
 * silently ignored would leave the user wondering why a device still
 * shows.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confline.h"
#include "pci.h"
#include "userconf.h"
#include "safefile.h"
#include "xdg.h"

/* -1: nowhere to look, and the defaults stand. */
static int
default_file(char *buf, size_t len)
{
	char	why[PATH_MAX + 32];

	return xdg_path(XDG_CONFIG, "config", buf, len, why, sizeof why);
}

/* "0604" or "0x0604": a class and subclass; "03": a whole base class. */
static int
parse_class(const char *s, uint16_t *value, uint16_t *mask)
{
	char		*end;
	unsigned long	 v;
	size_t		 digits;

	if (strncmp(s, "0x", 2) == 0)
		s += 2;
	digits = strlen(s);
	if (digits != 2 && digits != 4)
		return -1;
	errno = 0;
	v = strtoul(s, &end, 16);
	if (errno != 0 || *end != '\0' || !isxdigit((unsigned char)*s))
		return -1;
	*value = (uint16_t)(digits == 2 ? v << 8 : v);
	*mask = digits == 2 ? 0xff00 : 0xffff;
	return 0;
}

/* One entry of a hide list: an address or a class. */
static int
add_hidden(struct userconf *conf, struct confline *l, const char *item)
{
	struct pci_addr	addr;
	uint16_t	cls, mask;

	if (conf->nhide_addrs == USERCONF_MAX_HIDE ||
	    conf->nhide_classes == USERCONF_MAX_HIDE)
		return confline_error(l, "hide: more than %d entries",
		    USERCONF_MAX_HIDE);
	if (strchr(item, ':') != NULL && pci_addr_parse(item, &addr) == 0)
		conf->hide_addrs[conf->nhide_addrs++] = addr;
	else if (parse_class(item, &cls, &mask) == 0) {
		conf->hide_classes[conf->nhide_classes].value = cls;
		conf->hide_classes[conf->nhide_classes++].mask = mask;
	} else
		return confline_error(l, "hide: '%s' is neither an address "
		    "(BB:DD.F) nor a class (0604, or 03 for a whole base "
		    "class)", item);
	return 0;
}

/* Each word may hold several items, apart by commas. */
static int
set_hide(struct userconf *conf, struct confline *l)
{
	char	*item, *save = NULL;
	int	 i;

	for (i = 0; i < l->nwords; i++)
		for (item = strtok_r(l->words[i], ",", &save); item != NULL;
		    item = strtok_r(NULL, ",", &save))
			if (add_hidden(conf, l, item) == -1)
				return -1;
	return 0;
}

static int
set_refresh(struct userconf *conf, struct confline *l, const char *value)
{
	char	*end;
	double	 s;

	errno = 0;
	s = strtod(value, &end);
	/* Written so that "nan", which no comparison holds, fails it. */
	if (errno != 0 || end == value || *end != '\0' ||
	    !(s >= 0.1 && s <= 3600))
		return confline_error(l, "refresh: '%s' is not a number of "
		    "seconds from 0.1 to 3600", value);
	conf->refresh_ms = (int)(s * 1000 + 0.5);
	return 0;
}

/* One "key = value" line (ARG is the struct userconf); 0, or -1. */
static int
set_key(struct confline *l, void *arg)
{
	struct userconf	*conf = arg;
	const char	*key = l->key, *value = l->words[0];

	if (strcmp(key, "hide") == 0)
		return set_hide(conf, l);
	if (confline_single(l) == -1)
		return -1;
	if (strcmp(key, "refresh") == 0)
		return set_refresh(conf, l, value);
	if (strcmp(key, "colors") == 0 || strcmp(key, "colours") == 0) {
		if (strcmp(value, "on") == 0 || strcmp(value, "off") == 0) {
			conf->colors = strcmp(value, "on") == 0;
			return 0;
		}
		return confline_error(l, "%s: '%s' is not on or off", key,
		    value);
	}
	if (strcmp(key, "net-config") == 0) {
		if (value[0] == '/' &&
		    strlen(value) < sizeof conf->net_config) {
			snprintf(conf->net_config, sizeof conf->net_config,
			    "%s", value);
			return 0;
		}
		return confline_error(l, "net-config: '%s' is not an absolute "
		    "path", value);
	}
	if (strcmp(key, "viewer") == 0) {
		if (strlen(value) < sizeof conf->viewer) {
			snprintf(conf->viewer, sizeof conf->viewer, "%s",
			    value);
			return 0;
		}
		return confline_error(l, "viewer: too long");
	}
	return confline_error(l, "unknown key '%s' (keys: refresh, hide, "
	    "colors, net-config, viewer)", key);
}

int
userconf_load(struct userconf *conf, const char *file, char *err,
    size_t errlen)
{
	FILE	*f;
	int	 r;

	memset(conf, 0, sizeof *conf);
	conf->colors = 1;
	if (file != NULL)
		snprintf(conf->file, sizeof conf->file, "%s", file);
	else if (default_file(conf->file, sizeof conf->file) == -1)
		return 0;
	if ((f = safefile_fopen(conf->file, 0, CONFLINE_FILE_MAX, err,
	    errlen)) == NULL) {
		if (errno == ENOENT && file == NULL)
			return 0;
		return -1;
	}
	r = confline_read(f, conf->file, set_key, conf, err, errlen);
	fclose(f);
	return r;
}

int
userconf_hides(const struct userconf *conf, const struct pci_dev_info *d)
{
	uint16_t	cls = (uint16_t)(d->class >> 8);
	size_t		i;

	for (i = 0; i < conf->nhide_addrs; i++)
		if (pci_addr_cmp(&conf->hide_addrs[i], &d->addr) == 0)
			return 1;
	for (i = 0; i < conf->nhide_classes; i++)
		if ((cls & conf->hide_classes[i].mask) ==
		    conf->hide_classes[i].value)
			return 1;
	return 0;
}
