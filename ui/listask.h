/*
 * A question that needs a list read first (listask.c): what an action
 * will change and what it will not, then a key.
 */
#ifndef VFIOTUI_LISTASK_H
#define VFIOTUI_LISTASK_H

struct ui;

/*
 * Shows TITLE, TEXT ('\n' between lines, each wrapped to the box) and
 * KEYS, the line that says what each key does, in a box over the pane;
 * the next key, whichever it is, goes to FN(KEY, ARG).
 */
void	ui_ask_list(struct ui *, const char *title, const char *text,
	    const char *keys, void (*fn)(int, void *), void *arg);

#endif
