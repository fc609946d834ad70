/*
 * A cdrom made from a directory (drivers for the guest, as the reference
 * setup's gen-win-drivers-iso.sh did): the ISO is built with xorriso, or
 * genisoimage, and kept with a stamp of the tree it came from, so that it
 * is built again only when the tree changed.
 */
#ifndef VFIOTUI_ISOCACHE_H
#define VFIOTUI_ISOCACHE_H

#include <stddef.h>

/*
 * Makes ISO hold the tree under DIR.  Returns 1 when it was built, 0 when
 * the cached one is current, or -1 with why in ERR (naming DIR or the
 * tool that failed, with the tool's first line).
 */
int	isocache_update(const char *dir, const char *iso, char *err,
	    size_t errlen);

#endif
