/*
 * The Network pane: the VDE switch, the tap, slirpvde's DHCP and the
 * switch's ports, as src/net/vde_watch.c keeps them; s starts what is
 * missing, x stops it (after a question), each on the loop while the
 * pane says it is under way.  The pane redraws when the watch says
 * something changed.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialogs.h"
#include "draw.h"
#include "netcfg.h"
#include "pane.h"
#include "panes.h"
#include "text.h"
#include "userconf.h"
#include "vde.h"
#include "vde_watch.h"

#define LABEL_W	10

struct net_pane {
	struct pane_ctx		 ctx;		/* what it was made from */
	struct pane		*pane;		/* its own, to say it changed */
	const char		*net_config;	/* NULL: net.conf's default */
	struct vde_watch	*watch;		/* NULL: the config is bad */
	struct vde_op		*op;		/* a start or stop under way */
	const char		*op_verb;	/* "start", "stop" */
	const char		*op_doing;	/* "starting", "stopping" */
	char			 cfg_err[512];
	int			 top;		/* first port row shown */
	int			 ports_h;
};

static void
on_change(void *arg)
{
	struct net_pane	*p = arg;

	ui_pane_changed(p->ctx.ui, p->pane);
}

/* Reads net.conf again and watches what it describes. */
static int
load(struct net_pane *p)
{
	struct netcfg	cfg;

	if (netcfg_load(&cfg, p->net_config, p->cfg_err, sizeof p->cfg_err) < 0)
		return -1;
	p->cfg_err[0] = '\0';
	vde_watch_free(p->watch);
	p->watch = vde_watch_new(p->ctx.loop, &cfg, p->ctx.proc_root, on_change,
	    p);
	if (p->watch == NULL)
		snprintf(p->cfg_err, sizeof p->cfg_err, "out of memory");
	return p->watch ? 0 : -1;
}

static void
put_row(int y, const struct pane_rect *r, const char *label,
    const char *value, int attr)
{
	attron(A_BOLD);
	text_put(y, r->x + 1, LABEL_W, label);
	attroff(A_BOLD);
	attron(attr);
	text_put(y, r->x + 1 + LABEL_W, r->w - 1 - LABEL_W, value);
	attroff(attr);
}

/* A dead daemon's log, one row a line; returns the next row. */
static int
put_log(int y, const struct pane_rect *r, const char *log)
{
	char		 line[300];
	const char	*s = log, *nl;

	for (; *s != '\0'; s = *nl ? nl + 1 : nl) {
		nl = s + strcspn(s, "\n");
		snprintf(line, sizeof line, "| %.*s", (int)(nl - s), s);
		put_row(y++, r, "", line, 0);
	}
	return y;
}

static int
state_attr(enum vde_state s)
{
	return s == VDE_UP || s == VDE_EXTERNAL ? ui_color(UI_COLOR_GOOD) :
	    ui_color(UI_COLOR_WARN);
}

static int
draw_switch(struct net_pane *p, int y, const struct pane_rect *r,
    const struct netcfg *cfg, const struct vde_status *st)
{
	char	line[2 * PATH_MAX + 32];

	if (st->sw == VDE_UP)
		snprintf(line, sizeof line, "up, started by vfiotui (pid %d)",
		    (int)st->sw_pid);
	else if (st->sw == VDE_EXTERNAL)
		snprintf(line, sizeof line, "up, external (not started by "
		    "vfiotui; x stops it only after asking)");
	else if (st->sw == VDE_DEAD)
		snprintf(line, sizeof line, "dead: vde_switch is gone "
		    "(s starts it again)");
	else
		snprintf(line, sizeof line, "down%s (s starts it)", st->stale ?
		    ", stale sockets left" : "");
	put_row(y++, r, "Switch", line, state_attr(st->sw));
	if (p->op != NULL) {
		snprintf(line, sizeof line, "%s... (s and x wait for it)",
		    p->op_doing);
		put_row(y++, r, "", line, ui_color(UI_COLOR_WARN));
	}
	if (st->sw == VDE_DEAD)
		y = put_log(y, r, st->sw_log);
	put_row(y++, r, "Socket", cfg->sock, 0);
	put_row(y++, r, "Mgmt", cfg->mgmt, 0);
	return y;
}

static int
draw_tap_dhcp(int y, const struct pane_rect *r, const struct netcfg *cfg,
    const struct vde_status *st)
{
	char	line[PATH_MAX + 256];

	if (cfg->tap[0] == '\0')
		snprintf(line, sizeof line, "none (set 'tap =' and 'address =' "
		    "in the config; needs root)");
	else
		snprintf(line, sizeof line, "%s %s %s", cfg->tap,
		    !st->tap_exists ? "absent" : st->tap_up ? "up" : "down",
		    st->tap_addrs[0] ? st->tap_addrs : "(no address)");
	put_row(y++, r, "Tap", line, 0);
	if (!cfg->slirp)
		snprintf(line, sizeof line, "off (slirp = off)");
	else if (st->slirp == VDE_UP)
		snprintf(line, sizeof line, "slirpvde up (pid %d), %s",
		    (int)st->slirp_pid, cfg->dhcp ? "DHCP on" : "NAT only");
	else
		snprintf(line, sizeof line, "slirpvde %s",
		    vde_state_word(st->slirp));
	put_row(y++, r, "DHCP", line, cfg->slirp ? state_attr(st->slirp) : 0);
	if (st->slirp == VDE_DEAD)
		y = put_log(y, r, st->slirp_log);
	if (st->slirp == VDE_UP && st->dhcp[0] != '\0')
		put_row(y++, r, "", st->dhcp, 0);
	if (st->slirp == VDE_UP && cfg->dhcp)
		put_row(y++, r, "", "leases: not reported by slirpvde", 0);
	snprintf(line, sizeof line, "%s%s", cfg->file, cfg->file_exists ? "" :
	    " (not present: defaults)");
	put_row(y++, r, "Config", line, 0);
	return y;
}

static void
draw_ports(struct net_pane *p, int y, const struct pane_rect *r,
    const struct vde_status *st)
{
	char	line[256];
	int	i, row = 0, shown = 0, active = 0;

	attron(ui_color(UI_COLOR_HEADING) | A_UNDERLINE);
	text_put(y++, r->x, r->w, "  PORT  USER      ENDPOINT");
	attroff(ui_color(UI_COLOR_HEADING) | A_UNDERLINE);
	p->ports_h = r->y + r->h - y;
	if (st->sw != VDE_UP && st->sw != VDE_EXTERNAL)
		return;
	if (!st->mgmt_ok) {
		text_put(y, r->x + 2, r->w - 2, "unknown: no management socket "
		    "answers (vde_switch -M)");
		return;
	}
	for (i = 0; i < st->nports; i++)
		active += st->ports[i].active;
	if (p->top > active - p->ports_h)
		p->top = active > p->ports_h ? active - p->ports_h : 0;
	for (i = 0; i < st->nports && shown < p->ports_h; i++) {
		if (!st->ports[i].active || row++ < p->top)
			continue;
		snprintf(line, sizeof line, "  %4d  %-8s  %s",
		    st->ports[i].number, st->ports[i].user,
		    st->ports[i].desc[0] ? st->ports[i].desc :
		    st->ports[i].module);
		text_put(y + shown++, r->x, r->w, line);
	}
	if (row == 0)
		text_put(y, r->x + 2, r->w - 2, "no ports in use");
}

static void
net_draw(struct pane *pane, const struct pane_rect *r)
{
	struct net_pane		*p = pane->data;
	const struct vde_status	*st;
	const struct netcfg	*cfg;
	int			 y = r->y + 1;

	if (p->watch == NULL) {
		attron(ui_color(UI_COLOR_WARN));
		text_put(y, r->x + 1, r->w - 1, p->cfg_err);
		attroff(ui_color(UI_COLOR_WARN));
		text_put(y + 2, r->x + 1, r->w - 1, "Fix the file, then press "
		    "s to read it again and start the switch.");
		return;
	}
	st = vde_watch_status(p->watch);
	cfg = vde_watch_config(p->watch);
	y = draw_switch(p, y, r, cfg, st);
	y = draw_tap_dhcp(y, r, cfg, st);
	draw_ports(p, y + 1, r, st);
}

/* The last line of what an action did, for the status bar. */
static const char *
last_line(char *done)
{
	char	*nl;

	while ((nl = strrchr(done, '\n')) != NULL && nl[1] == '\0')
		*nl = '\0';
	return (nl = strrchr(done, '\n')) != NULL ? nl + 1 : done;
}

static void
on_op_end(const char *done, const char *err, void *arg)
{
	struct net_pane	*p = arg;
	char		 text[2048];

	snprintf(text, sizeof text, "%s", done);
	if (err != NULL)
		ui_message(p->ctx.ui, "net %s: %s", p->op_verb, err);
	else
		ui_message(p->ctx.ui, "%s", last_line(text));
	vde_op_free(p->op);
	p->op = NULL;
	vde_watch_hold(p->watch, 0);
}

/* One at a time: a second would race the first for the same daemons. */
static int
busy(struct net_pane *p)
{
	if (p->op == NULL)
		return 0;
	ui_message(p->ctx.ui, "net: a %s is under way; s and x wait for it",
	    p->op_verb);
	return 1;
}

/* OP (NULL: out of memory) goes on on the loop until on_op_end(). */
static void
under_way(struct net_pane *p, struct vde_op *op, const char *verb,
    const char *doing)
{
	if ((p->op = op) == NULL) {
		ui_message(p->ctx.ui, "net %s: out of memory", verb);
		return;
	}
	p->op_verb = verb;
	p->op_doing = doing;
	vde_watch_hold(p->watch, 1);
}

static void
start(struct net_pane *p)
{
	if (busy(p))
		return;
	if (load(p) == -1) {
		ui_message(p->ctx.ui, "net: %s", p->cfg_err);
		return;
	}
	under_way(p, vde_op_start(p->ctx.loop, vde_watch_config(p->watch),
	    p->ctx.proc_root, on_op_end, p), "start", "starting");
}

static void
stop(struct net_pane *p, int force)
{
	under_way(p, vde_op_stop(p->ctx.loop, vde_watch_config(p->watch),
	    p->ctx.proc_root, force, on_op_end, p), "stop", "stopping");
}

static void
stop_ours(void *arg)
{
	stop(arg, 0);
}

static void
stop_external(void *arg)
{
	stop(arg, 1);
}

static void
ask_stop(struct net_pane *p)
{
	const struct vde_status	*st;
	char			 q[PATH_MAX + 128];

	if (p->watch == NULL || busy(p))
		return;
	st = vde_watch_status(p->watch);
	if (st->sw == VDE_EXTERNAL) {
		snprintf(q, sizeof q, "The switch at %s was not started by "
		    "vfiotui. Stop it anyway? Guests on it lose their network.",
		    vde_watch_config(p->watch)->sock);
		ui_confirm(p->ctx.ui, q, stop_external, p);
		return;
	}
	snprintf(q, sizeof q, "Stop the switch at %s and slirpvde? Guests on "
	    "it lose their network.", vde_watch_config(p->watch)->sock);
	ui_confirm(p->ctx.ui, q, stop_ours, p);
}

static void
net_action(struct pane *pane, enum ui_action action)
{
	struct net_pane	*p = pane->data;

	switch (action) {
	case ACT_START:
		start(p);
		break;
	case ACT_STOP:
		ask_stop(p);
		break;
	case ACT_UP:
		p->top = p->top > 0 ? p->top - 1 : 0;
		break;
	case ACT_DOWN:
		p->top++;
		break;
	case ACT_HOME:
		p->top = 0;
		break;
	default:
		ui_unsupported(p->ctx.ui, "Network", action);
		break;
	}
}

static void
net_status(struct pane *pane, char *buf, size_t len)
{
	struct net_pane		*p = pane->data;
	const struct vde_status	*st;
	int			 i, used = 0;

	if (p->watch == NULL) {
		snprintf(buf, len, "Network: the config cannot be read");
		return;
	}
	st = vde_watch_status(p->watch);
	for (i = 0; i < st->nports; i++)
		used += st->ports[i].active;
	snprintf(buf, len, "Switch %s, %d port%s in use, DHCP %s | %s%s",
	    vde_state_word(st->sw), used, used == 1 ? "" : "s",
	    vde_watch_config(p->watch)->dhcp ? vde_state_word(st->slirp) :
	    "off", p->op != NULL ? p->op_doing : "s start  x stop",
	    p->op != NULL ? "..." : "");
}

static void
net_free(void *data)
{
	struct net_pane	*p = data;

	vde_op_free(p->op);
	vde_watch_free(p->watch);
}

static const struct pane_ops net_ops = {
	.draw = net_draw,
	.action = net_action,
	.status = net_status,
	.free = net_free,
};

struct pane *
pane_net_new(const struct pane_ctx *ctx)
{
	struct net_pane	*p;
	struct pane	*pane;

	if ((p = calloc(1, sizeof *p)) == NULL)
		return NULL;
	p->ctx = *ctx;
	if (ctx->conf->net_config[0] != '\0')
		p->net_config = ctx->conf->net_config;
	load(p);
	if ((pane = pane_new("Network", &net_ops, p)) != NULL)
		p->pane = pane;
	return pane;
}
