/*
 * The cdroms are listed when the build starts (the profile is not kept);
 * whether each is stale is asked only when its turn comes, so that one
 * built meanwhile by the CLI is not built again.  The builder is our
 * child: a quitting dashboard terminates it rather than leave xorriso
 * writing into the cache with nobody to rename its image.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"
#include "guest_prep.h"
#include "isocache.h"
#include "loop.h"
#include "profile.h"
#include "spawn.h"

/* How long a builder has to go after SIGTERM before SIGKILL. */
#define TERM_MS	1000

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
};

static void	on_builder(int, short, void *);

/* Stops watching the builder and, if it still runs, ends it. */
static void
builder_stop(struct guest_prep *gp)
{
	loop_close_fd(gp->loop, &gp->pidfd);
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
		if ((gp->pid = isocache_spawn(&gp->build, err, errlen)) == -1) {
			gp->pid = 0;
			return -1;
		}
		if ((gp->pidfd = spawn_pidfd(gp->pid)) < 0 ||
		    loop_add_fd(gp->loop, gp->pidfd, POLLIN, on_builder, gp) <
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
	builder_stop(gp);
	if (isocache_commit(&gp->build, status, text, sizeof text) == -1) {
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
