/*
 * A struct bind_result as JSON: the run (command, address, group, the
 * failure that stopped it, the dry run's plan, the exit status) and each
 * device with its drivers before and after, its outcome and, where one
 * failed, the step, the errno and the hint.  A driver that is none is
 * null.  The names below are the JSON's words for the result's enums.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "bind.h"
#include "bind_json.h"

static const char *const op_names[] = {
	[BIND_OP_BIND] = "bind",
	[BIND_OP_UNBIND] = "unbind",
	[BIND_OP_RESTORE] = "restore"
};

static const char *const failure_names[] = {
	[BIND_FAIL_NONE] = NULL,
	[BIND_FAIL_NO_DEVICE] = "no_device",
	[BIND_FAIL_NO_GROUP] = "no_group",
	[BIND_FAIL_REFUSED] = "refused",
	[BIND_FAIL_JOURNAL_DIR] = "journal_dir",
	[BIND_FAIL_JOURNAL_READ] = "journal_unreadable",
	[BIND_FAIL_NO_VFIO] = "no_vfio",
	[BIND_FAIL_NO_MEMORY] = "no_memory"
};

static const char *const outcome_names[] = {
	[BIND_DEV_UNTOUCHED] = "untouched",
	[BIND_DEV_REFUSED] = "refused",
	[BIND_DEV_PLANNED] = "planned",
	[BIND_DEV_MOVED] = "moved",
	[BIND_DEV_PUT_BACK] = "put_back",
	[BIND_DEV_LEFT] = "left",
	[BIND_DEV_FAILED] = "failed",
	[BIND_DEV_NOT_ON_BUS] = "not_on_bus"
};

static const char *const step_names[] = {
	[BIND_STEP_NONE] = NULL,
	[BIND_STEP_JOURNAL] = "journal",
	[BIND_STEP_OVERRIDE] = "driver_override",
	[BIND_STEP_UNBIND] = "unbind",
	[BIND_STEP_PROBE] = "drivers_probe",
	[BIND_STEP_READ_DRIVER] = "read_driver",
	[BIND_STEP_VERIFY] = "verify"
};

static const char *const hint_names[] = {
	[BIND_HINT_NONE] = NULL,
	[BIND_HINT_RUN_AS_ROOT] = "run_as_root",
	[BIND_HINT_RESTORE] = "restore"
};

static const char *const write_names[] = {
	[BIND_WRITE_MODULE] = "load_module",
	[BIND_WRITE_JOURNAL] = "journal",
	[BIND_WRITE_SYSFS] = "write"
};

/* The BIND_REFUSE_* bits, in order. */
static const char *const refusal_names[] = {
	"boot_vga", "storage", "network", "in_use"
};

#define NAMES(a)	(sizeof (a) / sizeof (a)[0])

static struct json_object *
string_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? json_object_new_string(s) : NULL;
}

static void
add(struct json_object *o, const char *key, struct json_object *v)
{
	json_object_object_add(o, key, v);
}

/* -ERROR as errno and strerror's words, or nulls for none. */
static void
add_error(struct json_object *o, int error)
{
	add(o, "errno", error ? json_object_new_int(-error) : NULL);
	add(o, "error", error ? json_object_new_string(strerror(-error)) :
	    NULL);
}

static struct json_object *
failure_json(const struct bind_result *res)
{
	struct json_object	*o;

	if (res->failure == BIND_FAIL_NONE)
		return NULL;
	o = json_object_new_object();
	add(o, "reason", json_object_new_string(failure_names[res->failure]));
	add(o, "why", string_or_null(res->why));
	add_error(o, res->error);
	return o;
}

static struct json_object *
write_json(const struct bind_result *res, const struct bind_write *w)
{
	struct json_object	*o = json_object_new_object();
	const struct bind_dev	*bd = &res->devs[w->dev];

	add(o, "action", json_object_new_string(write_names[w->kind]));
	if (w->kind == BIND_WRITE_MODULE) {
		add(o, "module", json_object_new_string(w->path));
		return o;
	}
	add(o, "address", json_object_new_string(bd->name));
	add(o, "path", json_object_new_string(w->path));
	if (w->kind == BIND_WRITE_JOURNAL) {
		add(o, "driver", string_or_null(bd->driver_before));
		add(o, "override", string_or_null(bd->override_before));
	} else
		add(o, "value", json_object_new_string(w->value));
	return o;
}

static struct json_object *
dev_failed_json(const struct bind_dev *bd)
{
	struct json_object	*o;

	if (bd->step == BIND_STEP_NONE)
		return NULL;
	o = json_object_new_object();
	add(o, "step", json_object_new_string(step_names[bd->step]));
	add_error(o, bd->error);
	return o;
}

static struct json_object *
dev_json(const struct bind_dev *bd)
{
	struct json_object	*o = json_object_new_object();
	struct json_object	*refused = json_object_new_array();
	size_t			 i;

	for (i = 0; i < NAMES(refusal_names); i++)
		if (bd->refusals & (1U << i))
			json_object_array_add(refused,
			    json_object_new_string(refusal_names[i]));
	add(o, "address", json_object_new_string(bd->name));
	add(o, "outcome", json_object_new_string(outcome_names[bd->outcome]));
	add(o, "driver_before", string_or_null(bd->driver_before));
	add(o, "override_before", string_or_null(bd->override_before));
	add(o, "driver_after", string_or_null(bd->driver_after));
	add(o, "vanished", json_object_new_boolean(bd->vanished));
	add(o, "journaled", json_object_new_boolean(bd->journaled));
	add(o, "journaled_driver", string_or_null(bd->driver_journaled));
	add(o, "journal_error", string_or_null(bd->journal_error));
	add(o, "refused", refused);
	add(o, "holders", string_or_null(bd->holders));
	add(o, "failed", dev_failed_json(bd));
	add(o, "hint", string_or_null(hint_names[bd->hint]));
	return o;
}

int
bind_json_print(FILE *out, const struct bind_result *res)
{
	struct json_object	*o = json_object_new_object();
	struct json_object	*plan = json_object_new_array();
	struct json_object	*devs = json_object_new_array();
	size_t			 i;
	int			 r;

	for (i = 0; i < res->nplan; i++)
		json_object_array_add(plan, write_json(res, &res->plan[i]));
	for (i = 0; i < res->ndevs; i++)
		json_object_array_add(devs, dev_json(&res->devs[i]));
	add(o, "command", json_object_new_string(op_names[res->op]));
	add(o, "dry_run", json_object_new_boolean(res->dry_run));
	add(o, "address", string_or_null(res->address));
	add(o, "group", res->group != -1 ? json_object_new_int(res->group) :
	    NULL);
	add(o, "sysfs", json_object_new_string(res->sysfs_root));
	add(o, "journal", json_object_new_string(res->journal_dir));
	add(o, "failure", failure_json(res));
	add(o, "group_holders", string_or_null(res->group_holders));
	add(o, "warning", string_or_null(res->warning));
	add(o, "plan", plan);
	add(o, "devices", devs);
	add(o, "exit_status", json_object_new_int(res->exit_status));
	r = fprintf(out, "%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return r < 0 ? -1 : 0;
}
