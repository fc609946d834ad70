/*
 * UTF-8 (or whatever the locale says) to display cells.
 */
#include "config.h"

#include <ctype.h>
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "text.h"

void
text_put(int y, int x, int width, const char *s)
{
	mbstate_t	 st;
	wchar_t		 wc;
	size_t		 n, left = strlen(s);
	int		 used = 0, w;

	if (width <= 0)
		return;
	memset(&st, 0, sizeof st);
	move(y, x);
	while (left > 0) {
		n = mbrtowc(&wc, s, left, &st);
		if (n == (size_t)-1 || n == (size_t)-2) {
			memset(&st, 0, sizeof st);
			wc = L'?';
			n = 1;
		} else if (n == 0)
			break;
		if ((w = wcwidth(wc)) < 0)
			wc = L'?', w = 1;
		if (used + w > width)
			break;
		addnwstr(&wc, 1);
		used += w;
		s += n;
		left -= n;
	}
	for (; used < width; used++)
		addch(' ');
}

void
text_wrap(const char **p, int width, char *line, size_t len)
{
	const char	*s = *p;
	int		 n = (int)strcspn(s, "\n"), cut;

	if (width < 1)
		width = 1;	/* each line takes something: no endless loop */
	cut = n <= width ? n : width;
	while (cut < n && cut > 0 && s[cut] != ' ')
		cut--;
	if (cut == 0)
		cut = n < width ? n : width;
	snprintf(line, len, "%.*s", cut, s);
	s += cut;
	while (*s == ' ')
		s++;
	if (*s == '\n' && cut == n)
		s++;
	*p = s;
}

int
text_contains(const char *hay, const char *needle)
{
	size_t	n = strlen(needle), i;

	for (; *hay != '\0'; hay++) {
		for (i = 0; i < n && hay[i] != '\0'; i++)
			if (tolower((unsigned char)hay[i]) !=
			    tolower((unsigned char)needle[i]))
				break;
		if (i == n)
			return 1;
	}
	return n == 0;
}

int
text_column(int y, int x, int width, const char *s)
{
	text_put(y, x, width, s);
	text_put(y, x + width, 1, "");
	return x + width + 1;
}
