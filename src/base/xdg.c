/*
 * The XDG base directories, as the spec says: a variable that is not an
 * absolute path is ignored, and HOME's default takes its place.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "xdg.h"

static const struct {
	const char	*var;
	const char	*under_home;
} bases[] = {
	[XDG_CONFIG] = { "XDG_CONFIG_HOME", ".config" },
	[XDG_STATE] = { "XDG_STATE_HOME", ".local/state" },
	[XDG_DATA] = { "XDG_DATA_HOME", ".local/share" },
};

int
xdg_is_set(enum xdg_base base)
{
	const char	*v = getenv(bases[base].var);

	return v != NULL && v[0] == '/';
}

int
xdg_path(enum xdg_base base, const char *sub, char *buf, size_t len,
    char *err, size_t errlen)
{
	const char	*home = getenv("HOME");
	int		 n;

	if (xdg_is_set(base))
		n = snprintf(buf, len, "%s/vfiotui/%s", getenv(bases[base].var),
		    sub);
	else if (home != NULL && home[0] == '/')
		n = snprintf(buf, len, "%s/%s/vfiotui/%s", home,
		    bases[base].under_home, sub);
	else {
		snprintf(err, errlen, "neither %s nor HOME is set",
		    bases[base].var);
		return -1;
	}
	if (n < 0 || (size_t)n >= len) {
		snprintf(err, errlen, "path too long");
		return -1;
	}
	return 0;
}
