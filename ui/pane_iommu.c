/*
 * The IOMMU pane: every group with its devices, a cursor on one device,
 * and a detail panel for it.  Rows are group headings and devices in the
 * model's own order, so a device's row follows from its index.
 */
#include "config.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialogs.h"
#include "draw.h"
#include "host.h"
#include "iommu_pane.h"
#include "pane.h"
#include "panes.h"
#include "pcinames.h"
#include "reset.h"
#include "text.h"

#define DETAIL_LINES	5
struct columns {
	int	addr, cls, name, driver, power;
};

static int
any_override(const struct host *host)
{
	size_t	i;

	for (i = 0; i < host->ndevs; i++)
		if (host->devs[i].driver_override[0] != '\0')
			return 1;
	return 0;
}

static void
layout_columns(const struct host *host, int width, struct columns *c)
{
	c->addr = host->with_domains ? 12 : 7;
	c->cls = width >= 110 ? 26 : 16;
	/* Room for "driver [override]" only when some device has one. */
	c->driver = any_override(host) && width >= 100 ? 24 : 14;
	c->power = 9;
	/* Two-column indent and a space between columns. */
	c->name = width - 2 - c->addr - c->cls - c->driver - c->power - 4;
	if (c->name < 10)
		c->name = 10;
}

static void
draw_heading(struct iommu_pane *p, int y, const struct pane_rect *r,
    const struct iommu_group *g)
{
	char	label[64], verdict[64];
	size_t	n = g ? g->count : p->ctx.host->nungrouped, blockers;
	int	attr = ui_color(UI_COLOR_WARN), lw;

	if (g == NULL) {
		snprintf(label, sizeof label, "No IOMMU group (%zu device%s)",
		    n, n == 1 ? "" : "s");
		snprintf(verdict, sizeof verdict, "cannot be passed through");
	} else {
		snprintf(label, sizeof label, "IOMMU Group %d (%zu device%s)%s",
		    g->number, n, n == 1 ? "" : "s",
		    iommu_is_marked(p, g->number) ? " [marked]" : "");
		blockers = iommu_group_blockers(p->ctx.host, g);
		if (blockers == 0) {
			snprintf(verdict, sizeof verdict, "viable for VFIO");
			attr = ui_color(UI_COLOR_GOOD);
		} else
			snprintf(verdict, sizeof verdict,
			    "not viable: %zu held by host drivers", blockers);
	}
	lw = (int)strlen(label) + 2;
	attron(ui_color(UI_COLOR_HEADING) | A_BOLD);
	text_put(y, r->x, lw, label);
	attroff(ui_color(UI_COLOR_HEADING) | A_BOLD);
	attron(attr);
	text_put(y, r->x + lw, r->w - lw, verdict);
	attroff(attr);
}

static int
is_flashing(const struct iommu_pane *p, const struct pci_addr *addr,
    long long now)
{
	size_t	i;

	for (i = 0; i < p->nflashes; i++)
		if (pci_addr_cmp(&p->flashes[i].addr, addr) == 0 &&
		    p->flashes[i].until > now)
			return 1;
	return 0;
}

static void
driver_text(const struct pci_dev_info *d, char *buf, size_t len)
{
	if (d->driver_override[0] != '\0')
		snprintf(buf, len, "%s [%s]", d->driver[0] ? d->driver : "-",
		    d->driver_override);
	else
		snprintf(buf, len, "%s", d->driver[0] ? d->driver : "-");
}

/* The power word, and "ff" where config space would read all ones. */
static void
power_text(const struct pci_dev_info *d, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", pci_dev_power_word(d),
	    pci_dev_reads_ff(d) ? " ff" : "");
}

static void
draw_device(struct iommu_pane *p, int y, const struct pane_rect *r,
    const struct columns *c, size_t i, long long now)
{
	const struct pci_dev_info	*d = &p->ctx.host->devs[i];
	char				 slot[PCI_ADDR_LEN], buf[256];
	const struct iommu_group	*g = host_group_of(p->ctx.host, i);
	int				 x, sel = i == p->cursor;
	int				 flash = is_flashing(p, &d->addr, now);
	int				 mark;
	int				 driver_attr = 0, power_attr = 0;

	mark = g && iommu_is_marked(p, g->number);
	if (strcmp(d->driver, "vfio-pci") == 0)
		driver_attr = ui_color(UI_COLOR_GOOD);
	if (strcmp(pci_dev_power_word(d), "D0") != 0)
		power_attr = ui_color(UI_COLOR_WARN);
	if (sel)
		attron(A_REVERSE);
	if (flash)
		attron(A_BOLD);
	/* The mark shows on a monochrome screen and in a screen capture. */
	text_put(y, r->x, 2, sel ? (mark ? ">+" : "> ") : mark ? "+ " :
	    flash ? "* " : "");
	pci_addr_format_slot(&d->addr, p->ctx.host->with_domains, slot);
	x = text_column(y, r->x + 2, c->addr, slot);
	x = text_column(y, x, c->cls,
	    pcinames_class_plain(p->ctx.names, d, buf, sizeof buf));
	x = text_column(y, x, c->name,
	    pcinames_device_plain(p->ctx.names, d, buf, sizeof buf));
	attron(driver_attr);
	driver_text(d, buf, sizeof buf);
	x = text_column(y, x, c->driver, buf);
	attroff(driver_attr);
	attron(power_attr);
	power_text(d, buf, sizeof buf);
	text_put(y, x, r->x + r->w - x, buf);
	attroff(power_attr | A_REVERSE | A_BOLD);
}

static void
draw_list(struct iommu_pane *p, const struct pane_rect *r)
{
	const struct host	*host = p->ctx.host;
	struct columns		 c;
	size_t			 row, end = p->lv.top + (size_t)p->lv.h;
	long long		 now = ui_now_ms();
	long			 gi;
	int			 y;

	layout_columns(host, r->w, &c);
	for (row = p->lv.top; row < end && row < p->nrows; row++) {
		y = r->y + 1 + (int)(row - p->lv.top);
		gi = p->rows[row].group;
		if (p->rows[row].dev == -1)
			draw_heading(p, y, r, gi == -1 ? NULL :
			    &host->groups[gi]);
		else
			draw_device(p, y, r, &c, (size_t)p->rows[row].dev,
			    now);
	}
}

static void
draw_titles(struct iommu_pane *p, const struct pane_rect *r)
{
	struct columns	c;
	int		x;

	layout_columns(p->ctx.host, r->w, &c);
	attron(ui_color(UI_COLOR_HEADING) | A_UNDERLINE);
	text_put(r->y, r->x, 2, "");
	x = text_column(r->y, r->x + 2, c.addr, "ADDRESS");
	x = text_column(r->y, x, c.cls, "CLASS");
	x = text_column(r->y, x, c.name, "DEVICE");
	x = text_column(r->y, x, c.driver, "DRIVER");
	text_put(r->y, x, r->x + r->w - x, "POWER");
	attroff(ui_color(UI_COLOR_HEADING) | A_UNDERLINE);
}

/*
 * How the cursor's device resets, read once a device (reset_method is a
 * file) and again when the model changes.
 */
static const struct reset_advice *
cursor_reset(struct iommu_pane *p)
{
	if (p->reset_of != (long)p->cursor) {
		reset_advise(p->ctx.host, p->cursor, &p->reset);
		p->reset_of = (long)p->cursor;
	}
	return &p->reset;
}

/*
 * The selected device's detail: the lspci line, subsystem, driver and
 * group, power, reset; one a line.  Returns the number of lines.
 */
static int
detail_text(struct iommu_pane *p, char *out, size_t len)
{
	const struct pci_dev_info	*d = &p->ctx.host->devs[p->cursor];
	const struct iommu_group	*g = host_group_of(p->ctx.host,
	    p->cursor);
	char				 line[1024], buf[512];

	pcinames_lspci_line(p->ctx.names, d, p->ctx.host->with_domains, line,
	    sizeof line);
	snprintf(out, len, "%s\n  Subsystem: %s\n", line,
	    d->subsys_vendor != 0 && d->subsys_vendor != 0xffff ?
	    pcinames_subsystem(p->ctx.names, d, buf, sizeof buf) : "(none)");
	if (g != NULL && iommu_group_is_viable(p->ctx.host, g))
		snprintf(buf, sizeof buf, "group %d viable /dev/vfio/%d",
		    g->number, g->number);
	else if (g != NULL)
		snprintf(buf, sizeof buf, "group %d not viable", g->number);
	else
		snprintf(buf, sizeof buf, "no IOMMU group");
	snprintf(out + strlen(out), len - strlen(out), "  Driver: %s  "
	    "override: %s  %s  parent: %s  boot_vga: %s\n",
	    d->driver[0] ? d->driver : "-",
	    d->driver_override[0] ? d->driver_override : "-", buf,
	    d->parent[0] ?
	    d->parent + (p->ctx.host->with_domains ? 0 : 5) : "-",
	    d->boot_vga == -1 ? "-" : d->boot_vga ? "1" : "0");
	snprintf(out + strlen(out), len - strlen(out), "  Power: %s "
	    "(power_state %s, runtime %s, control %s, d3cold_allowed %s)%s",
	    pci_dev_power_word(d), d->power_state[0] ? d->power_state : "?",
	    d->runtime_status[0] ? d->runtime_status : "?",
	    d->power_control[0] ? d->power_control : "?",
	    d->d3cold_allowed == -1 ? "?" : d->d3cold_allowed ? "1" : "0",
	    pci_dev_reads_ff(d) ? "  config reads ff" : "");
	snprintf(out + strlen(out), len - strlen(out), "\n  Reset: %s",
	    reset_advice_line(cursor_reset(p), buf, sizeof buf));
	return 5;
}

/* The reset line in the colour of its advice. */
static attr_t
detail_attr(struct iommu_pane *p, const char *line)
{
	if (strncmp(line, "  Reset:", 8) != 0)
		return A_NORMAL;
	switch (cursor_reset(p)->level) {
	case RESET_WARN:
		return ui_color(UI_COLOR_WARN);
	case RESET_BAD:
		return ui_color(UI_COLOR_BAD);
	default:
		return A_NORMAL;
	}
}

/* The detail's lines, a long one split in two where it holds "  parent:". */
static void
draw_detail(struct iommu_pane *p, int y, const struct pane_rect *r)
{
	char	 text[4096], *line, *next, *cut;
	int	 x = r->x;

	mvhline(y++, r->x, ACS_HLINE, r->w);
	if (p->nshown == 0) {
		text_put(y, r->x, r->w, p->ctx.host->ndevs == 0 ?
		    "No PCI devices." : p->filter[0] != '\0' ?
		    "No device matches the filter (Esc clears it)." :
		    "Every device is hidden by the config.");
		return;
	}
	detail_text(p, text, sizeof text);
	for (line = text; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		attrset(line == text ? A_BOLD : detail_attr(p, line));
		if ((int)strlen(line) > r->w &&
		    (cut = strstr(line, "  parent:")) != NULL) {
			/* The second line keeps the detail's indent. */
			*cut = '\0';
			text_put(y++, r->x, r->w, line);
			text_put(y, r->x, 2, "");
			line = cut + 2;
			x = r->x + 2;
		}
		text_put(y++, x, r->x + r->w - x, line);
		x = r->x;
		attrset(A_NORMAL);
	}
}

/* Enter: the detail in full, and who else is in the group. */
static void
show_detail(struct iommu_pane *p)
{
	const struct iommu_group	*g = host_group_of(p->ctx.host,
	    p->cursor);
	char				 text[4096], slot[PCI_ADDR_LEN];
	char				 title[64];
	size_t				 i;

	detail_text(p, text, sizeof text);
	for (i = 0; g != NULL && i < g->count; i++) {
		const struct pci_dev_info *d = &p->ctx.host->devs[g->first + i];

		pci_addr_format_slot(&d->addr, p->ctx.host->with_domains, slot);
		snprintf(text + strlen(text), sizeof text - strlen(text),
		    "%s  group %d: %s %s", i == 0 ? "\n" : "\n", g->number,
		    slot, d->driver[0] ? d->driver : "(no driver)");
	}
	pci_addr_format_slot(&p->ctx.host->devs[p->cursor].addr,
	    p->ctx.host->with_domains, slot);
	snprintf(title, sizeof title, "%s (vfiotui show %s has it all)",
	    slot, slot);
	ui_overlay(p->ctx.ui, title, text);
}

/* Keeps the cursor's row, and its heading when there is room, in view. */
static void
scroll_to_cursor(struct iommu_pane *p, int h)
{
	if (p->nshown == 0) {
		p->lv.h = h;
		p->lv.top = 0;
		return;
	}
	p->lv.cursor = iommu_row_of_cursor(p);
	listview_scroll_context(&p->lv, h, 1);
}

static void
iommu_draw(struct pane *pane, const struct pane_rect *r)
{
	struct iommu_pane	*p = pane->data;
	int			 detail_h = DETAIL_LINES + 1;

	/* At 80 columns the driver line takes two. */
	if (r->w < 100)
		detail_h++;
	if (r->h < 8)
		detail_h = 0;
	iommu_build_rows(p);
	scroll_to_cursor(p, r->h - 1 - detail_h);
	draw_titles(p, r);
	draw_list(p, r);
	if (detail_h > 0)
		draw_detail(p, r->y + r->h - detail_h, r);
}

static void
set_cursor(struct iommu_pane *p, size_t i)
{
	p->cursor = i;
	p->cursor_addr = p->ctx.host->devs[i].addr;
}

/* Keys that mean nothing here say so rather than do nothing. */
static void
iommu_unsupported(struct iommu_pane *p, enum ui_action action)
{
	if (action == ACT_DETAIL && p->nshown > 0)
		show_detail(p);
	else
		ui_unsupported(p->ctx.ui, "IOMMU", action);
}

static void
iommu_action(struct pane *pane, enum ui_action action)
{
	struct iommu_pane	*p = pane->data;
	size_t			 page;

	iommu_build_rows(p);
	page = p->lv.h > 2 ? (size_t)p->lv.h - 2 : 1;
	if (iommu_move(p, action, page))
		return;
	switch (action) {
	case ACT_FILTER:
		iommu_ask_filter(p);
		break;
	case ACT_SELECT:
		if (p->nshown > 0)
			iommu_toggle_mark(p);
		break;
	case ACT_CLEAR_FILTER:
		iommu_clear_filter(p);
		break;
	case ACT_NEXT_MATCH:
	case ACT_PREV_MATCH:
		iommu_find(p, action == ACT_NEXT_MATCH ? 1 : -1);
		break;
	case ACT_POWER_CONTROL:
	case ACT_BIND:
	case ACT_UNBIND:
		if (p->nshown == 0)
			ui_message(p->ctx.ui, "IOMMU: no device is shown");
		else if (action == ACT_POWER_CONTROL)
			iommu_ask_power_control(p);
		else
			iommu_ask_binding(p, action == ACT_BIND);
		break;
	default:
		iommu_unsupported(p, action);
		break;
	}
}

static void
iommu_click(struct pane *pane, int y)
{
	struct iommu_pane	*p = pane->data;

	if (p->nshown == 0)
		return;
	/* A heading's row takes no cursor: the device's stays. */
	p->lv.cursor = iommu_row_of_cursor(p);
	listview_click(&p->lv, y - 1);
	if (p->rows[p->lv.cursor].dev != -1)
		set_cursor(p, (size_t)p->rows[p->lv.cursor].dev);
}

static void
iommu_free(void *data)
{
	struct iommu_pane	*p = data;

	free(p->rows);
}

static void
note_flash(struct iommu_pane *p, const struct pci_addr *addr)
{
	long long	now = ui_now_ms();
	size_t		i, j = 0;

	/* Drop the flashes that are over, and this device's old one. */
	for (i = 0; i < p->nflashes; i++)
		if (p->flashes[i].until > now &&
		    pci_addr_cmp(&p->flashes[i].addr, addr) != 0)
			p->flashes[j++] = p->flashes[i];
	p->nflashes = j;
	if (p->nflashes == MAX_FLASHES)
		memmove(p->flashes, p->flashes + 1,
		    --p->nflashes * sizeof *p->flashes);
	p->flashes[p->nflashes].addr = *addr;
	p->flashes[p->nflashes++].until = now + UI_FLASH_MS;
}

static void
iommu_changed(struct pane *pane, const struct host_change *c)
{
	struct iommu_pane	*p = pane->data;
	long			 i;

	note_flash(p, &c->addr);
	p->reset_of = -1;
	if (p->ctx.host->ndevs == 0) {
		p->cursor = 0;
		return;
	}
	/* Devices came or went: stay on the same device, or near it. */
	if ((i = host_find(p->ctx.host, &p->cursor_addr)) != -1)
		p->cursor = (size_t)i;
	else if (p->cursor >= p->ctx.host->ndevs)
		set_cursor(p, p->ctx.host->ndevs - 1);
	else
		set_cursor(p, p->cursor);
}

static void
iommu_status(struct pane *pane, char *buf, size_t len)
{
	struct iommu_pane	*p = pane->data;
	size_t			 i, viable = 0;

	for (i = 0; i < p->ctx.host->ngroups; i++)
		viable += iommu_group_is_viable(p->ctx.host,
		    &p->ctx.host->groups[i]);
	snprintf(buf, len, "%zu devices, %zu IOMMU groups (%zu viable), "
	    "%zu without a group", p->ctx.host->ndevs, p->ctx.host->ngroups,
	    viable,
	    p->ctx.host->nungrouped);
	if (p->nmarks > 0)
		snprintf(buf + strlen(buf), len - strlen(buf), ", %zu group%s "
		    "marked", p->nmarks, p->nmarks == 1 ? "" : "s");
	if (p->nshown < p->ctx.host->ndevs)
		snprintf(buf + strlen(buf), len - strlen(buf), ", %zu shown%s",
		    p->nshown, p->filter[0] != '\0' ? " (filter)" : "");
}

/* The keys that act on the selected device, and on what. */
static void
iommu_hint(struct pane *pane, char *buf, size_t len)
{
	struct iommu_pane		*p = pane->data;
	const struct pci_dev_info	*d;

	buf[0] = '\0';
	if (p->nshown == 0 || p->cursor >= p->ctx.host->ndevs)
		return;
	d = &p->ctx.host->devs[p->cursor];
	if (p->nmarks > 0)
		snprintf(buf, len, "b / u: the %zu marked group%s",
		    p->nmarks, p->nmarks == 1 ? "" : "s");
	else if (d->iommu_group < 0)
		snprintf(buf, len, "no IOMMU group: it cannot be passed");
	else if (strcmp(d->driver, "vfio-pci") == 0)
		snprintf(buf, len, "u: group %d back to its drivers",
		    d->iommu_group);
	else
		snprintf(buf, len, "b: group %d to vfio-pci", d->iommu_group);
	if (d->class >> 16 == 0x03)
		snprintf(buf + strlen(buf), len - strlen(buf), "  p: power");
	snprintf(buf + strlen(buf), len - strlen(buf), "  Enter: detail");
}

/* The devices of the rows on screen, and of the groups headed there. */
static void
iommu_shown_devices(struct pane *pane, size_t *first, size_t *end)
{
	struct iommu_pane		*p = pane->data;
	const struct iommu_group	*g;
	size_t				 row, a, b, lo = SIZE_MAX, hi = 0;

	for (row = p->lv.top; p->lv.h > 0 &&
	    row < p->lv.top + (size_t)p->lv.h && row < p->nrows; row++) {
		if (p->rows[row].dev != -1) {
			a = (size_t)p->rows[row].dev;
			b = a + 1;
		} else if (p->rows[row].group != -1) {
			g = &p->ctx.host->groups[p->rows[row].group];
			a = g->first;
			b = g->first + g->count;
		} else
			continue;
		lo = a < lo ? a : lo;
		hi = b > hi ? b : hi;
	}
	*first = lo == SIZE_MAX ? 0 : lo;
	*end = hi;
}

static const struct pane_ops iommu_ops = {
	.draw = iommu_draw,
	.action = iommu_action,
	.status = iommu_status,
	.hint = iommu_hint,
	.changed = iommu_changed,
	.click = iommu_click,
	.free = iommu_free,
	.shows_power = 1,
	.shown_devices = iommu_shown_devices,
};

struct pane *
pane_iommu_new(const struct pane_ctx *ctx)
{
	struct iommu_pane	*p;

	if ((p = calloc(1, sizeof *p)) == NULL)
		return NULL;
	p->ctx = *ctx;
	p->reset_of = -1;
	if (p->ctx.host->ndevs > 0)
		set_cursor(p, 0);
	if (iommu_build_rows(p) == -1) {
		free(p);
		return NULL;
	}
	return pane_new("IOMMU", &iommu_ops, p);
}
