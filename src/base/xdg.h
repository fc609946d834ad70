/*
 * Where the XDG base directory spec puts a user's files: the one lookup
 * behind the profile dir, net.conf, the dashboard's config and guests'
 * state.  (The runtime dir, with its checks of whose it is, is rundir.h.)
 */
#ifndef VFIOTUI_XDG_H
#define VFIOTUI_XDG_H

#include <stddef.h>

enum xdg_base {
	XDG_CONFIG,	/* $XDG_CONFIG_HOME, else ~/.config */
	XDG_STATE,	/* $XDG_STATE_HOME, else ~/.local/state */
	XDG_DATA	/* $XDG_DATA_HOME, else ~/.local/share */
};

/*
 * Whether BASE's variable is set to an absolute path (the spec ignores
 * others).
 */
int	xdg_is_set(enum xdg_base base);

/*
 * BASE/vfiotui/SUB in BUF.  0, or -1 with why in ERR: neither the
 * variable nor HOME is set, or the path is too long.
 */
int	xdg_path(enum xdg_base base, const char *sub, char *buf, size_t len,
	    char *err, size_t errlen);

#endif
