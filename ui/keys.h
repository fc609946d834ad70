/*
 * The one key table: every key the TUI understands, the action it maps
 * to, and the words the help overlay shows for it.
 */
#ifndef VFIOTUI_KEYS_H
#define VFIOTUI_KEYS_H

enum ui_action {
	ACT_NONE,
	ACT_UP,
	ACT_DOWN,
	ACT_PAGE_UP,
	ACT_PAGE_DOWN,
	ACT_HOME,
	ACT_END,
	ACT_NEXT_PANE,
	ACT_PREV_PANE,
	ACT_PANE,		/* a digit: the pane of that tab, if any */
	ACT_HELP,
	ACT_REDRAW,
	ACT_POWER_CONTROL,
	ACT_BIND,
	ACT_UNBIND,
	ACT_START,
	ACT_STOP,
	ACT_RESET,
	ACT_KILL,
	ACT_LOG,
	ACT_CHECKLIST,
	ACT_ATTACH,
	ACT_RERUN,
	ACT_DETAIL,
	ACT_SELECT,
	ACT_FILTER,
	ACT_CLEAR_FILTER,
	ACT_SHOW_LOG,
	ACT_NEXT_MATCH,
	ACT_PREV_MATCH,
	ACT_SORT,
	ACT_VIEW,
	ACT_NEW,
	ACT_USB,
	ACT_SNAPSHOT,
	ACT_SCREENSHOT,
	ACT_QUIT,
};

struct key_help {
	const char	*keys;		/* "Up k" */
	const char	*what;		/* "previous device" */
};

enum ui_action		 keys_action(int key);
/* The key and a word for ACTION, for "this pane has no ..." messages. */
const char		*keys_action_name(enum ui_action);
/* The help lines, NULL-terminated. */
const struct key_help	*keys_help(void);

#endif
