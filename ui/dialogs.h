/*
 * What a pane asks of the frame (dialogs.c, ui.c): a question, a line
 * read, a text over the pane, a message, a redraw.
 */
#ifndef VFIOTUI_DIALOGS_H
#define VFIOTUI_DIALOGS_H

#include "keys.h"

struct pane;
struct ui;

/* Asks "TEXT (y/n)" in a dialog; calls FN(ARG) on y, nothing otherwise. */
void	ui_confirm(struct ui *, const char *text, void (*fn)(void *),
	    void *arg);
/*
 * Asks QUESTION and reads a line in a dialog: FN(TEXT, ARG) on Enter,
 * nothing on Escape.
 */
void	ui_prompt(struct ui *, const char *question,
	    void (*fn)(const char *, void *), void *arg);
/* Draws the screen again: the model changed outside a key or a uevent. */
void	ui_redraw(struct ui *);
/*
 * What PANE shows changed outside a key or a uevent: the screen is drawn
 * again while PANE is on it, else only for a message said since the
 * last frame, which the status bar shows whatever the pane.
 */
void	ui_pane_changed(struct ui *, const struct pane *);
/*
 * Shows TEXT ('\n' between lines) over the pane until a key, under TITLE;
 * TEXT NULL shows the log of messages.
 */
void	ui_overlay(struct ui *, const char *title, const char *text);
/*
 * Says in the log line that ACTION means nothing in pane TITLE, so that no
 * key does nothing silently; the movement keys are left quiet.
 */
void	ui_unsupported(struct ui *, const char *title, enum ui_action);
/*
 * A result or an error: logs it whole and shows it in the status bar
 * until the next key or the next action begun.
 */
void	ui_message(struct ui *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * A step of an action that holds the loop (a bind's sysfs writes): on
 * the status bar like ui_message, and in the log until the next message,
 * which takes its place; the caller draws the screen (ui_redraw).
 */
void	ui_step(struct ui *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * TEXT, if it is the message on the status bar, is no longer true: the
 * bar goes back to the pane's status (the log keeps it).
 */
void	ui_message_expire(struct ui *, const char *text);
/*
 * An action in progress: logs it, and leaves the status bar to the
 * pane's status, which says what is in progress now (and to the
 * ui_message of its result).
 */
void	ui_progress(struct ui *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
