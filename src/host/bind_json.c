/*
 * A struct bind_result as JSON and back: the run (command, address,
 * group, the failure that stopped it, the dry run's plan, the exit
 * status) and each device with its drivers before and after, its outcome
 * and, where one failed, the step, the errno and the hint.  A driver that
 * is none is null.  The names below are the JSON's words for the
 * result's enums, both ways.
 */
#include "config.h"

#include <stdarg.h>
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

/* The BIND_WARN_* bits, in order. */
static const char *const warning_names[] = {
	"usb"
};

#define NAMES(a)	(sizeof (a) / sizeof (a)[0])

/* BITS as an array of the names of its bits. */
static struct json_object *
bits_json(unsigned int bits, const char *const *names, size_t n)
{
	struct json_object	*a = json_object_new_array();
	size_t			 i;

	for (i = 0; i < n; i++)
		if (bits & (1U << i))
			json_object_array_add(a,
			    json_object_new_string(names[i]));
	return a;
}

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

	add(o, "address", json_object_new_string(bd->name));
	add(o, "outcome", json_object_new_string(outcome_names[bd->outcome]));
	add(o, "driver_before", string_or_null(bd->driver_before));
	add(o, "override_before", string_or_null(bd->override_before));
	add(o, "driver_after", string_or_null(bd->driver_after));
	add(o, "vanished", json_object_new_boolean(bd->vanished));
	add(o, "journaled", json_object_new_boolean(bd->journaled));
	add(o, "journaled_driver", string_or_null(bd->driver_journaled));
	add(o, "journal_error", string_or_null(bd->journal_error));
	add(o, "refused", bits_json(bd->refusals, refusal_names,
	    NAMES(refusal_names)));
	add(o, "warnings", bits_json(bd->warnings, warning_names,
	    NAMES(warning_names)));
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

/* Parsing: the first thing wrong, named by where it is. */
struct parse {
	char	*err;
	size_t	 errlen;
	int	 bad;
};

static void
bad(struct parse *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
bad(struct parse *p, const char *fmt, ...)
{
	va_list	ap;

	if (p->bad++)
		return;
	va_start(ap, fmt);
	vsnprintf(p->err, p->errlen, fmt, ap);
	va_end(ap);
}

/* O's KEY when it is of TYPE; NULL when absent or null. */
static struct json_object *
member(struct parse *p, struct json_object *o, const char *key,
    enum json_type type)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return NULL;
	if (!json_object_is_type(v, type)) {
		bad(p, "%s is not a %s", key, json_type_to_name(type));
		return NULL;
	}
	return v;
}

/* A string member into BUF; null or absent is "". */
static void
read_string(struct parse *p, struct json_object *o, const char *key,
    char *buf, size_t len)
{
	struct json_object	*v = member(p, o, key, json_type_string);

	snprintf(buf, len, "%s", v != NULL ? json_object_get_string(v) : "");
}

static int
read_int(struct parse *p, struct json_object *o, const char *key, int none)
{
	struct json_object	*v = member(p, o, key, json_type_int);

	return v != NULL ? json_object_get_int(v) : none;
}

static int
read_bool(struct parse *p, struct json_object *o, const char *key)
{
	struct json_object	*v = member(p, o, key, json_type_boolean);

	return v != NULL && json_object_get_boolean(v);
}

/* An array of names KEY holds as bits of NAMES; unknown names are none. */
static unsigned int
read_bits(struct parse *p, struct json_object *o, const char *key,
    const char *const *names, size_t n)
{
	struct json_object	*v = member(p, o, key, json_type_array);
	unsigned int		 bits = 0;
	size_t			 i, j;

	for (i = 0; v != NULL && i < json_object_array_length(v); i++)
		for (j = 0; j < n; j++)
			if (strcmp(json_object_get_string(
			    json_object_array_get_idx(v, i)), names[j]) == 0)
				bits |= 1U << j;
	return bits;
}

/* An errno member, as the result's -errno. */
static int
read_errno(struct parse *p, struct json_object *o)
{
	return -read_int(p, o, "errno", 0);
}

/* The index of the name KEY holds in NAMES; null is the NULL name's. */
static int
read_name(struct parse *p, struct json_object *o, const char *key,
    const char *const *names, size_t n)
{
	struct json_object	*v = member(p, o, key, json_type_string);
	const char		*s = NULL;
	size_t			 i;

	if (v != NULL)
		s = json_object_get_string(v);
	for (i = 0; i < n; i++)
		if (s == NULL ? names[i] == NULL :
		    names[i] != NULL && strcmp(s, names[i]) == 0)
			return (int)i;
	if (s == NULL)
		bad(p, "no %s", key);
	else
		bad(p, "%s: no such value '%s'", key, s);
	return 0;
}

static void
read_failure(struct parse *p, struct json_object *o, struct bind_result *res)
{
	struct json_object	*f = member(p, o, "failure", json_type_object);

	if (f == NULL)
		return;
	res->failure = read_name(p, f, "reason", failure_names,
	    NAMES(failure_names));
	read_string(p, f, "why", res->why, sizeof res->why);
	res->error = read_errno(p, f);
}

static void
read_dev(struct parse *p, struct json_object *o, struct bind_dev *bd)
{
	struct json_object	*v;

	read_string(p, o, "address", bd->name, sizeof bd->name);
	bd->outcome = read_name(p, o, "outcome", outcome_names,
	    NAMES(outcome_names));
	read_string(p, o, "driver_before", bd->driver_before,
	    sizeof bd->driver_before);
	read_string(p, o, "override_before", bd->override_before,
	    sizeof bd->override_before);
	read_string(p, o, "driver_after", bd->driver_after,
	    sizeof bd->driver_after);
	bd->vanished = read_bool(p, o, "vanished");
	bd->journaled = read_bool(p, o, "journaled");
	read_string(p, o, "journaled_driver", bd->driver_journaled,
	    sizeof bd->driver_journaled);
	read_string(p, o, "journal_error", bd->journal_error,
	    sizeof bd->journal_error);
	bd->refusals = read_bits(p, o, "refused", refusal_names,
	    NAMES(refusal_names));
	bd->warnings = read_bits(p, o, "warnings", warning_names,
	    NAMES(warning_names));
	read_string(p, o, "holders", bd->holders, sizeof bd->holders);
	if ((v = member(p, o, "failed", json_type_object)) != NULL) {
		bd->step = read_name(p, v, "step", step_names,
		    NAMES(step_names));
		bd->error = read_errno(p, v);
	}
	bd->hint = read_name(p, o, "hint", hint_names, NAMES(hint_names));
	if (bd->name[0] == '\0')
		bad(p, "a device without an address");
}

static size_t
dev_named(const struct bind_result *res, const char *name)
{
	size_t	i;

	for (i = 0; i < res->ndevs; i++)
		if (strcmp(res->devs[i].name, name) == 0)
			break;
	return i;
}

static void
read_write(struct parse *p, struct json_object *o, struct bind_result *res)
{
	enum bind_write_kind	 kind;
	char			 name[PCI_ADDR_LEN], path[PATH_MAX + 160];
	char			 value[BIND_DRIVER_LEN];
	size_t			 dev = 0;

	kind = read_name(p, o, "action", write_names, NAMES(write_names));
	read_string(p, o, kind == BIND_WRITE_MODULE ? "module" : "path", path,
	    sizeof path);
	read_string(p, o, "value", value, sizeof value);
	if (kind != BIND_WRITE_MODULE) {
		read_string(p, o, "address", name, sizeof name);
		if ((dev = dev_named(res, name)) == res->ndevs)
			bad(p, "plan: '%s' is not among the devices", name);
	}
	if (!p->bad && bind_result_add_write(res, kind, dev, value, "%s",
	    path) == -1)
		bad(p, "out of memory");
}

/* The members of O into RES; what is wrong goes to P. */
static void
read_result(struct parse *p, struct json_object *o, struct bind_result *res)
{
	struct json_object	*devs, *plan;
	size_t			 i;

	res->op = read_name(p, o, "command", op_names, NAMES(op_names));
	res->dry_run = read_bool(p, o, "dry_run");
	read_string(p, o, "address", res->address, sizeof res->address);
	res->group = read_int(p, o, "group", -1);
	read_string(p, o, "sysfs", res->sysfs_root, sizeof res->sysfs_root);
	read_string(p, o, "journal", res->journal_dir,
	    sizeof res->journal_dir);
	read_failure(p, o, res);
	read_string(p, o, "group_holders", res->group_holders,
	    sizeof res->group_holders);
	read_string(p, o, "warning", res->warning, sizeof res->warning);
	res->exit_status = read_int(p, o, "exit_status", -1);
	if (res->exit_status == -1)
		bad(p, "no exit_status");
	if ((devs = member(p, o, "devices", json_type_array)) == NULL) {
		bad(p, "no devices");
		return;
	}
	if (bind_result_alloc_devs(res, json_object_array_length(devs)) == -1) {
		bad(p, "out of memory");
		return;
	}
	for (i = 0; i < res->ndevs; i++)
		read_dev(p, json_object_array_get_idx(devs, i), &res->devs[i]);
	plan = member(p, o, "plan", json_type_array);
	for (i = 0; plan != NULL && i < json_object_array_length(plan); i++)
		read_write(p, json_object_array_get_idx(plan, i), res);
}

/* The first line of TEXT that opens an object; NULL when none does. */
static const char *
object_start(const char *text)
{
	const char	*p = text;

	while (*p != '{')
		if ((p = strchr(p, '\n')) == NULL)
			return NULL;
		else
			p++;
	return p;
}

int
bind_json_parse(const char *text, struct bind_result *res, char *err,
    size_t errlen)
{
	struct parse		 p = { err, errlen, 0 };
	struct json_tokener	*tok;
	struct json_object	*o = NULL;
	const char		*start;

	bind_result_init(res, BIND_OP_BIND);
	if ((start = object_start(text)) == NULL) {
		if (text[0] == '\0')
			bad(&p, "no JSON in its answer, nor anything else");
		else
			bad(&p, "no JSON in its answer: %.*s",
			    (int)strcspn(text, "\n"), text);
		return -1;
	}
	if ((tok = json_tokener_new()) == NULL) {
		bad(&p, "out of memory");
		return -1;
	}
	o = json_tokener_parse_ex(tok, start, (int)strlen(start));
	if (o == NULL && json_tokener_get_error(tok) == json_tokener_continue)
		bad(&p, "its JSON ends early");
	else if (o == NULL)
		bad(&p, "its JSON does not parse: %s",
		    json_tokener_error_desc(json_tokener_get_error(tok)));
	else
		read_result(&p, o, res);
	json_object_put(o);
	json_tokener_free(tok);
	if (p.bad) {
		bind_result_clear(res);
		return -1;
	}
	return 0;
}
