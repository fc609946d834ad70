/*
 * A running guest's snapshots as query-block gives them (QEMU 7.2's
 * shape, trimmed): every disk's, in QEMU's order; an empty drive and a
 * disk with none give none; more than room are counted; and the tags
 * that are words.
 */
#include "config.h"

#include <json-c/json.h>

#include "snapshot_list.h"
#include "unit.h"

static const char blocks[] = "[{\"device\": \"\", \"qdev\": \"disk0\", "
    "\"inserted\": {\"file\": \"/vm/win.qcow2\", \"image\": {\"format\": "
    "\"qcow2\", \"snapshots\": [{\"id\": \"1\", \"name\": \"clean\", "
    "\"vm-state-size\": 4194304, \"date-sec\": 1764830000}, {\"id\": "
    "\"2\", \"name\": \"drivers\", \"vm-state-size\": 0, \"date-sec\": "
    "1764831000}]}}}, {\"device\": \"ide1-cd0\", \"removable\": true}, "
    "{\"device\": \"\", \"inserted\": {\"file\": \"/vm/data.qcow2\", "
    "\"image\": {\"format\": \"qcow2\"}}}, {\"device\": \"\", "
    "\"inserted\": {\"file\": \"/vm/two.qcow2\", \"image\": {"
    "\"snapshots\": [{\"name\": \"clean\", \"vm-state-size\": 0, "
    "\"date-sec\": 1764830000}]}}}]";

START_TEST(every_disk)
{
	struct json_object	*ret = json_tokener_parse(blocks);
	struct snapshot_tag	 v[4];

	ck_assert_ptr_nonnull(ret);
	ck_assert_uint_eq(snapshot_tags(ret, v, 4), 3);
	ck_assert_str_eq(v[0].disk, "/vm/win.qcow2");
	ck_assert_str_eq(v[0].name, "clean");
	ck_assert_int_eq(v[0].vm_state, 4194304);
	ck_assert_int_eq(v[0].date_sec, 1764830000);
	ck_assert_str_eq(v[1].name, "drivers");
	ck_assert_int_eq(v[1].vm_state, 0);
	ck_assert_str_eq(v[2].disk, "/vm/two.qcow2");
	ck_assert_str_eq(v[2].name, "clean");
	/* Counted beyond the room, written within it. */
	ck_assert_uint_eq(snapshot_tags(ret, v, 1), 3);
	ck_assert_str_eq(v[0].name, "clean");
	json_object_put(ret);
}
END_TEST

START_TEST(none)
{
	struct json_object	*ret = json_tokener_parse("[{\"device\": "
	    "\"ide1-cd0\"}]");
	struct snapshot_tag	 v[1];

	ck_assert_uint_eq(snapshot_tags(ret, v, 1), 0);
	json_object_put(ret);
	ret = json_tokener_parse("{\"not\": \"an array\"}");
	ck_assert_uint_eq(snapshot_tags(ret, v, 1), 0);
	json_object_put(ret);
}
END_TEST

START_TEST(tags)
{
	ck_assert(snapshot_tag_ok("before-update_2.1"));
	ck_assert(!snapshot_tag_ok(""));
	ck_assert(!snapshot_tag_ok("-x"));
	ck_assert(!snapshot_tag_ok("a b"));
	ck_assert(!snapshot_tag_ok("a;b"));
	ck_assert(!snapshot_tag_ok("a/b"));
	ck_assert(!snapshot_tag_ok("0123456789012345678901234567890123456789"
	    "0123456789012345678901234567890123456789012345678901234567890"));
}
END_TEST

Suite *
unit_suite(void)
{
	Suite	*s = suite_create("snapshot_list");
	TCase	*tc = tcase_create("snapshot_list");

	tcase_add_test(tc, every_disk);
	tcase_add_test(tc, none);
	tcase_add_test(tc, tags);
	suite_add_tcase(s, tc);
	return s;
}
