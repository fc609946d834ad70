/*
 * Key bindings, in one table so that the help overlay can never disagree
 * with what the keys do.
 */
#include "config.h"

#include <curses.h>

#include "keys.h"

#define CTRL_KEY(c)	((c) & 0x1f)

static const struct key_binding {
	int		key;
	enum ui_action	action;
} bindings[] = {
	{ KEY_UP, ACT_UP },		{ 'k', ACT_UP },
	{ KEY_DOWN, ACT_DOWN },		{ 'j', ACT_DOWN },
	{ KEY_PPAGE, ACT_PAGE_UP },	{ CTRL_KEY('b'), ACT_PAGE_UP },
	{ KEY_NPAGE, ACT_PAGE_DOWN },	{ CTRL_KEY('f'), ACT_PAGE_DOWN },
	{ KEY_HOME, ACT_HOME },		{ 'g', ACT_HOME },
	{ KEY_END, ACT_END },		{ 'G', ACT_END },
	{ '\t', ACT_NEXT_PANE },	{ KEY_BTAB, ACT_PREV_PANE },
	{ '1', ACT_PANE },		{ '2', ACT_PANE },
	{ '3', ACT_PANE },		{ '4', ACT_PANE },
	{ '5', ACT_PANE },		{ '6', ACT_PANE },
	{ '7', ACT_PANE },		{ '8', ACT_PANE },
	{ '9', ACT_PANE },
	{ '?', ACT_HELP },		{ KEY_F(1), ACT_HELP },
	{ CTRL_KEY('l'), ACT_REDRAW },
	{ 'p', ACT_POWER_CONTROL },
	{ 'b', ACT_BIND },		{ 'u', ACT_UNBIND },
	{ 's', ACT_START },		{ 'x', ACT_STOP },
	{ 'R', ACT_RESET },		{ 'K', ACT_KILL },
	{ 'l', ACT_LOG },		{ 'a', ACT_ATTACH },
	{ 'c', ACT_CHECKLIST },
	{ 'r', ACT_RERUN },
	{ '\r', ACT_DETAIL },		{ KEY_ENTER, ACT_DETAIL },
	{ ' ', ACT_SELECT },
	{ '/', ACT_FILTER },		{ 27, ACT_CLEAR_FILTER },
	{ 'L', ACT_SHOW_LOG },
	{ 'n', ACT_NEXT_MATCH },	{ 'N', ACT_PREV_MATCH },
	{ 'o', ACT_SORT },
	{ 'v', ACT_VIEW },		{ '+', ACT_NEW },
	{ 'U', ACT_USB },
	{ 'S', ACT_SNAPSHOT },		{ 'P', ACT_SCREENSHOT },
	{ 'q', ACT_QUIT },		{ KEY_F(10), ACT_QUIT },
};

/* One line each, at most 76 columns: the help fits 80x24. */
static const struct key_help help[] = {
	{ "Up k / Down j", "previous / next row" },
	{ "PgUp ^B / PgDn ^F", "previous / next page" },
	{ "Home g / End G", "first / last row" },
	{ "Tab / Shift-Tab", "next / previous pane" },
	{ "1 2 3 4 / click", "that pane / a click selects a tab or a row" },
	{ "Enter / Space", "the row's detail / mark it (where it means it)" },
	{ "/ Esc", "filter the list (IOMMU, Guests, Checks) / clear" },
	{ "n / N", "the next / previous row the filter matches" },
	{ "o", "the order of the list (Guests, Checks)" },
	{ "b / u", "the group to vfio-pci / back (u: a guest's too)" },
	{ "s / x", "start / stop: the switch, or a guest" },
	{ "p", "runtime PM of a device; pause / resume a guest" },
	{ "R / K", "guest: reset / force QEMU to quit" },
	{ "l / c / a", "guest: log / Code 43 checklist / attach" },
	{ "v / +", "guest: its screen (viewer) / a new one from this machine" },
	{ "U", "guest: the host's USB devices, to attach or detach" },
	{ "S / P", "guest: its snapshots / its screen as a PNG file" },
	{ "r", "run the checks again (Checks pane)" },
	{ "L", "the log of messages" },
	{ "? F1 / ^L", "this help / redraw the screen" },
	{ "q F10", "quit" },
	{ NULL, NULL }
};

enum ui_action
keys_action(int key)
{
	size_t	i;

	for (i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
		if (bindings[i].key == key)
			return bindings[i].action;
	return ACT_NONE;
}

const char *
keys_action_name(enum ui_action action)
{
	switch (action) {
	case ACT_DETAIL:	return "Enter (detail)";
	case ACT_SELECT:	return "Space (mark)";
	case ACT_FILTER:	return "/ (filter)";
	case ACT_CLEAR_FILTER:	return "Esc (clear the filter)";
	case ACT_BIND:		return "b (bind)";
	case ACT_UNBIND:	return "u (give back)";
	case ACT_START:		return "s (start)";
	case ACT_STOP:		return "x (stop)";
	case ACT_POWER_CONTROL:	return "p";
	case ACT_RESET:		return "R (reset)";
	case ACT_KILL:		return "K (force quit)";
	case ACT_LOG:		return "l (guest log)";
	case ACT_CHECKLIST:	return "c (Code 43 checklist)";
	case ACT_ATTACH:	return "a (attach)";
	case ACT_RERUN:		return "r (run the checks)";
	case ACT_NEXT_MATCH:	return "n (next match)";
	case ACT_PREV_MATCH:	return "N (previous match)";
	case ACT_SORT:		return "o (order)";
	case ACT_VIEW:		return "v (the guest's screen)";
	case ACT_NEW:		return "+ (a new guest)";
	case ACT_USB:		return "U (USB devices)";
	case ACT_SNAPSHOT:	return "S (snapshots)";
	case ACT_SCREENSHOT:	return "P (screenshot)";
	default:		return NULL;
	}
}

const struct key_help *
keys_help(void)
{
	return help;
}
