/*
 * For the fuzz targets of what takes a path (profiles, net.conf, the
 * user config; the management socket): the input written to a file, or
 * a socket's place, in a temp directory of the process's own, removed
 * at exit.
 */
#ifndef VFIOTUI_FUZZFILE_H
#define VFIOTUI_FUZZFILE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Writes DATA to NAME in the directory, replacing what was there, and
 * returns its path (static, valid until the next call).  Aborts when it
 * cannot: a fuzz run that reads no input proves nothing.
 */
const char	*fuzzfile_write(const char *name, const uint8_t *data,
		    size_t len);
/* The path of NAME in the directory (static, as above). */
const char	*fuzzfile_path(const char *name);

#endif
