/*
 * vde_start() and vde_stop() for the command line: the operation the
 * dashboard runs, on a private loop until it ends, so that there is one
 * start and one stop, not a waiting copy of each.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "loop.h"
#include "vde.h"

struct vde_sync {
	struct loop	*loop;
	char		*done;
	size_t		 donelen;
	char		*err;
	size_t		 errlen;
};

static void
sync_end(const char *done, const char *err, void *arg)
{
	struct vde_sync	*s = arg;

	snprintf(s->done, s->donelen, "%s", done);
	if (err != NULL)
		snprintf(s->err, s->errlen, "%s", err);
	loop_exit(s->loop, err != NULL ? -1 : 0);
}

static int
sync_init(struct vde_sync *s, char *done, size_t donelen, char *err,
    size_t errlen)
{
	s->done = done;
	s->donelen = donelen;
	s->err = err;
	s->errlen = errlen;
	done[0] = err[0] = '\0';
	if ((s->loop = loop_new()) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* Runs OP (NULL: out of memory) to its end; 0 or -1 with ERR. */
static int
sync_run(struct vde_sync *s, struct vde_op *op)
{
	int	r = -1;

	if (op == NULL)
		snprintf(s->err, s->errlen, "out of memory");
	else if ((r = loop_run(s->loop)) == -1 && s->err[0] == '\0')
		snprintf(s->err, s->errlen, "poll: %s", strerror(errno));
	vde_op_free(op);
	loop_free(s->loop);
	return r == 0 ? 0 : -1;
}

int
vde_start(const struct netcfg *cfg, const char *proc_root, char *done,
    size_t donelen, char *err, size_t errlen)
{
	struct vde_sync	s;

	if (sync_init(&s, done, donelen, err, errlen) == -1)
		return -1;
	return sync_run(&s, vde_op_start(s.loop, cfg, proc_root, sync_end,
	    &s));
}

int
vde_stop(const struct netcfg *cfg, const char *proc_root, int force,
    char *done, size_t donelen, char *err, size_t errlen)
{
	struct vde_sync	s;

	if (sync_init(&s, done, donelen, err, errlen) == -1)
		return -1;
	return sync_run(&s, vde_op_stop(s.loop, cfg, proc_root, force,
	    sync_end, &s));
}
