/*
 * libFuzzer target for the QMP stream parser (`make fuzz-qmp`).  Each
 * input is parsed twice, whole and cut into pieces whose sizes come from
 * its first bytes.  A valid stream must give the same messages both ways, a
 * broken one the same messages up to the break; neither may crash, leak
 * or take memory past the limit.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "qmp_stream.h"

#define FUZZ_MAX	4096	/* small, so that overlong inputs are found */
#define FUZZ_MSGS	64

struct run {
	char	*msgs[FUZZ_MSGS];
	int	 nmsgs;
	int	 broken;
	int	 overlong;
};

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
drain(struct qmp_stream *s, struct run *r)
{
	struct json_object	*o;
	int			 n;

	while ((n = qmp_stream_next(s, &o)) == 1) {
		if (r->nmsgs < FUZZ_MSGS)
			r->msgs[r->nmsgs++] = strdup(
			    json_object_to_json_string_ext(o,
			    JSON_C_TO_STRING_PLAIN));
		json_object_put(o);
	}
	if (n == -1) {
		r->broken = 1;
		r->overlong = qmp_stream_overlong(s);
		if (qmp_stream_error(s)[0] == '\0')
			abort();
	}
}

/* Pieces of 1 to 16 bytes, their sizes taken from CUTS in turn. */
static void
parse(const uint8_t *cuts, size_t ncuts, const uint8_t *data, size_t len,
    struct run *r)
{
	struct qmp_stream	*s = qmp_stream_new(FUZZ_MAX);
	size_t			 off = 0, piece, i = 0;

	if (s == NULL)
		abort();
	while (off < len && !r->broken) {
		piece = ncuts == 0 ? len - off :
		    (size_t)(cuts[i++ % ncuts] % 16) + 1;
		if (piece > len - off)
			piece = len - off;
		if (qmp_stream_push(s, (const char *)data + off, piece) == -1)
			abort();
		off += piece;
		drain(s, r);
	}
	qmp_stream_free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
	struct run	whole = { 0 }, cut = { 0 };
	size_t		ncuts;
	int		i;

	if (len < 1)
		return 0;
	ncuts = in[0] % 8 + 1;
	if (ncuts >= len)
		return 0;
	parse(NULL, 0, in + 1 + ncuts, len - 1 - ncuts, &whole);
	parse(in + 1, ncuts, in + 1 + ncuts, len - 1 - ncuts, &cut);
	/*
	 * A valid stream gives the same messages however it is cut.  Of a
	 * broken one, only the messages before the break must agree: json-c
	 * 0.16 takes "2-" for 2 when a read ends between the two.
	 */
	if (!whole.broken && (cut.broken || cut.nmsgs != whole.nmsgs))
		abort();
	if (whole.broken && cut.nmsgs < whole.nmsgs)
		abort();
	for (i = 0; i < cut.nmsgs; i++) {
		if (i < whole.nmsgs && strcmp(whole.msgs[i], cut.msgs[i]) != 0)
			abort();
		free(cut.msgs[i]);
	}
	for (i = 0; i < whole.nmsgs; i++)
		free(whole.msgs[i]);
	return 0;
}
