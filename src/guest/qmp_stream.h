/*
 * The QMP byte stream cut into messages: bytes go in as they were read,
 * split or merged any way, and whole JSON objects come out, one per
 * message.  No I/O, so the fuzzer and the connection share it.
 */
#ifndef VFIOTUI_QMP_STREAM_H
#define VFIOTUI_QMP_STREAM_H

#include <stddef.h>

struct json_object;
struct qmp_stream;

/*
 * A stream that refuses messages longer than MAX bytes.  NULL when out
 * of memory.
 */
struct qmp_stream	*qmp_stream_new(size_t max);
void			 qmp_stream_free(struct qmp_stream *);

/*
 * Queues LEN bytes.  Returns 0, or -1 once the stream is broken (see
 * qmp_stream_error()) or out of memory.
 */
int	qmp_stream_push(struct qmp_stream *, const char *, size_t);

/*
 * The next whole message: 1 with *OBJ set (the caller owns it and puts
 * it), 0 when the queued bytes end inside a message, -1 when the stream
 * is broken: malformed JSON, a message that is not an object, or one past
 * the limit.  A broken stream stays broken.
 */
int	qmp_stream_next(struct qmp_stream *, struct json_object **obj);

/* Whether bytes of an unfinished message are queued or parsed. */
int	qmp_stream_partial(const struct qmp_stream *);

/* Why the stream broke, in words; "" while it is not. */
const char	*qmp_stream_error(const struct qmp_stream *);
/* Set once the stream broke because a message ran past the limit. */
int		 qmp_stream_overlong(const struct qmp_stream *);

#endif
