/*
 * The frame's state, shared by the file that runs it (ui.c) and the one
 * that draws its dialogs and overlays (dialogs.c).  Panes never see it.
 */
#ifndef VFIOTUI_UI_PRIV_H
#define VFIOTUI_UI_PRIV_H

#include <curses.h>
#include <time.h>

#include "form.h"
#include "hostfacts.h"

#define UI_LOG_MAX	64
/* A message is kept whole: the longest the model words is under this. */
#define UI_LOG_TEXT	2048

struct confirm {
	char	  text[256];
	void	(*fn)(void *);
	void	 *arg;
};

struct prompt {
	char	  question[128];
	char	  text[256];
	size_t	  len;
	void	(*fn)(const char *, void *);
	void	 *arg;
};

/* A list to read before a key: listask.c's. */
struct listask {
	char	  title[160];
	char	  text[4096];	/* lines separated by '\n' */
	char	  keys[160];	/* what each key does */
	void	(*fn)(int, void *);
	void	 *arg;
};

/* A form being filled in: form.c's. */
struct form {
	char			  title[160];
	struct form_field	  fields[FORM_FIELDS_MAX];
	int			  n, cur;
	int			  edited;	/* the current field, since the
						 * cursor came to it */
	char			  error[512];	/* DONE's, shown in the form */
	void			(*left)(struct form_field *, int, void *);
	int			(*done)(struct form_field *, int, char *,
				    size_t, void *);
	void			 *arg;
};

/* The last results and errors, oldest first from FIRST, in a ring. */
struct ui_log {
	struct {
		time_t	when;
		char	text[UI_LOG_TEXT];
	}	lines[UI_LOG_MAX];
	size_t	first, count;
	int	fresh;		/* the newest is on the status bar */
	int	step;		/* the newest is a ui_step, which the next
				   replaces */
	int	unseen;		/* changed since the last frame */
};

/* A read-only text over the pane: the log, or a row's detail. */
struct overlay {
	char	title[128];
	char	text[16384];	/* lines separated by '\n' */
	int	log;		/* shows the log instead of TEXT */
	int	top;		/* first line shown; -1: the end */
	int	rows;		/* shown at once, as last drawn */
	int	shown;
};

struct ui {
	struct loop		*loop;
	struct host		*host;
	struct monitor		*monitor;
	const struct userconf	*conf;
	const char		*proc_root;
	struct hostfacts	 facts;
	struct pane		**panes;	/* pane_table's, in its order */
	int			 npanes;
	int			*tab_x;		/* npanes + 1, for clicks */
	int			 current;
	int			 help_shown;
	struct confirm		 confirm;	/* shown while fn is set */
	struct prompt		 prompt;	/* shown while fn is set */
	struct listask		 listask;	/* shown while fn is set */
	struct form		 form;		/* shown while done is set */
	struct ui_log		 log;
	struct overlay		 overlay;
	struct loop_timer	*flash_timer;	/* redraws when marks expire */
	long long		 last_change_ms;
	SCREEN			*screen;
};

/* A framed, blanked box of H rows and W columns at (y, x). */
void	ui_draw_box(int y, int x, int h, int w);
void	ui_draw_confirm(struct ui *);
void	ui_draw_prompt(struct ui *);
void	ui_draw_help(struct ui *);
void	ui_draw_overlay(struct ui *);
void	ui_draw_listask(struct ui *);
void	ui_draw_form(struct ui *);
/* A key while the prompt or the overlay is up. */
void	ui_prompt_key(struct ui *, int ch);
void	ui_overlay_key(struct ui *, int ch);
void	ui_form_key(struct ui *, int ch);
/* The newest log line, or NULL when none is fresh. */
const char	*ui_log_newest(const struct ui *);

#endif
