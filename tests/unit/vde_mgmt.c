/*
 * vde_switch's management protocol (src/net/vde_mgmt.h) against a fake
 * switch: a socket this test listens on and writes the switch's answers
 * to, whole or a byte at a time; and the ports of port/allprint.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vde_mgmt.h"
#include "unit.h"

/* The switch's end of a management connection, and vfiotui's. */
struct fake {
	int		 conn;
	struct vde_mgmt	*m;
};

static void
fake_open(struct fake *f)
{
	struct sockaddr_un	sun = { .sun_family = AF_UNIX };
	char			path[PATH_MAX], err[256];
	int			lfd;

	unit_path(path, "mgmt");
	ck_assert_uint_lt(strlen(path), sizeof sun.sun_path);
	strcpy(sun.sun_path, path);
	ck_assert_int_ge(lfd = socket(AF_UNIX, SOCK_STREAM, 0), 0);
	ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sun, sizeof sun), 0);
	ck_assert_int_eq(listen(lfd, 1), 0);
	f->m = vde_mgmt_connect(path, err, sizeof err);
	ck_assert_msg(f->m != NULL, "%s", err);
	ck_assert_int_ge(f->conn = accept(lfd, NULL, NULL), 0);
	close(lfd);
}

static void
fake_close(struct fake *f)
{
	vde_mgmt_free(f->m);
	close(f->conn);
}

/* The switch writes LEN bytes; vfiotui reads them (a unix socket has
 * them at once). */
static void
fake_say_n(struct fake *f, const char *s, size_t len)
{
	ck_assert_int_eq(write(f->conn, s, len), (ssize_t)len);
	ck_assert_int_eq(vde_mgmt_read(f->m), 0);
}

static void
fake_say(struct fake *f, const char *s)
{
	fake_say_n(f, s, strlen(s));
}

static void
assert_msg(struct fake *f, int code, const char *text, const char *data)
{
	struct vde_mgmt_msg	msg;

	ck_assert_msg(vde_mgmt_next(f->m, &msg) == 1, "no message, expected "
	    "%d %s", code, text);
	ck_assert_int_eq(msg.code, code);
	ck_assert_str_eq(msg.text, text);
	ck_assert_str_eq(msg.data, data);
}

static void
assert_no_msg(struct fake *f)
{
	struct vde_mgmt_msg	msg;

	ck_assert_int_eq(vde_mgmt_next(f->m, &msg), 0);
}

static const char	banner[] =
    "VDE switch V.2.3.2\n(C) Virtual Square Team (coord. R. Davoli) "
    "2005,2006,2007 - GPLv2\n\nvde$ ";

START_TEST(banner_then_reply)
{
	struct fake	f;

	fake_open(&f);
	fake_say(&f, banner);
	assert_no_msg(&f);
	fake_say(&f, "1000 Success\n\nvde$ ");
	assert_msg(&f, 1000, "Success", "");
	assert_no_msg(&f);
	/* The prompt left without a newline prefixes the next line. */
	fake_say(&f, "1009 Invalid argument\n");
	assert_msg(&f, 1009, "Invalid argument", "");
	fake_say(&f, "vde$ vde$ 1000\n");
	assert_msg(&f, 1000, "", "");
	fake_close(&f);
}
END_TEST

START_TEST(data_reply)
{
	struct fake	f;

	fake_open(&f);
	fake_say(&f, "0000 DATA END WITH '.'\nPort 0001 ACTIVE\n1000 not a "
	    "code here\n\n.\n1000 Success\n");
	assert_msg(&f, 1000, "Success", "Port 0001 ACTIVE\n1000 not a code "
	    "here\n\n");
	/* The next reply has no data block: none of the last one's. */
	fake_say(&f, "1000 Success\n");
	assert_msg(&f, 1000, "Success", "");
	fake_close(&f);
}
END_TEST

START_TEST(lines_not_codes)
{
	struct fake	f;

	fake_open(&f);
	fake_say(&f, "10000 five digits\n100 three\n1000x\nabcd ef\n 1000 "
	    "blank first\n1000 Success\n");
	assert_msg(&f, 1000, "Success", "");
	assert_no_msg(&f);
	fake_close(&f);
}
END_TEST

/* A notification before the reply, and everything cut at every byte. */
#define BUSY_DATA \
    "Port 0001 untagged_vlan=0000 ACTIVE - Unnamed Allocatable\n" \
    " Current User: root Access Control: (User: NONE - Group: NONE)\n" \
    "  -- endpoint ID 0003 module unix prog   : fake-guest user=root " \
    "pid=1\n"
static const char	busy[] = "3021 port/+ 01\n0000 DATA END WITH '.'\n"
    BUSY_DATA ".\n1000 Success\n\nvde$ ";

START_TEST(byte_by_byte)
{
	struct vde_mgmt_msg	msg;
	struct fake		f;
	size_t			i;
	int			got = 0;

	fake_open(&f);
	for (i = 0; busy[i] != '\0'; i++) {
		fake_say_n(&f, busy + i, 1);
		while (vde_mgmt_next(f.m, &msg) == 1) {
			ck_assert_msg(busy[i] == '\n', "a message at byte %zu, "
			    "'%c'", i, busy[i]);
			if (got++ == 0) {
				ck_assert_int_eq(msg.code, 3021);
				ck_assert_str_eq(msg.text, "port/+ 01");
				ck_assert_str_eq(msg.data, "");
				continue;
			}
			ck_assert_int_eq(msg.code, 1000);
			ck_assert_str_eq(msg.text, "Success");
			ck_assert_str_eq(msg.data, BUSY_DATA);
		}
	}
	ck_assert_int_eq(got, 2);
	fake_close(&f);
}
END_TEST

START_TEST(switch_gone)
{
	struct fake	f;

	fake_open(&f);
	fake_say(&f, "1000 Success\n");
	close(f.conn);
	ck_assert_int_eq(vde_mgmt_read(f.m), -EPIPE);
	/* What was read before still comes out. */
	assert_msg(&f, 1000, "Success", "");
	vde_mgmt_free(f.m);
}
END_TEST

/* The command the switch got, one line. */
static void
assert_heard(struct fake *f, const char *cmd)
{
	char	buf[512];
	ssize_t	n;

	ck_assert_int_gt(n = read(f->conn, buf, sizeof buf - 1), 0);
	buf[n] = '\0';
	ck_assert_str_eq(buf, cmd);
}

/* The switch's answers, written before the call: the test is both. */
static void
fake_answer(struct fake *f, const char *s)
{
	ck_assert_int_eq(write(f->conn, s, strlen(s)), (ssize_t)strlen(s));
}

START_TEST(call)
{
	struct vde_mgmt_msg	msg;
	struct fake		f;
	char			err[256];

	fake_open(&f);
	fake_answer(&f, banner);
	fake_answer(&f, "3021 port/+ 01\n0000 DATA END WITH '.'\nx\n.\n"
	    "1000 Success\n");
	ck_assert_msg(vde_mgmt_call(f.m, "port/allprint", 1000, &msg, err,
	    sizeof err) == 0, "%s", err);
	ck_assert_int_eq(msg.code, 1000);
	ck_assert_str_eq(msg.data, "x\n");
	assert_heard(&f, "port/allprint\n");
	fake_answer(&f, "1009 Invalid argument\n");
	ck_assert_int_eq(vde_mgmt_call(f.m, "port/remove 9", 1000, &msg, err,
	    sizeof err), -1);
	ck_assert_str_eq(err, "port/remove 9: the switch said 1009 Invalid "
	    "argument");
	fake_close(&f);
}
END_TEST

START_TEST(call_fails)
{
	struct vde_mgmt_msg	msg;
	struct fake		f;
	char			err[512], cmd[260];

	fake_open(&f);
	ck_assert_int_eq(vde_mgmt_call(f.m, "help", 20, &msg, err,
	    sizeof err), -1);
	ck_assert_str_eq(err, "no answer in 20 ms");
	memset(cmd, 'x', sizeof cmd - 1);
	cmd[sizeof cmd - 1] = '\0';
	ck_assert_int_eq(vde_mgmt_call(f.m, cmd, 20, &msg, err, sizeof err),
	    -1);
	ck_assert_int_eq(strncmp(err, "xxx", 3), 0);
	ck_assert_str_eq(err + strlen(err) - 18, ": Invalid argument");
	/* The switch stops writing: a reply will never come. */
	ck_assert_int_eq(shutdown(f.conn, SHUT_WR), 0);
	ck_assert_int_eq(vde_mgmt_call(f.m, "help", 1000, &msg, err,
	    sizeof err), -1);
	ck_assert_str_eq(err, "the switch closed the management socket");
	fake_close(&f);
}
END_TEST

START_TEST(connect_fails)
{
	char	path[PATH_MAX], err[512], want[PATH_MAX + 64];
	char	long_path[200];

	unit_path(path, "nothing");
	ck_assert_ptr_null(vde_mgmt_connect(path, err, sizeof err));
	unit_format(want, sizeof want, "%s: No such file or directory", path);
	ck_assert_str_eq(err, want);
	memset(long_path, 'a', sizeof long_path - 1);
	long_path[0] = '/';
	long_path[sizeof long_path - 1] = '\0';
	ck_assert_ptr_null(vde_mgmt_connect(long_path, err, sizeof err));
	unit_format(want, sizeof want, "%s: path too long for a socket",
	    long_path);
	ck_assert_str_eq(err, want);
}
END_TEST

/* port/allprint of vde_switch 2.3: two ports, the first with two
 * endpoints, and the lines each port has that are not parsed. */
static const char	allprint[] =
    "Port 0001 untagged_vlan=0000 ACTIVE - Unnamed Allocatable\n"
    " Current User: root Access Control: (User: NONE - Group: NONE)\n"
    " IN:  pkts       1016          bytes             119352\n"
    " OUT: pkts         20          bytes               1612\n"
    "  -- endpoint ID 0003 module unix prog   : slirpvde: user=root "
    "pid=42 SOCK=/run/vfiotui/net/switch\n"
    "  -- endpoint ID 0004 module tuntap      : vfio0\n"
    "Port 0007 untagged_vlan=0000 INACTIVE - Unnamed Allocatable\n"
    " Current User: NONE Access Control: (User: NONE - Group: NONE)\n";

START_TEST(ports)
{
	struct vde_port	*p;

	ck_assert_int_eq(vde_ports_parse(allprint, &p), 2);
	ck_assert_int_eq(p[0].number, 1);
	ck_assert_int_eq(p[0].active, 1);
	ck_assert_str_eq(p[0].user, "root");
	ck_assert_int_eq(p[0].nendpoints, 2);
	ck_assert_str_eq(p[0].module, "unix");
	ck_assert_str_eq(p[0].desc,
	    "slirpvde: user=root pid=42 SOCK=/run/vfiotui/net/switch");
	ck_assert_int_eq(p[1].number, 7);
	ck_assert_int_eq(p[1].active, 0);
	ck_assert_str_eq(p[1].user, "NONE");
	ck_assert_int_eq(p[1].nendpoints, 0);
	ck_assert_str_eq(p[1].module, "");
	ck_assert_str_eq(p[1].desc, "");
	free(p);
}
END_TEST

START_TEST(ports_none)
{
	struct vde_port	*p;

	ck_assert_int_eq(vde_ports_parse("", &p), 0);
	free(p);
	/* Lines of no port before the first one are passed over. */
	ck_assert_int_eq(vde_ports_parse(" Current User: root\n  -- endpoint "
	    "ID 0003 module unix prog   : x\n", &p), 0);
	free(p);
}
END_TEST

/* Data from anywhere but vde_mgmt_next() may lack the last newline. */
START_TEST(ports_last_line)
{
	struct vde_port	*p;

	ck_assert_int_eq(vde_ports_parse("Port 0002 untagged_vlan=0000 ACTIVE "
	    "- Unnamed Allocatable\n  -- endpoint ID 0005 module unix prog   "
	    ": guest1", &p), 1);
	ck_assert_str_eq(p[0].desc, "guest1");
	free(p);
	ck_assert_int_eq(vde_ports_parse("Port 0002 untagged_vlan=0000 ACTIVE "
	    "- Unnamed Allocatable\n Current User: alice", &p), 1);
	ck_assert_str_eq(p[0].user, "alice");
	free(p);
}
END_TEST

/* What does not fit a field is cut, never written past it. */
START_TEST(ports_long_fields)
{
	struct vde_port	*p;
	char		 text[1024], user[64], module[32], desc[200];

	memset(user, 'u', sizeof user - 1);
	user[sizeof user - 1] = '\0';
	memset(module, 'm', sizeof module - 1);
	module[sizeof module - 1] = '\0';
	memset(desc, 'd', sizeof desc - 1);
	desc[sizeof desc - 1] = '\0';
	unit_format(text, sizeof text, "Port 0003 untagged_vlan=0000 ACTIVE "
	    "- x\n Current User: %s\n  -- endpoint ID 0005 module %s prog : "
	    "%s\n", user, module, desc);
	ck_assert_int_eq(vde_ports_parse(text, &p), 1);
	ck_assert_uint_eq(strlen(p[0].user), sizeof p[0].user - 1);
	ck_assert_uint_eq(strlen(p[0].module), sizeof p[0].module - 1);
	ck_assert_uint_eq(strlen(p[0].desc), sizeof p[0].desc - 1);
	ck_assert_int_eq(p[0].desc[0], 'd');
	free(p);
}
END_TEST

START_TEST(ports_many)
{
	struct vde_port	*p;
	char		 text[100 * 64];
	int		 i;

	text[0] = '\0';
	for (i = 1; i <= 100; i++)
		unit_format(text + strlen(text), sizeof text - strlen(text),
		    "Port %04d untagged_vlan=0000 %s - x\n", i,
		    i % 2 ? "ACTIVE" : "INACTIVE");
	ck_assert_int_eq(vde_ports_parse(text, &p), 100);
	ck_assert_int_eq(p[99].number, 100);
	ck_assert_int_eq(p[98].active, 1);
	ck_assert_int_eq(p[99].active, 0);
	free(p);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite	*s = suite_create("vde_mgmt");
	TCase	*tc;

	tc = tcase_create("protocol");
	tcase_add_test(tc, banner_then_reply);
	tcase_add_test(tc, data_reply);
	tcase_add_test(tc, lines_not_codes);
	tcase_add_test(tc, byte_by_byte);
	tcase_add_test(tc, switch_gone);
	tcase_add_test(tc, call);
	tcase_add_test(tc, call_fails);
	tcase_add_test(tc, connect_fails);
	suite_add_tcase(s, tc);
	tc = tcase_create("ports");
	tcase_add_test(tc, ports);
	tcase_add_test(tc, ports_none);
	tcase_add_test(tc, ports_last_line);
	tcase_add_test(tc, ports_long_fields);
	tcase_add_test(tc, ports_many);
	suite_add_tcase(s, tc);
	return s;
}
