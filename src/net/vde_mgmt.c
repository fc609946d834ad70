/*
 * The management protocol: a byte buffer cut into lines, the prompt
 * stripped (it ends without a newline, so it prefixes the next line),
 * and a small state machine for DATA blocks.
 */
#include "config.h"

#include <sys/socket.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loop.h"
#include "unixsock.h"
#include "vde_mgmt.h"

#define PROMPT	"vde$ "

struct buf {
	char	*s;
	size_t	 len, cap;
};

struct vde_mgmt {
	int		fd;
	struct buf	in;		/* bytes read, not yet parsed */
	size_t		pos;		/* parsed up to here */
	struct buf	data;		/* the current reply's data lines */
	int		in_data;	/* between 0000 and "." */
	int		data_done;	/* DATA went out with a reply */
	char		text[256];
};

static int
buf_add(struct buf *b, const char *s, size_t n)
{
	char	*p;
	size_t	 cap;

	if (b->len + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 1024;
		while (cap < b->len + n + 1)
			cap *= 2;
		if ((p = realloc(b->s, cap)) == NULL)
			return -ENOMEM;
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

struct vde_mgmt *
vde_mgmt_connect(const char *path, char *err, size_t errlen)
{
	struct vde_mgmt		*m;

	if ((m = calloc(1, sizeof *m)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if ((m->fd = unixsock_connect(path, SOCK_NONBLOCK)) < 0) {
		snprintf(err, errlen, "%s: %s", path, m->fd == -ENAMETOOLONG ?
		    "path too long for a socket" : strerror(-m->fd));
		m->fd = -1;
		vde_mgmt_free(m);
		return NULL;
	}
	return m;
}

void
vde_mgmt_free(struct vde_mgmt *m)
{
	if (m == NULL)
		return;
	if (m->fd != -1)
		close(m->fd);
	free(m->in.s);
	free(m->data.s);
	free(m);
}

int
vde_mgmt_fd(const struct vde_mgmt *m)
{
	return m->fd;
}

int
vde_mgmt_send(struct vde_mgmt *m, const char *cmd)
{
	char	line[256];
	int	n = snprintf(line, sizeof line, "%s\n", cmd);

	if (n < 0 || (size_t)n >= sizeof line)
		return -EINVAL;
	/* The switch reads a command per read(): one write, whole. */
	if (send(m->fd, line, (size_t)n, MSG_NOSIGNAL) != n)
		return errno ? -errno : -EIO;
	return 0;
}

int
vde_mgmt_read(struct vde_mgmt *m)
{
	char	chunk[4096];
	ssize_t	n;
	int	r;

	for (;;) {
		n = read(m->fd, chunk, sizeof chunk);
		if (n == 0)
			return -EPIPE;
		if (n == -1)
			return errno == EAGAIN || errno == EINTR ? 0 : -errno;
		if ((r = buf_add(&m->in, chunk, (size_t)n)) < 0)
			return r;
	}
}

/* "NNNN text" or "NNNN": the code, or -1 for any other line. */
static int
line_code(const char *line, const char **text)
{
	int	i;

	for (i = 0; i < 4; i++)
		if (!isdigit((unsigned char)line[i]))
			return -1;
	if (line[4] != ' ' && line[4] != '\0')
		return -1;
	*text = line[4] ? line + 5 : "";
	return atoi(line);
}

/* Drops what was parsed, so that the buffer does not grow forever. */
static void
compact(struct vde_mgmt *m)
{
	if (m->pos == 0)
		return;
	memmove(m->in.s, m->in.s + m->pos, m->in.len - m->pos);
	m->in.len -= m->pos;
	m->pos = 0;
	if (m->in.s != NULL)
		m->in.s[m->in.len] = '\0';
}

/* One line of a DATA block; 0, or -1 when out of memory. */
static int
data_line(struct vde_mgmt *m, const char *line)
{
	if (strcmp(line, ".") == 0) {
		m->in_data = 0;
		return 0;
	}
	if (buf_add(&m->data, line, strlen(line)) < 0 ||
	    buf_add(&m->data, "\n", 1) < 0)
		return -1;
	return 0;
}

int
vde_mgmt_next(struct vde_mgmt *m, struct vde_mgmt_msg *msg)
{
	char		*line, *nl;
	const char	*text;
	int		 code;

	compact(m);
	if (m->data_done) {
		m->data.len = 0;
		m->data_done = 0;
	}
	while (m->in.s != NULL &&
	    (nl = memchr(m->in.s + m->pos, '\n', m->in.len - m->pos)) != NULL) {
		line = m->in.s + m->pos;
		*nl = '\0';
		m->pos = (size_t)(nl - m->in.s) + 1;
		while (strncmp(line, PROMPT, strlen(PROMPT)) == 0)
			line += strlen(PROMPT);
		if (m->in_data) {
			data_line(m, line);
			continue;
		}
		if ((code = line_code(line, &text)) == -1)
			continue;	/* the banner */
		if (code == 0) {
			m->in_data = 1;
			m->data.len = 0;
			continue;
		}
		snprintf(m->text, sizeof m->text, "%s", text);
		msg->code = code;
		msg->text = m->text;
		msg->data = "";
		if (code < 3000) {
			msg->data = m->data.s != NULL ? m->data.s : "";
			m->data_done = 1;
			if (m->data.s != NULL && m->data.len == 0)
				m->data.s[0] = '\0';
		}
		return 1;
	}
	return 0;
}

int
vde_mgmt_reply(struct vde_mgmt *m, const char *cmd, int r,
    struct vde_mgmt_msg *msg, char *err, size_t errlen)
{
	while (vde_mgmt_next(m, msg) == 1) {
		if (msg->code >= 3000)
			continue;
		if (msg->code == VDE_MGMT_SUCCESS)
			return 1;
		snprintf(err, errlen, "%s: the switch said %d %s", cmd,
		    msg->code, msg->text);
		return -1;
	}
	if (r < 0) {
		snprintf(err, errlen, "%s", r == -EPIPE ?
		    "the switch closed the management socket" : strerror(-r));
		return -1;
	}
	return 0;
}

int
vde_mgmt_call(struct vde_mgmt *m, const char *cmd, int timeout_ms,
    struct vde_mgmt_msg *msg, char *err, size_t errlen)
{
	struct pollfd	pfd = { .fd = m->fd, .events = POLLIN };
	long long	deadline = loop_now_ms() + timeout_ms, left;
	int		r;

	if ((r = vde_mgmt_send(m, cmd)) < 0) {
		snprintf(err, errlen, "%s: %s", cmd, strerror(-r));
		return -1;
	}
	while ((r = vde_mgmt_reply(m, cmd, r, msg, err, errlen)) == 0) {
		if ((left = deadline - loop_now_ms()) <= 0) {
			snprintf(err, errlen, "no answer in %d ms", timeout_ms);
			return -1;
		}
		if (poll(&pfd, 1, (int)left) == -1 && errno != EINTR) {
			snprintf(err, errlen, "poll: %s", strerror(errno));
			return -1;
		}
		r = vde_mgmt_read(m);
	}
	return r == 1 ? 0 : -1;
}

/* "  -- endpoint ID 0003 module unix prog   : vdeplug: user=root ..." */
static void
parse_endpoint(struct vde_port *p, const char *line)
{
	const char	*mod, *colon;

	if (p->nendpoints++ > 0)
		return;
	if ((mod = strstr(line, " module ")) != NULL)
		sscanf(mod + 8, "%15s", p->module);
	if ((colon = strstr(line, " : ")) != NULL) {
		colon += 3;
		while (*colon == ' ')
			colon++;
		snprintf(p->desc, sizeof p->desc, "%s", colon);
	}
}

int
vde_ports_parse(const char *data, struct vde_port **ports)
{
	struct vde_port	*v = NULL, *p, *nv;
	const char	*line = data, *nl;
	char		 state[16];
	int		 n = 0;

	for (; *line != '\0'; line = *nl != '\0' ? nl + 1 : nl) {
		if ((nl = strchr(line, '\n')) == NULL)
			nl = line + strlen(line);
		if (strncmp(line, "Port ", 5) == 0) {
			if ((nv = realloc(v, (size_t)(n + 1) * sizeof *v)) ==
			    NULL) {
				free(v);
				return -1;
			}
			v = nv;
			p = &v[n++];
			memset(p, 0, sizeof *p);
			state[0] = '\0';
			sscanf(line, "Port %d %*s %15s", &p->number, state);
			p->active = strcmp(state, "ACTIVE") == 0;
		} else if (n > 0 && strncmp(line, " Current User: ", 15) == 0)
			sscanf(line + 15, "%31s", v[n - 1].user);
		else if (n > 0 && strncmp(line, "  -- endpoint", 13) == 0) {
			char	buf[256];

			snprintf(buf, sizeof buf, "%.*s", (int)(nl - line),
			    line);
			parse_endpoint(&v[n - 1], buf);
		}
	}
	*ports = v;
	return n;
}

/*
 * Digits, and no more than a pid holds: atoi() cut "pid 4294967297" to
 * 1, and vfiotui net stop --force would have sent init its SIGTERM.
 */
int
vde_showinfo_pid(const char *data)
{
	const char	*p;
	unsigned long	 pid;

	if ((p = strstr(data, "\npid ")) != NULL)
		p += 5;
	else if (strncmp(data, "pid ", 4) == 0)
		p = data + 4;
	else
		return -1;
	if (*p < '0' || *p > '9')
		return -1;
	errno = 0;
	pid = strtoul(p, NULL, 10);
	return errno == 0 && pid > 0 && pid <= INT_MAX ? (int)pid : -1;
}
