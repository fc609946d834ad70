/*
 * The user's dashboard settings: $XDG_CONFIG_HOME/vfiotui/config (else
 * ~/.config/vfiotui/config), "key = value" lines.  Named userconf, not
 * config, since config.h is autoconf's.
 */
#ifndef VFIOTUI_USERCONF_H
#define VFIOTUI_USERCONF_H

#include <stddef.h>
#include <stdint.h>

#include "pci.h"

#define USERCONF_MAX_HIDE	64

struct pci_dev_info;

struct userconf {
	char		file[4096];	/* the file read, or would have been */
	/* power and re-read timers; 0: theirs */
	int		refresh_ms;
	int		colors;		/* 0: monochrome even on a colour tty */
	char		net_config[4096];	/* net.conf; "": its default */
	char		viewer[256];	/* guest view's program; "": found */
	struct pci_addr	hide_addrs[USERCONF_MAX_HIDE];
	size_t		nhide_addrs;
	struct {
		uint16_t	value, mask;	/* class << 8 | subclass */
	}		hide_classes[USERCONF_MAX_HIDE];
	size_t		nhide_classes;
};

/*
 * Fills CONF with the defaults, then reads FILE (NULL: the default path)
 * over them.  A missing default file is no error.  Returns 0, or -1 with
 * "FILE:LINE: what is wrong" in ERR.
 */
int	userconf_load(struct userconf *conf, const char *file, char *err,
	    size_t errlen);

/* Whether the config hides D from the dashboard (by address or class). */
int	userconf_hides(const struct userconf *, const struct pci_dev_info *d);

#endif
