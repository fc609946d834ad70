/*
 * query-block's answer, as QEMU 7 gives it: an array of block devices,
 * each with "inserted": {"file", "image": {"snapshots": [{"name",
 * "vm-state-size", "date-sec", ...}]}}; a disk without snapshots has no
 * "snapshots" member, an empty drive no "inserted".
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "snapshot_list.h"

int
snapshot_tag_ok(const char *tag)
{
	return tag[0] != '\0' && tag[0] != '-' &&
	    strlen(tag) < SNAPSHOT_TAG_LEN &&
	    tag[strspn(tag, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV"
	    "WXYZ0123456789-_.")] == '\0';
}

static long long
member_int(struct json_object *o, const char *key)
{
	struct json_object	*v;

	return json_object_object_get_ex(o, key, &v) ?
	    (long long)json_object_get_int64(v) : 0;
}

static const char *
member_string(struct json_object *o, const char *key)
{
	struct json_object	*v;

	return json_object_object_get_ex(o, key, &v) &&
	    json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : "?";
}

size_t
snapshot_tags(struct json_object *ret, struct snapshot_tag *v, size_t max)
{
	struct json_object	*b, *ins, *image, *snaps, *s;
	size_t			 i, k, n = 0;

	if (!json_object_is_type(ret, json_type_array))
		return 0;
	for (i = 0; i < json_object_array_length(ret); i++) {
		b = json_object_array_get_idx(ret, i);
		if (!json_object_object_get_ex(b, "inserted", &ins) ||
		    !json_object_object_get_ex(ins, "image", &image) ||
		    !json_object_object_get_ex(image, "snapshots", &snaps) ||
		    !json_object_is_type(snaps, json_type_array))
			continue;
		for (k = 0; k < json_object_array_length(snaps); k++, n++) {
			if (n >= max)
				continue;
			s = json_object_array_get_idx(snaps, k);
			snprintf(v[n].disk, sizeof v[n].disk, "%s",
			    member_string(ins, "file"));
			snprintf(v[n].name, sizeof v[n].name, "%s",
			    member_string(s, "name"));
			v[n].vm_state = member_int(s, "vm-state-size");
			v[n].date_sec = member_int(s, "date-sec");
		}
	}
	return n;
}
