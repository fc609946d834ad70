/*
 * `vfiotui check [--json] [BB:DD.F | GUEST]`: the preflight checks, or
 * guest GUEST's Code 43 checklist, one line each with what to do under
 * it, and exit status 1 when one fails.  The hidden --files-root DIR
 * stands for / (/dev, /usr/share) in the tests.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "check.h"
#include "cmd.h"
#include "exitcode.h"
#include "pci.h"
#include "profile.h"

static int	cmd_check_exec(struct context *, int, char **);

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.usage = "[--json] [BB:DD.F|GUEST]",
	.globals = CMD_SYSFS | CMD_PROC,
	.help = "preflight checks, or a guest's Code 43 checklist",
	.opts = { { "--json", "the checks as JSON" } },
	.exec = cmd_check_exec,
};

static void
print_json(FILE *out, const struct check_list *list)
{
	struct json_object	*a = json_object_new_array(), *o;
	const struct check	*c;
	size_t			 i;

	for (i = 0; i < list->n; i++) {
		c = &list->v[i];
		o = json_object_new_object();
		json_object_object_add(o, "name",
		    json_object_new_string(c->name));
		json_object_object_add(o, "level", json_object_new_string(
		    check_level_word(c->level)));
		json_object_object_add(o, "why",
		    json_object_new_string(c->why));
		json_object_object_add(o, "fix", c->fix[0] == '\0' ? NULL :
		    json_object_new_string(c->fix));
		json_object_array_add(a, o);
	}
	fprintf(out, "%s\n", json_object_to_json_string_ext(a,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(a);
}

static int
cmd_check_exec(struct context *ctx, int argc, char **argv)
{
	struct check_env	 env = { .proc_root = ctx->proc_root,
				    .files_root = "" };
	struct check_list	 list = { 0 };
	struct pci_addr		 addr;
	const char		*where = NULL, *guest = NULL;
	char			 largest[PROFILE_NAME_MAX], err[512];
	int			 json = 0, i, r;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--files-root") == 0 && i + 1 < argc)
			env.files_root = argv[++i];
		else if (argv[i][0] != '-' && where == NULL)
			where = argv[i];
		else
			return bad_usage("check: unexpected argument '%s'",
			    argv[i]);
	}
	if (where != NULL && pci_addr_parse(where, &addr) == -1) {
		if (!profile_name_ok(where))
			return bad_usage("check: '%s' is neither a PCI address "
			    "(BB:DD.F) nor a guest's name", where);
		guest = where;
	}
	if ((r = context_load(ctx, PCI_INFO_ALL)) != EXIT_OK)
		return r;
	env.host = ctx->host;
	env.names = ctx->names;
	env.gpu = where != NULL && guest == NULL ? &addr : NULL;
	if (guest != NULL) {
		if (check_guest_profile(&env, guest, &list, err,
		    sizeof err) == -1) {
			fprintf(stderr, "vfiotui: check: %s\n", err);
			return guest_profile_missing(guest) ? EXIT_FAILED :
			    EXIT_USAGE;
		}
		r = list.oom ? EXIT_FAILED : EXIT_OK;
	} else {
		check_largest_guest(&env, largest, sizeof largest);
		r = check_run(&env, &list) == -1 ? EXIT_FAILED : EXIT_OK;
	}
	if (r != EXIT_OK) {
		fprintf(stderr, "vfiotui: check: out of memory\n");
		check_free_list(&list);
		return EXIT_FAILED;
	}
	if (json)
		print_json(stdout, &list);
	else
		check_print_text(stdout, &list);
	r = check_list_failed(&list) ? EXIT_FAILED : EXIT_OK;
	check_free_list(&list);
	return r;
}
