/*
 * The line syntax of every configuration file (src/base/confline.h): keys,
 * words, quotes and their two escapes, comments, and the errors, each
 * naming the file and line.  The text is read from memory.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confline.h"
#include "unit.h"

#define MAX_LINES	8

/* What the lines of a text gave APPLY, words joined by '|'. */
struct seen {
	int	nlines;
	int	number[MAX_LINES];
	char	key[MAX_LINES][64];
	char	words[MAX_LINES][256];
	int	nwords[MAX_LINES];
	int	refuse_at;	/* a line number APPLY refuses, or 0 */
};

static int
record(struct confline *l, void *arg)
{
	struct seen	*s = arg;
	int		 i, n = s->nlines;

	ck_assert_int_lt(n, MAX_LINES);
	if (l->number == s->refuse_at)
		return confline_error(l, "%s: refused, %d words", l->key,
		    l->nwords);
	s->number[n] = l->number;
	unit_format(s->key[n], sizeof s->key[n], "%s", l->key);
	s->nwords[n] = l->nwords;
	for (i = 0; i < l->nwords; i++)
		unit_format(s->words[n] + strlen(s->words[n]),
		    sizeof s->words[n] - strlen(s->words[n]), "%s%s",
		    i > 0 ? "|" : "", l->words[i]);
	s->nlines++;
	return 0;
}

/* Reads TEXT as the file "t.conf"; confline_read()'s result. */
static int
read_text(const char *text, struct seen *s, char *err, size_t errlen)
{
	FILE	*f;
	int	 r;

	ck_assert_ptr_nonnull(f = fmemopen((void *)text, strlen(text), "r"));
	err[0] = '\0';
	r = confline_read(f, "t.conf", record, s, err, errlen);
	fclose(f);
	return r;
}

/* TEXT reads as one line, KEY and WORDS. */
static void
assert_line(const char *text, const char *key, const char *words)
{
	struct seen	s = { 0 };
	char		err[256];

	/* Messages name the text's first line: a TAP line ends at '\n'. */
	ck_assert_msg(read_text(text, &s, err, sizeof err) == 0,
	    "'%.*s': %s", (int)strcspn(text, "\n"), text, err);
	ck_assert_msg(s.nlines == 1, "'%.*s': %d lines",
	    (int)strcspn(text, "\n"), text, s.nlines);
	ck_assert_str_eq(s.key[0], key);
	ck_assert_str_eq(s.words[0], words);
}

/* TEXT is refused with exactly ERR. */
static void
assert_error(const char *text, const char *want)
{
	struct seen	s = { 0 };
	char		err[256];

	ck_assert_msg(read_text(text, &s, err, sizeof err) == -1,
	    "'%.*s' was taken", (int)strcspn(text, "\n"), text);
	ck_assert_str_eq(err, want);
}

START_TEST(key_and_words)
{
	assert_line("key = value\n", "key", "value");
	assert_line("key=value", "key", "value");
	assert_line("  key\t=\tvalue  \n", "key", "value");
	assert_line("disk = /a.img format=raw if=ide\n", "disk",
	    "/a.img|format=raw|if=ide");
	assert_line("key = a\t b   c\n", "key", "a|b|c");
	/* '=' after the first is an ordinary character. */
	assert_line("extra = -device=x=y\n", "extra", "-device=x=y");
}
END_TEST

START_TEST(blank_and_comments)
{
	struct seen	s = { 0 };
	char		err[256];

	ck_assert_int_eq(read_text("# a comment\n\n   \n\t# indented\n"
	    "a = 1 # after the value\nb = 2\n", &s, err, sizeof err), 0);
	ck_assert_int_eq(s.nlines, 2);
	ck_assert_int_eq(s.number[0], 5);
	ck_assert_str_eq(s.words[0], "1");
	ck_assert_int_eq(s.number[1], 6);
	ck_assert_str_eq(s.key[1], "b");
}
END_TEST

/* A '#' starts a comment only where a word would start. */
START_TEST(hash_inside_word)
{
	assert_line("mac = v#1 #c\n", "mac", "v#1");
	assert_line("a = \"#not\" # but this\n", "a", "#not");
}
END_TEST

START_TEST(crlf_and_no_last_newline)
{
	struct seen	s = { 0 };
	char		err[256];

	ck_assert_int_eq(read_text("a = 1\r\nb = \"x y\"\r\nc = 3", &s, err,
	    sizeof err), 0);
	ck_assert_int_eq(s.nlines, 3);
	ck_assert_str_eq(s.words[0], "1");
	ck_assert_str_eq(s.words[1], "x y");
	ck_assert_str_eq(s.words[2], "3");
	ck_assert_int_eq(s.number[2], 3);
}
END_TEST

START_TEST(quotes)
{
	assert_line("name = \"a b # c\"\n", "name", "a b # c");
	assert_line("path = \"/My Disks/w.img\" format=raw\n", "path",
	    "/My Disks/w.img|format=raw");
	/* A word may end in its quoted part. */
	assert_line("k = pre\"fix x\"\n", "k", "prefix x");
	assert_line("k = \"\"\n", "k", "");
	assert_line("k = \"\" \"\"\n", "k", "|");
	/* One quoted part, at the end: a second is junk after the first. */
	assert_error("k = \"a\"\"b\"\n",
	    "t.conf:1: junk '\"b\"' after the closing quote");
}
END_TEST

START_TEST(escapes)
{
	assert_line("k = \"say \\\"hi\\\"\"\n", "k", "say \"hi\"");
	assert_line("k = \"a\\\\b\"\n", "k", "a\\b");
	assert_line("k = \"\\\\\"\n", "k", "\\");
	/* Outside quotes a backslash is itself: old files read as before. */
	assert_line("k = C:\\dir\\x \\\n", "k", "C:\\dir\\x|\\");
	/* ...so \" there is a backslash, then a quote that opens. */
	assert_error("k = \\\"\n", "t.conf:1: unclosed quote");
}
END_TEST

START_TEST(most_words)
{
	char	text[CONFLINE_MAX_WORDS * 2 + 16], words[256];
	int	i;

	strcpy(text, "k =");
	words[0] = '\0';
	for (i = 0; i < CONFLINE_MAX_WORDS; i++) {
		strcat(text, " w");
		strcat(words, i > 0 ? "|w" : "w");
	}
	assert_line(text, "k", words);
	strcat(text, " w");
	assert_error(text, "t.conf:1: more than 64 words");
}
END_TEST

START_TEST(bad_lines)
{
	assert_error("novalue\n", "t.conf:1: expected 'key = value'");
	assert_error("\n\n= v\n", "t.conf:3: expected 'key = value'");
	assert_error("\"k\" = v\n", "t.conf:1: expected 'key = value'");
	assert_error("a b = v\n", "t.conf:1: expected 'key = value'");
	assert_error("k#x = v\n", "t.conf:1: expected 'key = value'");
	assert_error("k =\n", "t.conf:1: k has no value");
	assert_error("k = # only a comment\n", "t.conf:1: k has no value");
}
END_TEST

START_TEST(bad_quotes)
{
	assert_error("a = 1\nk = \"abc\n", "t.conf:2: unclosed quote");
	assert_error("k = \"abc\\", "t.conf:1: unclosed quote");
	assert_error("k = \"a\\n\"\n", "t.conf:1: bad escape '\\n' in quotes "
	    "(only \\\" and \\\\ are escapes)");
	assert_error("k = \"a\\\t\"\n", "t.conf:1: bad escape in quotes "
	    "(only \\\" and \\\\ are escapes)");
	assert_error("k = \"a\"b c\n",
	    "t.conf:1: junk 'b' after the closing quote");
	assert_error("k = \"a\"#c\n",
	    "t.conf:1: junk '#c' after the closing quote");
}
END_TEST

START_TEST(nul_byte)
{
	static const char	text[] = "a = 1\nb = x\0y\n";
	struct seen		s = { 0 };
	char			err[256];
	FILE			*f;

	ck_assert_ptr_nonnull(f = fmemopen((void *)text, sizeof text - 1,
	    "r"));
	ck_assert_int_eq(confline_read(f, "t.conf", record, &s, err,
	    sizeof err), -1);
	fclose(f);
	ck_assert_str_eq(err, "t.conf:2: a NUL byte: not a text file");
	ck_assert_int_eq(s.nlines, 1);
}
END_TEST

/* The first line APPLY refuses ends the reading, with its message. */
START_TEST(apply_refuses)
{
	struct seen	s = { .refuse_at = 2 };
	char		err[256];

	ck_assert_int_eq(read_text("a = 1\nb = 2 3\nc = 4\n", &s, err,
	    sizeof err), -1);
	ck_assert_str_eq(err, "t.conf:2: b: refused, 2 words");
	ck_assert_int_eq(s.nlines, 1);
}
END_TEST

START_TEST(read_error)
{
	struct seen	s = { 0 };
	char		err[256];
	FILE		*f;

	/* A stream open only for writing: reading it is an error. */
	ck_assert_ptr_nonnull(f = fopen("/dev/null", "w"));
	ck_assert_int_eq(confline_read(f, "w.conf", record, &s, err,
	    sizeof err), -1);
	fclose(f);
	ck_assert_str_eq(err, "w.conf: Bad file descriptor");
}
END_TEST

static int
single(struct confline *l, void *arg)
{
	(void)arg;
	return confline_single(l);
}

START_TEST(single_value)
{
	static const char	text[] = "a = 1\nb = \"1 2\"\nc = 1 2\n";
	char			err[256];
	FILE			*f;

	ck_assert_ptr_nonnull(f = fmemopen((void *)text, sizeof text - 1,
	    "r"));
	ck_assert_int_eq(confline_read(f, "t.conf", single, NULL, err,
	    sizeof err), -1);
	fclose(f);
	ck_assert_str_eq(err, "t.conf:3: c takes one value, got 2 (quote a "
	    "value that holds blanks)");
}
END_TEST

/* A short buffer holds what fits, NUL-terminated, and nothing past it. */
START_TEST(short_err_buffer)
{
	struct seen	s = { 0 };
	char		err[16];

	memset(err, 'x', sizeof err);
	ck_assert_int_eq(read_text("k = \"abc\n", &s, err, 10), -1);
	ck_assert_str_eq(err, "t.conf:1:");
	ck_assert_int_eq(err[10], 'x');
	memset(err, 'x', sizeof err);
	ck_assert_int_eq(read_text("k = \"abc\n", &s, err, 4), -1);
	ck_assert_str_eq(err, "t.c");
	ck_assert_int_eq(err[4], 'x');
}
END_TEST

/* What confline_put() writes reads back as the same words. */
START_TEST(put_reads_back)
{
	static const char *const words[] = { "plain", "two words",
	    "#not-a-comment", "a\"quote", "back\\slash", "", "tab\there",
	    "x#y", "cr\rin" };
	struct seen	 s = { 0 };
	char		*text = NULL, err[256];
	size_t		 len = 0;
	FILE		*f;

	ck_assert_ptr_nonnull(f = open_memstream(&text, &len));
	confline_put(f, "extra", words, 9);
	fclose(f);
	/* A CR is a blank to the reader: quoted, or it would cut the word. */
	ck_assert_str_eq(text, "extra = plain \"two words\" \"#not-a-comment\" "
	    "\"a\\\"quote\" back\\slash \"\" \"tab\there\" x#y \"cr\rin\"\n");
	ck_assert_msg(read_text(text, &s, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(s.nwords[0], 9);
	ck_assert_str_eq(s.words[0], "plain|two words|#not-a-comment|"
	    "a\"quote|back\\slash||tab\there|x#y|cr\rin");
	free(text);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite	*s = suite_create("confline");
	TCase	*tc;

	tc = tcase_create("read");
	tcase_add_test(tc, key_and_words);
	tcase_add_test(tc, blank_and_comments);
	tcase_add_test(tc, hash_inside_word);
	tcase_add_test(tc, crlf_and_no_last_newline);
	tcase_add_test(tc, quotes);
	tcase_add_test(tc, escapes);
	tcase_add_test(tc, most_words);
	tcase_add_test(tc, put_reads_back);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, bad_lines);
	tcase_add_test(tc, bad_quotes);
	tcase_add_test(tc, nul_byte);
	tcase_add_test(tc, apply_refuses);
	tcase_add_test(tc, read_error);
	tcase_add_test(tc, single_value);
	tcase_add_test(tc, short_err_buffer);
	suite_add_tcase(s, tc);
	return s;
}
