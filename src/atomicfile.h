/*
 * Small state files (the binding journal, pid files) written so that a
 * reader, or vfiotui after a crash, never sees half of one.
 */
#ifndef VFIOTUI_ATOMICFILE_H
#define VFIOTUI_ATOMICFILE_H

#include <sys/types.h>

/*
 * Writes TEXT to PATH.tmp (mode MODE), syncs it, and renames it over
 * PATH.  0 or -errno; the temp file is removed on failure.
 */
int	atomicfile_write(const char *path, const char *text, mode_t mode);

#endif
