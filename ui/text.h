/*
 * Width-aware text output: device names come from pci.ids and may hold
 * UTF-8; columns must be cut by display width, never mid-character.
 */
#ifndef VFIOTUI_TEXT_H
#define VFIOTUI_TEXT_H

#include <stddef.h>

/*
 * Writes S at (y, x) of stdscr in at most WIDTH columns with the current
 * attributes, padding with spaces to WIDTH.  A character the locale cannot
 * decode is shown as '?'.
 */
void	text_put(int y, int x, int width, const char *s);

/* A table's column: S in WIDTH cells and the gap after it; the next x. */
int	text_column(int y, int x, int width, const char *s);

/*
 * Cuts the first line of *P that fits WIDTH bytes (at a space when there
 * is one, at a '\n' always) into LINE, and moves *P past it: how a long
 * message is shown whole.
 */
void	text_wrap(const char **p, int width, char *line, size_t len);

/* Whether NEEDLE is in HAY, ignoring ASCII case: the lists' / filter. */
int	text_contains(const char *hay, const char *needle);

#endif
