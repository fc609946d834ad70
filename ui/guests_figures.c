/*
 * A running guest's figures in the Guests pane, as virt-top shows them:
 * the CPU its vCPUs use in the list, and in the detail each vCPU's share,
 * QEMU's resident memory and the disks' rates.  The model samples them
 * when the pane's tick asks (guests_sample); this only words them.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "guest_list.h"
#include "guest_live.h"
#include "guests_pane.h"

/* Figures from a QEMU that still runs: a stopped guest's would lie. */
static int
has_figures(const struct guests_entry *e)
{
	return (e->phase == GUESTS_RUNNING || e->phase == GUESTS_STOPPING) &&
	    e->live != NULL && !e->live->closed && e->has_fig;
}

void
guests_figures_cpu(const struct guests_entry *e, char *buf, size_t len)
{
	double	sum = 0;
	size_t	i;

	buf[0] = '\0';
	if (!has_figures(e) || !e->fig.rates || e->fig.nvcpu == 0)
		return;
	for (i = 0; i < e->fig.nvcpu; i++)
		sum += e->fig.vcpu_pct[i];
	snprintf(buf, len, "%.0f%%", sum);
}

/* "12.3 MiB/s": bytes a second in the unit that keeps them short. */
static void
rate_text(double bps, char *buf, size_t len)
{
	static const char *const	 unit[] = { "B/s", "KiB/s", "MiB/s",
					    "GiB/s" };
	size_t				 u = 0;

	while (bps >= 1024 && u + 1 < sizeof unit / sizeof unit[0]) {
		bps /= 1024;
		u++;
	}
	snprintf(buf, len, u > 0 ? "%.1f %s" : "%.0f %s", bps, unit[u]);
}

int
guests_figures_line(const struct guests_entry *e, char *buf, size_t len)
{
	const struct guest_figures	*f = &e->fig;
	char				 rd[32], wr[32];
	size_t				 i, used;

	if (!has_figures(e))
		return 0;
	used = (size_t)snprintf(buf, len, "  Costs: CPU");
	for (i = 0; i < f->nvcpu && f->rates && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s vCPU%zu "
		    "%.0f%%", i > 0 ? "," : "", i, f->vcpu_pct[i]);
	/* The rates need two samples: the first is a second old. */
	if (!f->rates && used < len)
		used += (size_t)snprintf(buf + used, len - used, " measuring");
	if (used < len)
		used += (size_t)snprintf(buf + used, len - used,
		    "; memory %llu MiB resident", f->rss_kib / 1024);
	if (f->rates && f->error[0] == '\0' && used < len) {
		rate_text(f->rd_bps, rd, sizeof rd);
		rate_text(f->wr_bps, wr, sizeof wr);
		used += (size_t)snprintf(buf + used, len - used, "; disks %s "
		    "read, %s written", rd, wr);
	}
	if (f->error[0] != '\0' && used < len)
		snprintf(buf + used, len - used, "; QEMU refused %s", f->error);
	return 1;
}
