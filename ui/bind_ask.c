/*
 * b in the IOMMU pane: the plan before the question.  Each group's dry
 * run (bind's own, through ui_binding_plan, so the rules are the
 * backend's alone) says which devices would move, which the backend
 * refuses and why, and what it warns of.  y binds the groups that are not
 * refused; F asks once more, naming each risk, and then takes the refused
 * ones too, as bind --force does.  How each device resets is a reason
 * too (src/host/reset.c's traps); an iGPU whose unbind can hang the host
 * takes a second y that names it.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bind.h"
#include "binding.h"
#include "dialogs.h"
#include "host.h"
#include "iommu_pane.h"
#include "listask.h"
#include "pcinames.h"
#include "reset.h"

/* A plan's text as it grows. */
struct text {
	char	*buf;
	size_t	 len, used;
};

static void __attribute__((format(printf, 2, 3)))
add(struct text *t, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	if (t->used >= t->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->used, t->len - t->used, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->used += (size_t)n;
}

/* A device's line fits the box at 80 columns: its name is cut to fit. */
#define DEVICE_LINE	72

/* S cut to at most N bytes, never inside a UTF-8 character. */
static void
cut(char *s, size_t n)
{
	if (strlen(s) <= n)
		return;
	while (n > 0 && (s[n] & 0xc0) == 0x80)
		n--;
	s[n] = '\0';
}

/* BD's index in the host model; -1 if it has gone. */
static long
dev_index(const struct iommu_pane *p, const struct bind_dev *bd)
{
	struct pci_addr	addr;

	if (pci_addr_parse(bd->name, &addr) != 0)
		return -1;
	return host_find(p->ctx.host, &addr);
}

/* "01:00.0 nvidia -> vfio-pci  NVIDIA Corporation GP106M [...]" */
static void
add_device(struct iommu_pane *p, const struct bind_dev *bd, struct text *t)
{
	char		slot[PCI_ADDR_LEN], name[256] = "", head[160];
	long		i;
	int		n;

	snprintf(slot, sizeof slot, "%s", bd->name);
	if ((i = dev_index(p, bd)) != -1) {
		pci_addr_format_slot(&p->ctx.host->devs[i].addr,
		    p->ctx.host->with_domains, slot);
		pcinames_device_plain(p->ctx.names, &p->ctx.host->devs[i], name,
		    sizeof name);
	}
	n = snprintf(head, sizeof head, "  %s %s -> vfio-pci  ", slot,
	    bd->driver_before[0] ? bd->driver_before : "(no driver)");
	cut(name, n < DEVICE_LINE ? (size_t)(DEVICE_LINE - n) : 0);
	add(t, "%s%s\n", head, name);
}

/* What forcing refusal BIT risks, for the second question. */
static const char *
risk_of(unsigned int bit)
{
	switch (bit) {
	case BIND_REFUSE_BOOT_VGA:
		return "the host loses its console";
	case BIND_REFUSE_STORAGE:
		return "the host's disks on it vanish from under it";
	case BIND_REFUSE_NETWORK:
		return "the host loses that network";
	case BIND_REFUSE_IN_USE:
		return "the processes using it lose it";
	}
	return "the host may need it";
}

/* Each refusal and warning of BD, a line each; RISKS gets the refusals. */
static void
add_reasons(const struct bind_dev *bd, struct text *t, struct text *risks)
{
	unsigned int	bit;

	for (bit = 1; bit != 0 && bit <= bd->refusals; bit <<= 1) {
		if (!(bd->refusals & bit))
			continue;
		if (bit == BIND_REFUSE_IN_USE)
			add(t, "    refused: in use by %s\n", bd->holders);
		else
			add(t, "    refused: %s\n", bind_refusal_words(bit));
		add(risks, "%s is %s: %s.\n", bd->name, bit ==
		    BIND_REFUSE_IN_USE ? "in use" : bind_refusal_words(bit),
		    risk_of(bit));
	}
	if (bd->warnings & BIND_WARN_USB)
		add(t, "    warning: %s\n", bind_warning_words(BIND_WARN_USB));
}

/*
 * BD's reset trap, if it has one, as show words it; HANGS gets the one
 * whose unbind can hang the host.  Whether it had that one.
 */
static int
add_reset(struct iommu_pane *p, const struct bind_dev *bd, struct text *t,
    struct text *hangs)
{
	struct reset_advice	a;
	char			line[512];
	long			i;

	if ((i = dev_index(p, bd)) == -1)
		return 0;
	reset_advise(p->ctx.host, (size_t)i, &a);
	if (a.trap == RESET_TRAP_NONE)
		return 0;
	add(t, "    reset: %s\n", reset_advice_line(&a, line, sizeof line));
	if (a.trap != RESET_TRAP_IGPU_HANG)
		return 0;
	add(hangs, "%s: %s.\n", bd->name, a.why);
	return 1;
}

/*
 * Group RES in the plan; whether the backend refuses it, or -1 when it
 * could not plan it at all (nothing to take, or to force).
 */
static int
add_group(struct iommu_pane *p, const struct bind_result *res,
    struct text *t, struct text *risks, struct text *hangs, int *hang)
{
	size_t	i;
	int	refused = res->failure == BIND_FAIL_REFUSED;

	*hang = 0;
	if (res->failure != BIND_FAIL_NONE && !refused) {
		add(t, "Group %d: cannot plan it; left as it is\n", res->group);
		return -1;
	}
	add(t, "Group %d%s:\n", res->group, refused ? ": REFUSED, left as it "
	    "is" : ", to vfio-pci");
	if (res->ndevs == 0)
		add(t, "  every device is on vfio-pci already\n");
	for (i = 0; i < res->ndevs; i++) {
		add_device(p, &res->devs[i], t);
		add_reasons(&res->devs[i], t, risks);
		*hang |= add_reset(p, &res->devs[i], t, hangs);
	}
	if (res->group_holders[0] != '\0') {
		add(t, "    refused: a running guest holds it (%s)\n",
		    res->group_holders);
		add(risks, "Group %d's guest (%s) loses its devices under "
		    "it.\n", res->group, res->group_holders);
	}
	return refused;
}

/*
 * Binds each planned group in turn, on the loop; FORCE: the refused ones
 * too, forced.
 */
static void
bind_planned(struct iommu_pane *p, int force)
{
	struct ui_bind_job	jobs[sizeof p->plan / sizeof p->plan[0]];
	size_t			i, n = 0;

	for (i = 0; i < p->nplan; i++)
		if (!p->plan[i].refused || force)
			jobs[n++] = (struct ui_bind_job){ .host = p->ctx.host,
			    .proc_root = p->ctx.proc_root,
			    .addr = p->plan[i].addr,
			    .bind = 1, .force = p->plan[i].refused };
	ui_binding_start(p->ctx.ui, jobs, n, 1, NULL, NULL);
	p->nplan = 0;
	p->nmarks = 0;
}

/* y to a second question binds the plan, FORCE as asked; else nothing. */
static void
answer_again(struct iommu_pane *p, int ch, int force)
{
	if (ch == 'y') {
		bind_planned(p, force);
		return;
	}
	p->nplan = 0;
	ui_message(p->ctx.ui, "nothing was changed");
}

static void
on_force_key(int ch, void *arg)
{
	answer_again(arg, ch, 1);
}

static void
on_hang_key(int ch, void *arg)
{
	answer_again(arg, ch, 0);
}

static void
on_plan_key(int ch, void *arg)
{
	struct iommu_pane	*p = arg;
	size_t			 i, refused = 0, hangs = 0;

	for (i = 0; i < p->nplan; i++) {
		refused += p->plan[i].refused != 0;
		hangs += !p->plan[i].refused && p->plan[i].hangs;
	}
	if (ch == 'y' && hangs > 0) {
		ui_ask_list(p->ctx.ui, "Unbinding may hang the host. Take it "
		    "anyway?", p->plan_hangs, "y: take it anyway    any other "
		    "key: no", on_hang_key, p);
		return;
	}
	if (ch == 'y' && refused < p->nplan) {
		bind_planned(p, 0);
		return;
	}
	if (ch == 'F' && refused > 0) {
		snprintf(p->plan_risks + strlen(p->plan_risks),
		    sizeof p->plan_risks - strlen(p->plan_risks), "%s",
		    p->plan_hangs);
		ui_ask_list(p->ctx.ui,
		    "Force the refused, as bind --force does? "
		    "The risks:", p->plan_risks, "y: take them anyway    any "
		    "other key: no", on_force_key, p);
		return;
	}
	p->nplan = 0;
	ui_message(p->ctx.ui, "nothing was changed");
}

/* What each key does, for a plan with REFUSED of its N groups refused. */
static const char *
plan_keys(size_t refused, size_t n)
{
	if (n == 0)
		return "any key closes this";
	if (refused == 0)
		return "y: yes    any other key: no";
	if (refused == n)
		return "F: force it (asks again)    any other key: no";
	return "y: the rest only   F: force the refused too   other key: no";
}

void
iommu_ask_bind_plan(struct iommu_pane *p, const struct pci_addr *addrs,
    size_t n)
{
	struct bind_result	res;
	struct text		t = { p->plan_text, sizeof p->plan_text, 0 };
	struct text		risks = { p->plan_risks, sizeof p->plan_risks,
				    0 };
	struct text		hangs = { p->plan_hangs, sizeof p->plan_hangs,
				    0 };
	char			groups[128], title[200];
	struct text		tt = { groups, sizeof groups, 0 };
	size_t			i, refused = 0;
	int			r, hang;

	p->plan_text[0] = p->plan_risks[0] = p->plan_hangs[0] = '\0';
	groups[0] = '\0';
	p->nplan = 0;
	for (i = 0; i < n && i < MAX_MARKS; i++) {
		ui_binding_plan(p->ctx.host, p->ctx.proc_root, &addrs[i], &res);
		add(&tt, "%s%d", i == 0 ? "" : i + 1 < n ? ", " : " and ",
		    res.group);
		if ((r = add_group(p, &res, &t, &risks, &hangs, &hang)) !=
		    -1) {
			p->plan[p->nplan].addr = addrs[i];
			p->plan[p->nplan].hangs = hang;
			p->plan[p->nplan++].refused = r;
			refused += (size_t)r;
		}
		bind_result_clear(&res);
	}
	snprintf(title, sizeof title, "Give IOMMU group%s %s to vfio-pci?%s",
	    n == 1 ? "" : "s", groups, refused ? " Not all of it:" : "");
	ui_ask_list(p->ctx.ui, title, p->plan_text, plan_keys(refused,
	    p->nplan),
	    on_plan_key, p);
}
