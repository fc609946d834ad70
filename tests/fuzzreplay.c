/*
 * A fuzz target without libFuzzer: runs its LLVMFuzzerTestOneInput once
 * over each file named, as libFuzzer runs a corpus.  Linked with each
 * target as tests/replay_NAME, built by this build's compiler with its
 * sanitizers, so that make check (tests/fuzz-replay.sh) runs the seeds
 * and every input that once found a bug in every build, not only in
 * clang's.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * The whole of PATH in a buffer of exactly its size, as libFuzzer gives
 * it, so that ASan sees a read past the end.
 */
static uint8_t *
slurp(const char *path, size_t *len)
{
	uint8_t	*buf = NULL, *grown;
	size_t	 cap = 0, n;
	FILE	*f;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	*len = 0;
	do {
		if (*len == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((grown = realloc(buf, cap)) == NULL)
				goto fail;
			buf = grown;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n > 0);
	if (ferror(f))
		goto fail;
	fclose(f);
	/* realloc(buf, 0) may free it: keep a byte for an empty file. */
	if ((grown = realloc(buf, *len ? *len : 1)) != NULL)
		buf = grown;
	return buf;
fail:
	free(buf);
	fclose(f);
	return NULL;
}

int
main(int argc, char **argv)
{
	uint8_t	*buf;
	size_t	 len;
	int	 i;

	for (i = 1; i < argc; i++) {
		/* As libFuzzer says it, so that a sanitizer's report has it. */
		fprintf(stderr, "Running: %s\n", argv[i]);
		if ((buf = slurp(argv[i], &len)) == NULL) {
			fprintf(stderr, "%s: %s: %s\n", argv[0], argv[i],
			    strerror(errno));
			return 1;
		}
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
	}
	return 0;
}
