/*
 * The command line's words for what bind, unbind and restore did.
 */
#ifndef VFIOTUI_BIND_TEXT_H
#define VFIOTUI_BIND_TEXT_H

#include <stdio.h>

struct bind_result;

/*
 * Prints RES as the commands always have: what was done, or would be, on
 * OUT; why not, and what state it left, on ERR, one line each naming the
 * device, every line of ERR after "vfiotui: ".
 */
void	bind_text_print(const struct bind_result *, FILE *out, FILE *err);

#endif
