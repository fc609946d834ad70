/*
 * A short form in a dialog (form.c): a few fields, each a line to edit
 * with a line under it that says what its value means, filled in before
 * one key acts on them all.
 */
#ifndef VFIOTUI_FORM_H
#define VFIOTUI_FORM_H

#include <stddef.h>

#define FORM_FIELDS_MAX	8
#define FORM_VALUE_MAX	256

struct ui;

struct form_field {
	char	label[24];
	char	value[FORM_VALUE_MAX];
	char	initial[FORM_VALUE_MAX];	/* as the form opened */
	char	why[512];			/* the line under it */
};

/* Whether the user changed F's value from the one it opened with. */
int	form_field_changed(const struct form_field *f);

/*
 * Shows TITLE and the N FIELDS (their values and whys; each initial is
 * set from its value) in a dialog over the pane, the cursor on the
 * first.  Tab or Down goes to the next field, Shift-Tab or Up to the one
 * before; a key typed edits the field (Backspace, ^U: clear it).
 * LEFT(FIELDS, N, ARG) sets the whys: as the form opens, and on leaving
 * a field that changed.  Enter on the last field, or ^X on any, calls
 * DONE(FIELDS, N, ERR, ERRLEN, ARG): 0 closes the form, -1 keeps it open
 * with ERR shown in it.  Esc closes it and calls nothing.
 */
void	ui_form(struct ui *, const char *title, const struct form_field *fields,
	    int n, void (*left)(struct form_field *, int, void *),
	    int (*done)(struct form_field *, int, char *, size_t, void *),
	    void *arg);

#endif
