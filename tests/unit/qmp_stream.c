/*
 * The QMP byte stream cut into messages (src/guest/qmp_stream.h): whole
 * messages, messages cut at every byte, several in one read, and the
 * ways a stream breaks (not an object, malformed, past the limit), each
 * the same however the bytes came.
 */
#include "config.h"

#include <string.h>

#include <json-c/json.h>

#include "qmp_stream.h"
#include "unit.h"

#define MAX_MESSAGES	8

/* What a stream gave: each message as json-c prints it, or the error. */
struct got {
	int	n;
	char	msg[MAX_MESSAGES][256];
	int	broken;
	char	error[160];
	int	overlong;
	int	partial;	/* after the last byte */
};

/* Takes every message the queued bytes hold; -1 once broken. */
static int
drain(struct qmp_stream *s, struct got *g)
{
	struct json_object	*o;
	int			 r;

	while ((r = qmp_stream_next(s, &o)) == 1) {
		ck_assert_int_lt(g->n, MAX_MESSAGES);
		unit_format(g->msg[g->n++], sizeof g->msg[0], "%s",
		    json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
		json_object_put(o);
	}
	if (r == -1) {
		g->broken = 1;
		unit_format(g->error, sizeof g->error, "%s",
		    qmp_stream_error(s));
		g->overlong = qmp_stream_overlong(s);
	}
	return r;
}

/* BYTES pushed in pieces of STEP bytes (0: all at once), limit MAX. */
static void
feed(const char *bytes, size_t step, size_t max, struct got *g)
{
	struct qmp_stream	*s;
	size_t			 off, n, len = strlen(bytes);

	memset(g, 0, sizeof *g);
	ck_assert_ptr_nonnull(s = qmp_stream_new(max));
	for (off = 0; off < len && !g->broken; off += n) {
		n = step == 0 || len - off < step ? len - off : step;
		if (qmp_stream_push(s, bytes + off, n) == -1)
			break;
		drain(s, g);
	}
	if (!g->broken)
		g->partial = qmp_stream_partial(s);
	qmp_stream_free(s);
}

/* BYTES cut in two at CUT: the same messages as whole. */
static void
feed_cut(const char *bytes, size_t cut, size_t max, struct got *g)
{
	struct qmp_stream	*s;

	memset(g, 0, sizeof *g);
	ck_assert_ptr_nonnull(s = qmp_stream_new(max));
	if (qmp_stream_push(s, bytes, cut) == 0 && drain(s, g) == 0 &&
	    qmp_stream_push(s, bytes + cut, strlen(bytes) - cut) == 0)
		drain(s, g);
	if (!g->broken)
		g->partial = qmp_stream_partial(s);
	qmp_stream_free(s);
}

static void
assert_same(const struct got *a, const struct got *b, const char *how)
{
	int	i;

	ck_assert_msg(a->n == b->n, "%s: %d messages, not %d", how, b->n,
	    a->n);
	for (i = 0; i < a->n; i++)
		ck_assert_str_eq(a->msg[i], b->msg[i]);
	ck_assert_msg(a->broken == b->broken, "%s: broken %d, not %d", how,
	    b->broken, a->broken);
	ck_assert_str_eq(a->error, b->error);
	ck_assert_int_eq(a->overlong, b->overlong);
	ck_assert_int_eq(a->partial, b->partial);
}

/* The greeting, a reply and an event as QEMU writes them. */
static const char	session[] =
    "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, "
    "\"major\": 7}}, \"capabilities\": [\"oob\"]}}\r\n"
    "{\"return\": {}}\r\n"
    "{\"timestamp\": {\"seconds\": 1700000000, \"microseconds\": 5}, "
    "\"event\": \"POWERDOWN\"}\r\n";

START_TEST(whole_session)
{
	struct got	g;

	feed(session, 0, 4096, &g);
	ck_assert_int_eq(g.broken, 0);
	ck_assert_int_eq(g.n, 3);
	ck_assert_str_eq(g.msg[0], "{\"QMP\":{\"version\":{\"qemu\":{"
	    "\"micro\":0,\"minor\":2,\"major\":7}},"
	    "\"capabilities\":[\"oob\"]}}");
	ck_assert_str_eq(g.msg[1], "{\"return\":{}}");
	ck_assert_str_eq(g.msg[2], "{\"timestamp\":{\"seconds\":1700000000,"
	    "\"microseconds\":5},\"event\":\"POWERDOWN\"}");
	ck_assert_int_eq(g.partial, 0);
	ck_assert_str_eq(g.error, "");
}
END_TEST

START_TEST(byte_by_byte)
{
	struct got	whole, bytes;

	feed(session, 0, 4096, &whole);
	feed(session, 1, 4096, &bytes);
	assert_same(&whole, &bytes, "a byte a push");
	feed(session, 7, 4096, &bytes);
	assert_same(&whole, &bytes, "7 bytes a push");
}
END_TEST

START_TEST(cut_anywhere)
{
	struct got	whole, cut;
	size_t		i;
	char		how[32];

	feed(session, 0, 4096, &whole);
	for (i = 0; i <= strlen(session); i++) {
		feed_cut(session, i, 4096, &cut);
		unit_format(how, sizeof how, "cut at %zu", i);
		assert_same(&whole, &cut, how);
	}
}
END_TEST

/* Messages back to back, with and without blanks between them. */
START_TEST(several_in_one_read)
{
	struct got	g;

	feed("{\"return\": 1}{\"return\": [1, \"}\"]}\n\t "
	    "{\"event\": \"STOP\"}", 0, 4096, &g);
	ck_assert_int_eq(g.broken, 0);
	ck_assert_int_eq(g.n, 3);
	ck_assert_str_eq(g.msg[0], "{\"return\":1}");
	ck_assert_str_eq(g.msg[1], "{\"return\":[1,\"}\"]}");
	ck_assert_str_eq(g.msg[2], "{\"event\":\"STOP\"}");
}
END_TEST

START_TEST(partial)
{
	struct qmp_stream	*s;
	struct json_object	*o;

	ck_assert_ptr_nonnull(s = qmp_stream_new(4096));
	ck_assert_int_eq(qmp_stream_partial(s), 0);
	ck_assert_int_eq(qmp_stream_push(s, " \r\n", 3), 0);
	ck_assert_int_eq(qmp_stream_next(s, &o), 0);
	ck_assert_ptr_null(o);
	ck_assert_int_eq(qmp_stream_partial(s), 0);
	ck_assert_int_eq(qmp_stream_push(s, "{\"ret", 5), 0);
	ck_assert_int_eq(qmp_stream_partial(s), 1);
	ck_assert_int_eq(qmp_stream_next(s, &o), 0);
	ck_assert_int_eq(qmp_stream_partial(s), 1);
	ck_assert_int_eq(qmp_stream_push(s, "", 0), 0);
	ck_assert_int_eq(qmp_stream_push(s, "urn\": {}}\n{", 11), 0);
	ck_assert_int_eq(qmp_stream_next(s, &o), 1);
	ck_assert(json_object_object_get_ex(o, "return", NULL));
	json_object_put(o);
	/* The '{' after it is the next message begun. */
	ck_assert_int_eq(qmp_stream_partial(s), 1);
	ck_assert_int_eq(qmp_stream_next(s, &o), 0);
	ck_assert_int_eq(qmp_stream_partial(s), 1);
	qmp_stream_free(s);
}
END_TEST

static const char *const not_objects[] = {
	"[1, 2]\n", "42\n", "\"text\"\n", "null\n", "true\n", "}\n",
	"{\"return\": {}}\n[]\n",
};

START_TEST(not_an_object)
{
	struct got	g, bytes;

	feed(not_objects[_i], 0, 4096, &g);
	ck_assert_msg(g.broken, "'%.*s' was taken",
	    (int)strcspn(not_objects[_i], "\n"), not_objects[_i]);
	ck_assert_str_eq(g.error, "a message that is not a JSON object");
	ck_assert_int_eq(g.overlong, 0);
	feed(not_objects[_i], 1, 4096, &bytes);
	assert_same(&g, &bytes, "a byte a push");
}
END_TEST

/* json-c names what it expected; the byte counts from the message's first. */
static const struct {
	const char		*bytes;
	enum json_tokener_error	 error;
	int			 byte;
} malformed[] = {
	{ "{\"a\": tru}\n", json_tokener_error_parse_boolean, 10 },
	{ "{\"a\": 1,}\n", json_tokener_error_parse_unexpected, 9 },
	{ "{\"a\" 1}\n", json_tokener_error_parse_object_key_sep, 6 },
	{ "{\"a\": 1]\n", json_tokener_error_parse_object_value_sep, 8 },
	{ "{\"a\": 01}\n", json_tokener_error_parse_number, 9 },
	/* Strict: a value in single quotes is no JSON. */
	{ "{\"a\": 'x'}\n", json_tokener_error_parse_unexpected, 7 },
	{ "{\"return\": {}}\n{\"b\": nul!}\n", json_tokener_error_parse_null,
	    10 },
};

START_TEST(malformed_json)
{
	struct got	g, bytes;
	char		want[160];

	feed(malformed[_i].bytes, 0, 4096, &g);
	ck_assert_msg(g.broken, "'%.*s' was taken",
	    (int)strcspn(malformed[_i].bytes, "\n"), malformed[_i].bytes);
	unit_format(want, sizeof want, "malformed JSON: %s at byte %d of a "
	    "message", json_tokener_error_desc(malformed[_i].error),
	    malformed[_i].byte);
	ck_assert_str_eq(g.error, want);
	ck_assert_int_eq(g.overlong, 0);
	feed(malformed[_i].bytes, 1, 4096, &bytes);
	assert_same(&g, &bytes, "a byte a push");
}
END_TEST

/* A broken stream stays broken: no message comes after the error. */
START_TEST(stays_broken)
{
	struct qmp_stream	*s;
	struct json_object	*o;

	ck_assert_ptr_nonnull(s = qmp_stream_new(4096));
	ck_assert_int_eq(qmp_stream_push(s, "[]{\"return\": {}}", 16), 0);
	ck_assert_int_eq(qmp_stream_next(s, &o), -1);
	ck_assert_ptr_null(o);
	ck_assert_int_eq(qmp_stream_next(s, &o), -1);
	ck_assert_int_eq(qmp_stream_push(s, "{\"return\": {}}", 14), -1);
	ck_assert_int_eq(qmp_stream_next(s, &o), -1);
	ck_assert_str_eq(qmp_stream_error(s),
	    "a message that is not a JSON object");
	qmp_stream_free(s);
}
END_TEST

/* {"a":"xxx...x"}: 8 bytes and the x's. */
static void
message_of(char *buf, size_t len, size_t msglen)
{
	ck_assert_uint_ge(msglen, 8);
	ck_assert_uint_lt(msglen, len - 2);
	memcpy(buf, "{\"a\":\"", 6);
	memset(buf + 6, 'x', msglen - 8);
	memcpy(buf + msglen - 2, "\"}", 3);
}

START_TEST(at_the_limit)
{
	struct got	g;
	char		text[256], two[512];

	message_of(text, sizeof text, 64);
	unit_format(two, sizeof two, "%s \r\n%s\r\n", text, text);
	feed(two, 0, 64, &g);
	ck_assert_int_eq(g.broken, 0);
	ck_assert_int_eq(g.n, 2);
	feed(two, 1, 64, &g);
	ck_assert_int_eq(g.broken, 0);
	ck_assert_int_eq(g.n, 2);
}
END_TEST

START_TEST(past_the_limit)
{
	static const size_t	steps[] = { 0, 1, 3, 64, 65 };
	struct got		g;
	char			text[256], two[512];
	size_t			i;

	message_of(text, sizeof text, 64);
	message_of(two, sizeof two, 65);
	strcat(two, "\n");
	strcat(two, text);
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		feed(two, steps[i], 64, &g);
		ck_assert_msg(g.broken && g.overlong, "step %zu: taken",
		    steps[i]);
		ck_assert_int_eq(g.n, 0);
		ck_assert_str_eq(g.error, "a message longer than 64 bytes");
	}
}
END_TEST

/*
 * Past the limit and then malformed: the tokener never sees a byte past
 * the limit's, so the message is overlong whether or not the read went
 * on to the bad byte.
 */
START_TEST(past_the_limit_then_malformed)
{
	static const size_t	steps[] = { 0, 1, 2, 64, 66 };
	struct got		g;
	char			text[128];
	size_t			i;

	/* {"a":[1,1,...,1 is 65 bytes and could go on; the x cannot. */
	strcpy(text, "{\"a\":[");
	for (i = 0; i < 29; i++)
		strcat(text, "1,");
	strcat(text, "1x]}\n");
	ck_assert_uint_eq(strcspn(text, "x"), 65);
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		feed(text, steps[i], 64, &g);
		ck_assert_msg(g.broken && g.overlong, "step %zu: %s", steps[i],
		    g.error);
		ck_assert_str_eq(g.error, "a message longer than 64 bytes");
	}
}
END_TEST

/* A message that never ends is refused once it passes the limit. */
START_TEST(endless)
{
	struct got	g;
	char		text[256];

	message_of(text, sizeof text, 200);
	text[64] = '\0';
	feed(text, 1, 64, &g);
	ck_assert_int_eq(g.broken, 0);
	ck_assert_int_eq(g.partial, 1);
	text[64] = 'x';
	text[65] = '\0';
	feed(text, 1, 64, &g);
	ck_assert_int_eq(g.broken, 1);
	ck_assert_int_eq(g.overlong, 1);
	ck_assert_str_eq(g.error, "a message longer than 64 bytes");
}
END_TEST

Suite *
unit_suite(void)
{
	Suite	*s = suite_create("qmp_stream");
	TCase	*tc;

	tc = tcase_create("messages");
	tcase_add_test(tc, whole_session);
	tcase_add_test(tc, byte_by_byte);
	tcase_add_test(tc, cut_anywhere);
	tcase_add_test(tc, several_in_one_read);
	tcase_add_test(tc, partial);
	suite_add_tcase(s, tc);
	tc = tcase_create("broken");
	tcase_add_loop_test(tc, not_an_object, 0,
	    sizeof not_objects / sizeof not_objects[0]);
	tcase_add_loop_test(tc, malformed_json, 0,
	    sizeof malformed / sizeof malformed[0]);
	tcase_add_test(tc, stays_broken);
	tcase_add_test(tc, at_the_limit);
	tcase_add_test(tc, past_the_limit);
	tcase_add_test(tc, past_the_limit_then_malformed);
	tcase_add_test(tc, endless);
	suite_add_tcase(s, tc);
	return s;
}
