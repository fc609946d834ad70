/*
 * The colours, set up once for the screen, and the clock of the marks
 * that changed rows carry.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "draw.h"
#include "userconf.h"

static int	colors_on;

void
ui_color_setup(const struct userconf *conf)
{
	const char	*no_color = getenv("NO_COLOR");

	/* https://no-color.org: any non-empty value turns colour off. */
	if (!has_colors() || (no_color != NULL && no_color[0] != '\0') ||
	    !conf->colors)
		return;
	start_color();
	use_default_colors();
	init_pair(UI_COLOR_GOOD, COLOR_GREEN, -1);
	init_pair(UI_COLOR_WARN, COLOR_YELLOW, -1);
	init_pair(UI_COLOR_HEADING, COLOR_CYAN, -1);
	init_pair(UI_COLOR_BAD, COLOR_RED, -1);
	colors_on = 1;
}

int
ui_color(enum ui_color color)
{
	if (colors_on)
		return COLOR_PAIR(color);
	/* Monochrome: only what must stand out does. */
	return color == UI_COLOR_WARN || color == UI_COLOR_BAD ? A_BOLD : 0;
}

int
ui_check_attr(int level)
{
	switch ((enum check_level)level) {
	case CHECK_OK:
		return ui_color(UI_COLOR_GOOD);
	case CHECK_WARN:
		return ui_color(UI_COLOR_WARN);
	case CHECK_SKIP:
		return 0;
	case CHECK_FAIL:
		break;
	}
	return ui_color(UI_COLOR_BAD);
}

long long
ui_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
