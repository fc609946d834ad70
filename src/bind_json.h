/*
 * bind, unbind and restore --json: a struct bind_result as one JSON
 * object, for scripts and for the dashboard, which asks root's vfiotui
 * through pkexec.
 */
#ifndef VFIOTUI_BIND_JSON_H
#define VFIOTUI_BIND_JSON_H

#include <stdio.h>

struct bind_result;

/* Prints RES as JSON on OUT.  Returns 0, or -1 (out of memory, EOF). */
int	bind_json_print(FILE *out, const struct bind_result *);

#endif
