/*
 * The QMP stream parser.  json-c's tokener keeps the state of a message
 * cut anywhere; this file keeps the bytes the tokener has not taken yet
 * (the ones after a whole object), counts each message's length against
 * the limit, and turns the tokener's verdicts into one error that stays.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "qmp_stream.h"

struct qmp_stream {
	struct json_tokener	*tok;
	char			*buf;	/* queued bytes: buf[off..len) */
	size_t			 off;
	size_t			 len;
	size_t			 cap;
	/* bytes of this message so far */
	size_t			 msglen;
	size_t			 max;
	int			 overlong;
	char			 err[160];
};

struct qmp_stream *
qmp_stream_new(size_t max)
{
	struct qmp_stream	*s;

	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	if ((s->tok = json_tokener_new()) == NULL) {
		free(s);
		return NULL;
	}
	/*
	 * QEMU writes strict JSON; anything else is not QEMU talking.  No
	 * JSON_TOKENER_VALIDATE_UTF8: it judges the bytes after an object
	 * too, so a message would pass or fail by where the read ended.
	 */
	json_tokener_set_flags(s->tok, JSON_TOKENER_STRICT |
	    JSON_TOKENER_ALLOW_TRAILING_CHARS);
	s->max = max;
	return s;
}

void
qmp_stream_free(struct qmp_stream *s)
{
	if (s == NULL)
		return;
	json_tokener_free(s->tok);
	free(s->buf);
	free(s);
}

int
qmp_stream_push(struct qmp_stream *s, const char *data, size_t n)
{
	char	*p;
	size_t	 cap;

	if (s->err[0] != '\0')
		return -1;
	if (s->off > 0) {
		memmove(s->buf, s->buf + s->off, s->len - s->off);
		s->len -= s->off;
		s->off = 0;
	}
	if (n > s->cap - s->len) {
		cap = s->len + n;
		if ((p = realloc(s->buf, cap)) == NULL) {
			snprintf(s->err, sizeof s->err, "out of memory");
			return -1;
		}
		s->buf = p;
		s->cap = cap;
	}
	if (n > 0)
		memcpy(s->buf + s->len, data, n);
	s->len += n;
	return 0;
}

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
stream_break(struct qmp_stream *s, struct json_object *o, const char *why)
{
	json_object_put(o);
	snprintf(s->err, sizeof s->err, "%s", why);
	return -1;
}

static int
stream_overlong(struct qmp_stream *s, struct json_object *o)
{
	json_object_put(o);
	s->overlong = 1;
	snprintf(s->err, sizeof s->err, "a message longer than %zu bytes",
	    s->max);
	return -1;
}

/* The length of the object the tokener just finished, without the
 * whitespace it ate after it. */
static size_t
object_len(const struct qmp_stream *s, const char *p, size_t used)
{
	size_t	n = s->msglen + used;

	while (used > 0 && is_ws(p[used - 1])) {
		used--;
		n--;
	}
	return n;
}

int
qmp_stream_next(struct qmp_stream *s, struct json_object **obj)
{
	struct json_object	*o;
	enum json_tokener_error	 jerr;
	const char		*p;
	size_t			 n, used;
	char			 why[128];

	*obj = NULL;
	if (s->err[0] != '\0')
		return -1;
	while (s->off < s->len) {
		p = s->buf + s->off;
		if (s->msglen == 0 && is_ws(*p)) {
			s->off++;
			continue;
		}
		/* json-c ends a top-level number differently depending on
		 * where the bytes were cut: refuse it before it starts. */
		if (s->msglen == 0 && *p != '{')
			return stream_break(s, NULL, "a message that is not a "
			    "JSON object");
		/* Never show the tokener a byte past the limit: a message
		 * then breaks the same way however it was cut. */
		n = s->len - s->off;
		if (n > s->max + 1 - s->msglen)
			n = s->max + 1 - s->msglen;
		if (n > INT_MAX)
			n = INT_MAX;
		o = json_tokener_parse_ex(s->tok, p, (int)n);
		jerr = json_tokener_get_error(s->tok);
		used = json_tokener_get_parse_end(s->tok);
		s->off += used;
		if (jerr == json_tokener_continue) {
			s->msglen += used;
			if (s->msglen > s->max)
				break;
			continue;
		}
		if (jerr != json_tokener_success) {
			snprintf(why, sizeof why, "malformed JSON: %s at "
			    "byte %zu of a message",
			    json_tokener_error_desc(jerr),
			    s->msglen + used + 1);
			return stream_break(s, NULL, why);
		}
		if (object_len(s, p, used) > s->max)
			return stream_overlong(s, o);
		if (!json_object_is_type(o, json_type_object))
			return stream_break(s, o, "a message that is not a "
			    "JSON object");
		json_tokener_reset(s->tok);
		s->msglen = 0;
		*obj = o;
		return 1;
	}
	if (s->msglen > s->max)
		return stream_overlong(s, NULL);
	return 0;
}

int
qmp_stream_partial(const struct qmp_stream *s)
{
	size_t	i;

	if (s->msglen > 0)
		return 1;
	for (i = s->off; i < s->len; i++)
		if (!is_ws(s->buf[i]))
			return 1;
	return 0;
}

const char *
qmp_stream_error(const struct qmp_stream *s)
{
	return s->err;
}

int
qmp_stream_overlong(const struct qmp_stream *s)
{
	return s->overlong;
}
