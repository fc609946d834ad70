/*
 * + in the Guests pane: a new guest's form.  Each field is what guest
 * new would choose on this machine (guest_draft_choose), with why on the
 * line under it; a field changed is given to the draft as guest new's
 * option of that name would be, so that what is written is the profile
 * `vfiotui guest new NAME --memory 4G ...` writes.  Then the profile is
 * shown, and the guest is selected in the list.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dialogs.h"
#include "form.h"
#include "guest_draft.h"
#include "guests_pane.h"
#include "profile.h"

/* The form's fields: the name, then the draft's parts in their order. */
#define FIELD_NAME	0
#define NFIELDS		(1 + GUEST_DRAFT_NPARTS)

static const char *const labels[GUEST_DRAFT_NPARTS] = {
	[GUEST_DRAFT_GPU] = "GPU",
	[GUEST_DRAFT_ISO] = "ISO",
	[GUEST_DRAFT_DISK] = "Disk",
	[GUEST_DRAFT_MEMORY] = "Memory",
	[GUEST_DRAFT_CPUS] = "vCPUs",
	[GUEST_DRAFT_NETWORK] = "Network",
};

static void
env_of(const struct guests_pane *p, struct check_env *env)
{
	*env = (struct check_env){ .host = p->ctx.host, .names = p->ctx.names,
	    .proc_root = p->ctx.proc_root, .files_root = "" };
}

/*
 * The draft the fields ask for: the name, and each part the user changed
 * as its option.  0, or -1 with the option's complaint in ERR.
 */
static int
draft_of(const struct form_field *f, struct guest_draft *dr, char *err,
    size_t errlen)
{
	char	why[256];
	int	i;

	*dr = (struct guest_draft){ .name = f[FIELD_NAME].value };
	for (i = 0; i < GUEST_DRAFT_NPARTS; i++) {
		if (!form_field_changed(&f[1 + i]) || f[1 + i].value[0] == '\0')
			continue;
		if (guest_draft_set(dr, guest_draft_options[i], f[1 + i].value,
		    why, sizeof why) == -1) {
			snprintf(err, errlen, "%s: %s", f[1 + i].label, why);
			return -1;
		}
	}
	return 0;
}

/* The whys of the fields for what they hold now. */
static void
explain(struct form_field *f, int n, void *arg)
{
	struct guest_draft_choice	c[GUEST_DRAFT_NPARTS];
	struct check_env		env;
	struct guest_draft		dr;
	char				err[512];
	int				i;

	(void)n;
	snprintf(f[FIELD_NAME].why, sizeof f[FIELD_NAME].why, "%s",
	    f[FIELD_NAME].value[0] == '\0' ? "the profile's name: letters, "
	    "digits, '-', '_', '.'" : profile_name_ok(f[FIELD_NAME].value) ?
	    "the profile's name, and its file's (NAME.conf)" : "not a name: "
	    "letters, digits, '-', '_', '.', no dot first");
	env_of(arg, &env);
	if (draft_of(f, &dr, err, sizeof err) == -1) {
		/* The part refused says why; the others stay as they were. */
		for (i = 0; i < GUEST_DRAFT_NPARTS; i++)
			if (strncmp(err, f[1 + i].label,
			    strlen(f[1 + i].label)) == 0)
				snprintf(f[1 + i].why, sizeof f[1 + i].why,
				    "%s", err);
		return;
	}
	guest_draft_choose(&env, &dr, c);
	for (i = 0; i < GUEST_DRAFT_NPARTS; i++)
		snprintf(f[1 + i].why, sizeof f[1 + i].why, "%s", c[i].why);
}

/* ^X or Enter on the last field: the profile written, shown, selected. */
static int
write_profile(struct form_field *f, int n, char *err, size_t errlen,
    void *arg)
{
	struct guests_pane	*p = arg;
	struct check_env	 env;
	struct guest_draft	 dr;
	char			*text = NULL, why[1024], path[PATH_MAX + 80];
	size_t			 len;

	(void)n;
	if (!profile_name_ok(f[FIELD_NAME].value)) {
		snprintf(err, errlen, "Name: '%s' cannot name a guest "
		    "(letters, digits, '-', '_', '.')", f[FIELD_NAME].value);
		return -1;
	}
	if (draft_of(f, &dr, err, errlen) == -1)
		return -1;
	env_of(p, &env);
	if (guest_draft_text(&env, &dr, &text, &len, why, sizeof why) == -1 ||
	    guest_draft_save(&dr, text, len, 0, path, sizeof path, why,
	    sizeof why) == -1) {
		free(text);
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	ui_message(p->ctx.ui,
	    "%s: written from this machine to %s (c: its Code "
	    "43 checklist)", dr.name, path);
	guests_rows_follow(p, dr.name);
	ui_overlay(p->ctx.ui, path, text);
	free(text);
	return 0;
}

void
guests_new_form(struct guests_pane *p)
{
	struct guest_draft_choice	c[GUEST_DRAFT_NPARTS];
	struct form_field		f[NFIELDS];
	struct check_env		env;
	struct guest_draft		dr = { .name = "" };
	int				i;

	memset(f, 0, sizeof f);
	env_of(p, &env);
	guest_draft_choose(&env, &dr, c);
	snprintf(f[FIELD_NAME].label, sizeof f[FIELD_NAME].label, "Name");
	for (i = 0; i < GUEST_DRAFT_NPARTS; i++) {
		snprintf(f[1 + i].label, sizeof f[1 + i].label, "%s",
		    labels[i]);
		snprintf(f[1 + i].value, sizeof f[1 + i].value, "%.*s",
		    (int)sizeof f[1 + i].value - 1, c[i].value);
	}
	ui_form(p->ctx.ui, "A new guest from this machine, as guest new writes "
	    "it", f, NFIELDS, explain, write_profile, p);
}
