/*
 * A guest's screen as a PNG, which QEMU writes itself (screendump,
 * QEMU 7.1 and later): the one way for guest screenshot and the Guests
 * pane's P.
 */
#ifndef VFIOTUI_SCREENSHOT_H
#define VFIOTUI_SCREENSHOT_H

#include <stddef.h>

struct json_object;

/*
 * FILE in BUF, made absolute against the current directory: QEMU writes
 * it from / where it daemonized.  0, or -1 when it is too long.
 */
int			 screenshot_path(const char *file, char *buf,
			    size_t len);
/* screendump's arguments for the absolute FILE, a PNG. */
struct json_object	*screenshot_args(const char *file);
/* Whether FILE is a PNG; its width and height then. */
int			 screenshot_png_size(const char *file, unsigned *w,
			    unsigned *h);

#endif
