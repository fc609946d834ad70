/*
 * libFuzzer target for vfiotui guest import (`make fuzz-import`): the
 * input is a libvirt domain's XML or a quickemu .conf, as the command
 * reads one.  Whatever an import writes must read back as a profile:
 * a key line it cannot put right, or a comment that a newline in the
 * input broke into a line of its own, aborts.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzfile.h"
#include "import.h"
#include "profile.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct import	 imp;
	struct profile	*p;
	const char	*in;
	char		*text, *out = NULL, err[1024];
	size_t		 outlen;
	int		 r;

	if ((text = malloc(len + 1)) == NULL)
		abort();
	memcpy(text, data, len);
	text[len] = '\0';
	in = fuzzfile_write("in.conf", data, len);
	memset(&imp, 0, sizeof imp);
	if ((imp.out = open_memstream(&out, &outlen)) == NULL)
		abort();
	if (import_is_xml(text))
		r = import_libvirt(in, text, len, &imp, err, sizeof err);
	else
		r = import_quickemu(in, text, &imp, err, sizeof err);
	fclose(imp.out);
	import_free(&imp);
	free(text);
	if (r == -1) {
		/* A refusal names the file. */
		if (strstr(err, in) == NULL)
			abort();
		free(out);
		return 0;
	}
	in = fuzzfile_write("fuzz.conf", (const uint8_t *)out, outlen);
	if ((p = profile_load_file(in, err, sizeof err)) == NULL) {
		fprintf(stderr, "%s\n--\n%s", err, out);
		abort();
	}
	profile_free(p);
	free(out);
	return 0;
}
