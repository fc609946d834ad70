/*
 * Width-aware text output: device names come from pci.ids and may hold
 * UTF-8; columns must be cut by display width, never mid-character.
 */
#ifndef VFIOTUI_TEXT_H
#define VFIOTUI_TEXT_H

/*
 * Writes S at (y, x) of stdscr in at most WIDTH columns with the current
 * attributes, padding with spaces to WIDTH.  A character the locale cannot
 * decode is shown as '?'.
 */
void	text_put(int y, int x, int width, const char *s);

/* Whether NEEDLE is in HAY, ignoring ASCII case: the lists' / filter. */
int	text_contains(const char *hay, const char *needle);

#endif
