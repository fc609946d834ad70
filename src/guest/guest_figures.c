#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "guest_figures.h"
#include "loop.h"
#include "proctext.h"
#include "qmp.h"

#define STAT_MAX	2048
#define STATUS_MAX	8192

struct sample {
	long long		at_ms;
	unsigned long long	ticks[GUEST_FIGURES_VCPUS];
	unsigned long long	rd, wr;
};

struct guest_sampler {
	struct qmp		*qmp;
	pid_t			 pid;
	const char		*proc_root;
	guest_figures_cb	 cb;
	void			*arg;
	pid_t			 tids[GUEST_FIGURES_VCPUS];
	size_t			 ntids;
	int			 have_tids;
	int			 pending;	/* replies owed */
	int			 nsamples;
	struct sample		 last;
	struct guest_figures	 fig;
};

/* utime + stime of thread TID: fields 14 and 15 after the comm. */
static unsigned long long
thread_ticks(const struct guest_sampler *s, pid_t tid)
{
	char			 path[96], buf[STAT_MAX], *p;
	unsigned long long	 ut = 0, st = 0;
	FILE			*f;
	size_t			 n;

	snprintf(path, sizeof path, "%s/%d/task/%d/stat", s->proc_root,
	    (int)s->pid, (int)tid);
	if ((f = fopen(path, "re")) == NULL)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* The comm may hold blanks and parentheses: after its last ')'. */
	if ((p = strrchr(buf, ')')) == NULL ||
	    sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu "
	    "%llu", &ut, &st) != 2)
		return 0;
	return ut + st;
}

static unsigned long long
rss_kib(const struct guest_sampler *s)
{
	char			 path[96], buf[STATUS_MAX];
	unsigned long long	 v = 0;
	FILE			*f;
	size_t			 n;

	snprintf(path, sizeof path, "%s/%d/status", s->proc_root, (int)s->pid);
	if ((f = fopen(path, "re")) == NULL)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	proctext_number(buf, "VmRSS:", &v);
	return v;
}

/* The rates from the last sample to NOW, then NOW is the last. */
static void
account(struct guest_sampler *s, struct sample *now)
{
	double	secs = (double)(now->at_ms - s->last.at_ms) / 1000.0;
	long	hz = sysconf(_SC_CLK_TCK);
	size_t	i;

	s->fig.nvcpu = s->ntids;
	s->fig.rss_kib = rss_kib(s);
	s->fig.rates = s->nsamples > 0 && secs > 0 && hz > 0;
	for (i = 0; i < s->ntids && s->fig.rates; i++)
		s->fig.vcpu_pct[i] = (double)(now->ticks[i] -
		    s->last.ticks[i]) * 100.0 / ((double)hz * secs);
	if (s->fig.rates) {
		s->fig.rd_bps = (double)(now->rd - s->last.rd) / secs;
		s->fig.wr_bps = (double)(now->wr - s->last.wr) / secs;
	}
	s->last = *now;
	s->nsamples++;
}

/*
 * An answer came: -1 for the closed socket's (no figures), 1 when QEMU
 * refused WHAT (why in the figures' error), else 0 with the length of
 * its array in *N.
 */
static int
answered(struct guest_sampler *s, const struct qmp_reply *r,
    const char *what, size_t *n)
{
	s->pending--;
	*n = 0;
	if (r->error_class != NULL && strcmp(r->error_class,
	    QMP_CLASS_CLOSED) == 0)
		return -1;
	if (r->error_class != NULL) {
		snprintf(s->fig.error, sizeof s->fig.error, "%s: %s: %s", what,
		    r->error_class, r->error_desc ? r->error_desc : "");
		return 1;
	}
	s->fig.error[0] = '\0';
	if (json_object_is_type(r->ret, json_type_array))
		*n = json_object_array_length(r->ret);
	return 0;
}

static void
on_blockstats(struct qmp *q, const struct qmp_reply *r, void *arg)
{
	struct guest_sampler	*s = arg;
	struct json_object	*dev, *stats, *v;
	struct sample		 now = { .at_ms = loop_now_ms() };
	size_t			 i, n;
	int			 a;

	(void)q;
	if ((a = answered(s, r, "query-blockstats", &n)) == -1)
		return;
	/* Refused: the vCPUs and memory still count, the disks stand. */
	if (a == 1) {
		now.rd = s->last.rd;
		now.wr = s->last.wr;
	}
	for (i = 0; i < n; i++) {
		dev = json_object_array_get_idx(r->ret, i);
		if (!json_object_object_get_ex(dev, "stats", &stats))
			continue;
		if (json_object_object_get_ex(stats, "rd_bytes", &v))
			now.rd += (unsigned long long)json_object_get_int64(v);
		if (json_object_object_get_ex(stats, "wr_bytes", &v))
			now.wr += (unsigned long long)json_object_get_int64(v);
	}
	for (i = 0; i < s->ntids; i++)
		now.ticks[i] = thread_ticks(s, s->tids[i]);
	account(s, &now);
	s->cb(&s->fig, s->arg);
}

static void
ask_blockstats(struct guest_sampler *s)
{
	if (qmp_command(s->qmp, "query-blockstats", NULL, on_blockstats,
	    s) == 0)
		s->pending++;
}

/* The vCPU threads, once: QEMU does not change them. */
static void
on_cpus(struct qmp *q, const struct qmp_reply *r, void *arg)
{
	struct guest_sampler	*s = arg;
	struct json_object	*cpu, *v;
	size_t			 i, n;
	long long		 index;
	int			 a;

	(void)q;
	if ((a = answered(s, r, "query-cpus-fast", &n)) == -1)
		return;
	if (a == 1) {
		s->cb(&s->fig, s->arg);
		return;
	}
	for (i = 0; i < n; i++) {
		cpu = json_object_array_get_idx(r->ret, i);
		index = json_object_object_get_ex(cpu, "cpu-index", &v) ?
		    json_object_get_int64(v) : -1;
		if (index < 0 || index >= GUEST_FIGURES_VCPUS ||
		    !json_object_object_get_ex(cpu, "thread-id", &v))
			continue;
		s->tids[index] = (pid_t)json_object_get_int64(v);
		if ((size_t)index + 1 > s->ntids)
			s->ntids = (size_t)index + 1;
	}
	s->have_tids = 1;
	ask_blockstats(s);
}

struct guest_sampler *
guest_sampler_new(struct qmp *q, pid_t pid, const char *proc_root,
    guest_figures_cb cb, void *arg)
{
	struct guest_sampler	*s;

	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	*s = (struct guest_sampler){ .qmp = q, .pid = pid,
	    .proc_root = proc_root, .cb = cb, .arg = arg };
	return s;
}

void
guest_sampler_sample(struct guest_sampler *s)
{
	/* One sample at a time: a slow QEMU is not asked again. */
	if (s->pending > 0)
		return;
	if (s->have_tids)
		ask_blockstats(s);
	else if (qmp_command(s->qmp, "query-cpus-fast", NULL, on_cpus,
	    s) == 0)
		s->pending++;
}

void
guest_sampler_free(struct guest_sampler *s)
{
	free(s);
}
