/*
 * libFuzzer target for the VDE switch's management answers (`make
 * fuzz-vde`): the input is what the switch writes on its management
 * socket, read by vde_mgmt's own framing through a real connection
 * (vde_mgmt_connect, vde_mgmt_read, vde_mgmt_next) and parsed as
 * port/allprint and showinfo data.  The stream is sent twice, whole and
 * in pieces whose sizes come from the input's first bytes: how the
 * switch's writes fall must not change a message.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzzfile.h"
#include "vde_mgmt.h"

#define FUZZ_MSGS	64
#define FUZZ_MAX	(1 << 16)

struct run {
	char	*msgs[FUZZ_MSGS];
	int	 nmsgs;
};

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
listener(const char **path)
{
	static int		 fd = -1;
	static const char	*sock;
	struct sockaddr_un	 sun = { .sun_family = AF_UNIX };

	if (fd != -1) {
		*path = sock;
		return fd;
	}
	sock = strdup(fuzzfile_path("mgmt"));
	if (sock == NULL || strlen(sock) >= sizeof sun.sun_path)
		abort();
	strcpy(sun.sun_path, sock);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sun, sizeof sun) == -1 ||
	    listen(fd, 4) == -1) {
		perror(sock);
		abort();
	}
	*path = sock;
	return fd;
}

static void
check_ports(const char *data)
{
	struct vde_port	*ports;
	int		 n, i;

	if ((n = vde_ports_parse(data, &ports)) < 0)
		abort();
	for (i = 0; i < n; i++)
		if (memchr(ports[i].user, '\0', sizeof ports[i].user) == NULL ||
		    memchr(ports[i].module, '\0', sizeof ports[i].module) ==
		    NULL ||
		    memchr(ports[i].desc, '\0', sizeof ports[i].desc) == NULL ||
		    ports[i].nendpoints < 0)
			abort();
	free(ports);
}

/* A pid showinfo names must be the digits after a "pid " in DATA. */
static void
check_pid(const char *data)
{
	const char	*p;
	int		 pid = vde_showinfo_pid(data);

	if (pid == -1)
		return;
	if (pid <= 0)
		abort();
	for (p = data; (p = strstr(p, "pid ")) != NULL; p += 4)
		if (strspn(p + 4, "0123456789") > 0 &&
		    strtoull(p + 4, NULL, 10) == (unsigned long long)pid)
			return;
	abort();
}

static void
drain(struct vde_mgmt *m, struct run *r)
{
	struct vde_mgmt_msg	msg;
	char			*s;

	while (vde_mgmt_next(m, &msg) == 1) {
		if (msg.code < 1 || msg.code > 9999 || msg.text == NULL ||
		    msg.data == NULL ||
		    (msg.code >= 3000 && msg.data[0] != '\0'))
			abort();
		if (msg.code < 3000) {
			check_ports(msg.data);
			check_pid(msg.data);
		}
		if (r->nmsgs == FUZZ_MSGS)
			continue;
		if (asprintf(&s, "%d %s\n%s", msg.code, msg.text, msg.data) ==
		    -1)
			abort();
		r->msgs[r->nmsgs++] = s;
	}
}

/* Pieces of 1 to 16 bytes, their sizes taken from CUTS in turn. */
static void
run(const uint8_t *cuts, size_t ncuts, const uint8_t *data, size_t len,
    struct run *r)
{
	struct vde_mgmt	*m;
	const char	*path;
	char		 err[256];
	size_t		 off = 0, piece, i = 0;
	int		 lfd = listener(&path), peer;

	if ((m = vde_mgmt_connect(path, err, sizeof err)) == NULL ||
	    (peer = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) == -1)
		abort();
	while (off < len) {
		piece = ncuts == 0 ? len - off :
		    (size_t)(cuts[i++ % ncuts] % 16) + 1;
		if (piece > len - off)
			piece = len - off;
		if (write(peer, data + off, piece) != (ssize_t)piece ||
		    vde_mgmt_read(m) != 0)
			abort();
		off += piece;
		drain(m, r);
	}
	close(peer);
	if (vde_mgmt_read(m) != -EPIPE)
		abort();
	drain(m, r);
	vde_mgmt_free(m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
	struct run	 whole = { 0 }, cut = { 0 };
	char		*text;
	size_t		 ncuts;
	int		 i;

	if (len < 1 || len > FUZZ_MAX)
		return 0;
	ncuts = in[0] % 8 + 1;
	if (ncuts >= len)
		return 0;
	run(NULL, 0, in + 1 + ncuts, len - 1 - ncuts, &whole);
	run(in + 1, ncuts, in + 1 + ncuts, len - 1 - ncuts, &cut);
	if (whole.nmsgs != cut.nmsgs)
		abort();
	for (i = 0; i < whole.nmsgs; i++) {
		if (strcmp(whole.msgs[i], cut.msgs[i]) != 0)
			abort();
		free(whole.msgs[i]);
		free(cut.msgs[i]);
	}
	/* The data parsers, on text no framing made: no newline at the end. */
	if ((text = strndup((const char *)in, len)) == NULL)
		abort();
	check_ports(text);
	check_pid(text);
	free(text);
	return 0;
}
