#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "screenshot.h"

int
screenshot_path(const char *file, char *buf, size_t len)
{
	char	cwd[PATH_MAX];
	int	r;

	if (file[0] != '/' && getcwd(cwd, sizeof cwd) != NULL)
		r = snprintf(buf, len, "%s/%s", cwd, file);
	else
		r = snprintf(buf, len, "%s", file);
	return r < 0 || (size_t)r >= len ? -1 : 0;
}

struct json_object *
screenshot_args(const char *file)
{
	struct json_object	*args = json_object_new_object();

	json_object_object_add(args, "filename", json_object_new_string(file));
	json_object_object_add(args, "format", json_object_new_string("png"));
	return args;
}

/* The signature, then IHDR first, whose width and height are big-endian. */
int
screenshot_png_size(const char *file, unsigned *w, unsigned *h)
{
	unsigned char	b[24];
	FILE		*f;
	size_t		 n;

	if ((f = fopen(file, "rb")) == NULL)
		return 0;
	n = fread(b, 1, sizeof b, f);
	fclose(f);
	if (n < sizeof b || memcmp(b, "\x89PNG\r\n\x1a\n", 8) != 0 ||
	    memcmp(b + 12, "IHDR", 4) != 0)
		return 0;
	*w = (unsigned)b[16] << 24 | b[17] << 16 | b[18] << 8 | b[19];
	*h = (unsigned)b[20] << 24 | b[21] << 16 | b[22] << 8 | b[23];
	return 1;
}
