/*
 * bindjson: the dashboard's reading of root's `vfiotui bind --json`
 * (bind_json_parse), for tests/bind-json.sh.  Reads the answer on stdin
 * and prints the result it makes of it again: as JSON, which must be the
 * answer itself, or with --text as the command line words it, which must
 * be what vfiotui prints without --json.  An answer it cannot read: why
 * on stderr, exit status 3.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "bind_json.h"
#include "bind_text.h"

int
main(int argc, char **argv)
{
	struct bind_result	 res;
	char			*text = NULL, err[512];
	size_t			 len = 0;
	FILE			*in;
	int			 c, r;

	if ((in = open_memstream(&text, &len)) == NULL)
		return 1;
	while ((c = getchar()) != EOF)
		fputc(c, in);
	fclose(in);
	if (bind_json_parse(text, &res, err, sizeof err) == -1) {
		fprintf(stderr, "bindjson: %s\n", err);
		free(text);
		return 3;
	}
	r = 0;
	if (argc > 1 && strcmp(argv[1], "--text") == 0)
		bind_text_print(&res, stdout, stderr);
	else
		r = bind_json_print(stdout, &res) == -1;
	bind_result_clear(&res);
	free(text);
	return r;
}
