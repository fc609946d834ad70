/*
 * What xorriso and genisoimage say while they build an ISO: how far they
 * are, from their progress lines ("xorriso : UPDATE :  45.12% done",
 * genisoimage's " 45.12% done, estimate finish ..."), and the line that
 * says why a build failed.  Pure text, for the builder's pipe.
 */
#ifndef VFIOTUI_ISOTOOL_H
#define VFIOTUI_ISOTOOL_H

#include <stddef.h>

/* LINE's percentage (0 to 100, cut to a whole one), or -1 for no such. */
int	isotool_percent(const char *line);

/*
 * Of SAID (the lines the tool wrote that were not progress), the one
 * that says why it failed: its FAILURE or SORRY line (xorriso), else the
 * last that is not blank, in BUF of LEN bytes; "" when there is none.
 */
void	isotool_why(const char *said, char *buf, size_t len);

#endif
