/*
 * The CLI's wording of a list of checks, which vfiotui check and guest
 * new print: one line a check, what to do under it, and the counts.
 */
#include "config.h"

#include <stdio.h>

#include "check.h"
#include "cmd.h"

void
check_print_text(FILE *out, const struct check_list *list)
{
	const struct check	*c;
	size_t			 i, count[CHECK_LEVELS] = { 0 };

	for (i = 0; i < list->n; i++) {
		c = &list->v[i];
		count[c->level]++;
		fprintf(out, "%-4s  %s: %s\n", check_level_word(c->level),
		    c->name, c->why);
		if (c->fix[0] != '\0')
			fprintf(out, "      fix: %s\n", c->fix);
	}
	fprintf(out, "%zu ok, %zu warn, %zu fail", count[CHECK_OK],
	    count[CHECK_WARN], count[CHECK_FAIL]);
	if (count[CHECK_SKIP] > 0)
		fprintf(out, ", %zu skipped (this machine's, not the tree's)",
		    count[CHECK_SKIP]);
	fputc('\n', out);
}
