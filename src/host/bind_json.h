/*
 * bind, unbind and restore --json: a struct bind_result as one JSON
 * object, for scripts, and back, for the dashboard, which asks root's
 * vfiotui through pkexec.
 */
#ifndef VFIOTUI_BIND_JSON_H
#define VFIOTUI_BIND_JSON_H

#include <stddef.h>
#include <stdio.h>

struct bind_result;

/* Prints RES as JSON on OUT.  Returns 0, or -1 (out of memory, EOF). */
int	bind_json_print(FILE *out, const struct bind_result *);

/*
 * The result that bind_json_print printed, back from TEXT: the object on
 * its first line that opens one (what comes before is not JSON: a
 * library's complaint on stderr, which pkexec's pipe carries too).
 * Returns 0 with RES filled (bind_result_clear empties it), or -1 with
 * RES empty and why in ERR: no JSON there (its first line is quoted),
 * JSON that does not parse, or not a bind result.
 */
int	bind_json_parse(const char *text, struct bind_result *res, char *err,
	    size_t errlen);

#endif
