/*
 * What panes draw with: the colours the frame set up, a check's level as
 * one, and how long a changed row stays marked.
 */
#ifndef VFIOTUI_DRAW_H
#define VFIOTUI_DRAW_H

struct userconf;

/* Colours, which are plain attributes on a mono screen. */
enum ui_color {
	UI_COLOR_GOOD = 1,	/* viable, vfio-pci */
	UI_COLOR_WARN,		/* not viable, asleep */
	UI_COLOR_HEADING,	/* group headings, column titles */
	UI_COLOR_BAD,		/* a failed check */
};

/* Turns colours on, unless the terminal, NO_COLOR or CONF says no. */
void	ui_color_setup(const struct userconf *conf);
/* The attribute for COLOR: a colour pair, or bold where there is none. */
int	ui_color(enum ui_color);
/* The attribute of a check's level (an enum check_level): its colour. */
int	ui_check_attr(int level);

/* How long a changed row stays marked. */
#define UI_FLASH_MS	2000

/* Milliseconds on the monotonic clock, for flashes. */
long long	ui_now_ms(void);

#endif
