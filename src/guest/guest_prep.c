/*
 * The cdroms are listed when the build starts (the profile is not kept);
 * whether each is stale is asked only when its turn comes, so that one
 * built meanwhile by the CLI is not built again.  The builder is our
 * child: a quitting dashboard terminates it rather than leave xorriso
 * writing into the cache with nobody to rename its image.  What it says
 * comes up a pipe on the loop: its progress lines become PROGRESS, the
 * rest is kept for the reason should it fail.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"
#include "guest_prep.h"
#include "isocache.h"
#include "isotool.h"
#include "loop.h"
#include "profile.h"
#include "spawn.h"

/* How long a builder has to go after SIGTERM before SIGKILL. */
#define TERM_MS		1000
/* What is kept of the builder's words: its last lines that fit. */
#define SAID_MAX	4096
#define PREP_LINE_MAX	512

struct prep_cdrom {
	char	dir[PATH_MAX];
	char	iso[PATH_MAX];
};

struct guest_prep {
	struct loop		*loop;
	guest_prep_cb		 cb;
	void			*arg;
	struct prep_cdrom	*v;
	size_t			 n;
	size_t			 next;		/* the next one to look at */
	struct isocache_build	 build;		/* the one being built */
	pid_t			 pid;		/* its builder, or 0 */
	int			 pidfd;
	int			 outfd;		/* what it says, or -1 */
	char			 line[PREP_LINE_MAX];	/* the line so far */
	size_t			 nline;
	/* its lines but progress */
	char			 said[SAID_MAX];
	int			 percent;	/* the last said; -1: none */
};

static void	on_builder(int, short, void *);
static void	on_output(int, short, void *);

/* Stops watching the builder and, if it still runs, ends it. */
static void
builder_stop(struct guest_prep *gp)
{
	loop_close_fd(gp->loop, &gp->pidfd);
	loop_close_fd(gp->loop, &gp->outfd);
	if (gp->pid > 0) {
		if (spawn_terminate(gp->pid, TERM_MS) == 0)
			spawn_wait(gp->pid);
		gp->pid = 0;
		isocache_abandon(&gp->build);
	}
}

/*
 * Starts the builder of the next stale ISO: 1 when one runs, 0 when none
 * is left to build, -1 with ERR.
 */
static int
build_next(struct guest_prep *gp, char *err, size_t errlen)
{
	struct prep_cdrom	*c;
	char			 text[PATH_MAX * 2 + 64];
	int			 r;

	while (gp->next < gp->n) {
		c = &gp->v[gp->next++];
		if ((r = isocache_stale(c->dir, c->iso, &gp->build, err,
		    errlen)) == -1)
			return -1;
		if (r == 0) {
			snprintf(text, sizeof text, "cdrom %s: up to date: %s",
			    c->dir, c->iso);
			gp->cb(GUEST_PREP_CURRENT, text, gp->arg);
			continue;
		}
		if ((gp->pid = isocache_spawn(&gp->build, &gp->outfd, err,
		    errlen)) == -1) {
			gp->pid = 0;
			gp->outfd = -1;
			return -1;
		}
		gp->nline = 0;
		gp->said[0] = '\0';
		gp->percent = -1;
		if ((gp->pidfd = spawn_pidfd(gp->pid)) < 0 ||
		    loop_add_fd(gp->loop, gp->pidfd, POLLIN, on_builder, gp) <
		    0 || fcntl(gp->outfd, F_SETFL, O_NONBLOCK) == -1 ||
		    loop_add_fd(gp->loop, gp->outfd, POLLIN, on_output, gp) <
		    0) {
			snprintf(err, errlen, "%s: cannot watch its ISO "
			    "builder (pid %d): %s", c->dir, (int)gp->pid,
			    strerror(gp->pidfd < 0 ? -gp->pidfd : ENOMEM));
			if (gp->pidfd < 0)
				gp->pidfd = -1;
			builder_stop(gp);
			return -1;
		}
		gp->cb(GUEST_PREP_BUILDING, c->dir, gp->arg);
		return 1;
	}
	return 0;
}

/* Keeps LINE in what the builder said, its oldest lines going first. */
static void
keep_line(struct guest_prep *gp, const char *line)
{
	size_t	have = strlen(gp->said), need = strlen(line) + 1, cut;

	if (need >= sizeof gp->said)
		return;
	while (have + need >= sizeof gp->said) {
		cut = strcspn(gp->said, "\n") + 1;
		memmove(gp->said, gp->said + cut, have - cut + 1);
		have -= cut;
	}
	snprintf(gp->said + have, sizeof gp->said - have, "%s\n", line);
}

/* A whole line from the builder: its progress, or words to keep. */
static void
said_line(struct guest_prep *gp)
{
	char	text[PATH_MAX + 32];
	int	pct;

	gp->line[gp->nline] = '\0';
	gp->nline = 0;
	if ((pct = isotool_percent(gp->line)) == -1) {
		keep_line(gp, gp->line);
		return;
	}
	if (pct == gp->percent)
		return;
	gp->percent = pct;
	snprintf(text, sizeof text, "%s: %d%%", gp->build.dir, pct);
	gp->cb(GUEST_PREP_PROGRESS, text, gp->arg);
}

/*
 * Reads what the builder said, up to what the pipe holds now; at its end
 * the pipe is closed.  A line too long for the buffer is cut in two.
 */
static void
read_output(struct guest_prep *gp)
{
	char	buf[1024];
	ssize_t	n, i;

	while ((n = read(gp->outfd, buf, sizeof buf)) > 0)
		for (i = 0; i < n; i++) {
			if (buf[i] != '\n' && buf[i] != '\r' &&
			    gp->nline < sizeof gp->line - 1) {
				gp->line[gp->nline++] = buf[i];
				continue;
			}
			said_line(gp);
			if (buf[i] != '\n' && buf[i] != '\r')
				gp->line[gp->nline++] = buf[i];
		}
	if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
		if (gp->nline > 0)
			said_line(gp);
		loop_close_fd(gp->loop, &gp->outfd);
	}
}

static void
on_output(int fd, short revents, void *arg)
{
	(void)fd;
	(void)revents;
	read_output(arg);
}

/* The builder exited: keep its ISO, then build the next or say done. */
static void
on_builder(int fd, short revents, void *arg)
{
	struct guest_prep	*gp = arg;
	char			 text[PATH_MAX * 2 + 64];
	int			 status, r;

	(void)fd;
	(void)revents;
	/* The pidfd said it exited: this reaps it without waiting. */
	status = spawn_wait(gp->pid);
	gp->pid = 0;
	/* Its last words may still be in the pipe. */
	if (gp->outfd != -1)
		read_output(gp);
	builder_stop(gp);
	if (isocache_commit(&gp->build, status, gp->said, text,
	    sizeof text) == -1) {
		gp->cb(GUEST_PREP_FAILED, text, gp->arg);
		return;
	}
	snprintf(text, sizeof text, "cdrom %s: built %s", gp->build.dir,
	    gp->build.iso);
	gp->cb(GUEST_PREP_BUILT, text, gp->arg);
	if ((r = build_next(gp, text, sizeof text)) == 1)
		return;
	gp->cb(r == 0 ? GUEST_PREP_DONE : GUEST_PREP_FAILED, r == 0 ? "" :
	    text, gp->arg);
}

/* PROFILE's directory cdroms, with the ISO each becomes. */
static int
list_cdroms(struct guest_prep *gp, const struct profile *prof,
    const struct guest_paths *paths)
{
	struct prep_cdrom	*c;
	size_t			 i;

	if (prof->ncdroms == 0)
		return 0;
	if ((gp->v = calloc(prof->ncdroms, sizeof *gp->v)) == NULL)
		return -1;
	for (i = 0; i < prof->ncdroms; i++) {
		c = &gp->v[gp->n];
		if (!guest_cdrom_iso(prof, paths, i, c->iso, sizeof c->iso))
			continue;
		snprintf(c->dir, sizeof c->dir, "%s", prof->cdroms[i].path);
		gp->n++;
	}
	return 0;
}

int
guest_prep_start(struct loop *loop, const struct profile *prof,
    const struct guest_paths *paths, guest_prep_cb cb, void *arg,
    struct guest_prep **prep, char *err, size_t errlen)
{
	struct guest_prep	*gp;
	int			 r;

	*prep = NULL;
	if ((gp = calloc(1, sizeof *gp)) == NULL ||
	    list_cdroms(gp, prof, paths) == -1) {
		snprintf(err, errlen, "guest %s: out of memory", prof->name);
		free(gp);
		return -1;
	}
	gp->loop = loop;
	gp->cb = cb;
	gp->arg = arg;
	gp->pidfd = -1;
	gp->outfd = -1;
	if ((r = build_next(gp, err, errlen)) != 1) {
		guest_prep_free(gp);
		return r;
	}
	*prep = gp;
	return 1;
}

void
guest_prep_free(struct guest_prep *gp)
{
	if (gp == NULL)
		return;
	builder_stop(gp);
	free(gp->v);
	free(gp);
}
