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
	{ ' ', ACT_PAGE_DOWN },
	{ KEY_HOME, ACT_HOME },		{ 'g', ACT_HOME },
	{ KEY_END, ACT_END },		{ 'G', ACT_END },
	{ '\t', ACT_NEXT_PANE },	{ KEY_BTAB, ACT_PREV_PANE },
	{ '1', ACT_PANE_1 },		{ '2', ACT_PANE_2 },
	{ '3', ACT_PANE_3 },		{ '4', ACT_PANE_4 },
	{ '?', ACT_HELP },		{ KEY_F(1), ACT_HELP },
	{ CTRL_KEY('l'), ACT_REDRAW },
	{ 'p', ACT_POWER_CONTROL },
	{ 'b', ACT_BIND },		{ 'u', ACT_UNBIND },
	{ 's', ACT_START },		{ 'x', ACT_STOP },
	{ 'R', ACT_RESET },		{ 'K', ACT_KILL },
	{ 'l', ACT_LOG },		{ 'a', ACT_ATTACH },
	{ 'c', ACT_CHECKLIST },
	{ 'r', ACT_RERUN },
	{ 'q', ACT_QUIT },		{ KEY_F(10), ACT_QUIT },
};

static const struct key_help help[] = {
	{ "Up k / Down j", "previous / next device" },
	{ "PgUp ^B / PgDn ^F Space", "previous / next page" },
	{ "Home g / End G", "first / last device" },
	{ "Tab / Shift-Tab", "next / previous pane" },
	{ "1 2 3 4", "IOMMU, Network, Guests, Checks pane" },
	{ "b / u", "give the device's group to vfio-pci / back" },
	{ "p", "runtime PM of the device: auto <-> on" },
	{ "s / x", "start / stop (Network pane)" },
	{ "s / x", "guest: start / stop (power-down)" },
	{ "p", "guest: pause / resume" },
	{ "R / K", "guest: reset / force quit" },
	{ "l / c / a", "guest: log / Code 43 checklist / attach" },
	{ "u", "guest: its devices back to the host" },
	{ "r", "run the checks again (Checks pane)" },
	{ "? F1", "this help (any key closes it)" },
	{ "^L", "redraw the screen" },
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

const struct key_help *
keys_help(void)
{
	return help;
}
