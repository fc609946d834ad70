/*
 * fork/execvp, with what every caller needs around it: a clean signal
 * state in the child (the loop blocks signals it reads through a
 * signalfd, and a blocked mask survives exec), exec failures reported
 * back through a close-on-exec pipe, and daemons detached by a double
 * fork.
 */
#include "config.h"

#include <sys/pidfd.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proctext.h"
#include "safefile.h"
#include "spawn.h"

/* fork_exec's OUT_FD for a child that keeps our stdin, stdout, stderr. */
#define OUR_STDIO	(-2)

/* In the child: default signals, nothing blocked, stdio as asked. */
static void
child_setup(int out_fd)
{
	sigset_t	none;
	int		null_fd, sig;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	if (out_fd == OUR_STDIO)
		return;
	if ((null_fd = open("/dev/null", O_RDWR)) != -1) {
		dup2(null_fd, STDIN_FILENO);
		if (out_fd == -1)
			out_fd = null_fd;
	}
	if (out_fd != -1) {
		dup2(out_fd, STDOUT_FILENO);
		dup2(out_fd, STDERR_FILENO);
	}
}

/* In the child: exec, or send errno up the report pipe and die. */
static void __attribute__((noreturn))
child_exec(char *const argv[], int report_fd)
{
	int	e;

	execvp(argv[0], argv);
	e = errno;
	if (write(report_fd, &e, sizeof e) == -1) {
		/* Nobody left to tell. */
	}
	_exit(127);
}

/* Reads the child's exec report: 0 when it ran, else its errno. */
static int
read_report(int fd)
{
	ssize_t	n;
	int	e = 0;

	do
		n = read(fd, &e, sizeof e);
	while (n == -1 && errno == EINTR);
	return n == (ssize_t)sizeof e ? e : 0;
}

static void
exec_error(char *err, size_t errlen, const char *prog, int e)
{
	if (e == ENOENT)
		snprintf(err, errlen, "%s: not found (is it installed and on "
		    "PATH?)", prog);
	else
		snprintf(err, errlen, "%s: cannot run: %s", prog, strerror(e));
}

static int
open_log(const char *log, char *err, size_t errlen)
{
	int	fd;

	if (log == NULL)
		return -1;
	return (fd = safefile_append(log, err, errlen)) < 0 ? -1 : fd;
}

int
spawn_wait(pid_t pid)
{
	int	status;

	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* Forks a child running ARGV with OUT_FD as stdout/stderr. */
static pid_t
fork_exec(char *const argv[], int out_fd, char *err, size_t errlen)
{
	int	report[2], e;
	pid_t	pid;

	if (pipe2(report, O_CLOEXEC) == -1) {
		snprintf(err, errlen, "%s: pipe: %s", argv[0], strerror(errno));
		return -1;
	}
	if ((pid = fork()) == -1) {
		snprintf(err, errlen, "%s: fork: %s", argv[0], strerror(errno));
		close(report[0]);
		close(report[1]);
		return -1;
	}
	if (pid == 0) {
		close(report[0]);
		child_setup(out_fd);
		child_exec(argv, report[1]);
	}
	close(report[1]);
	e = read_report(report[0]);
	close(report[0]);
	if (e != 0) {
		spawn_wait(pid);
		exec_error(err, errlen, argv[0], e);
		return -1;
	}
	return pid;
}

pid_t
spawn_fork(int (*fn)(int fd, void *arg), void *arg, int *out_fd, char *err,
    size_t errlen)
{
	int	pipefd[2];
	pid_t	pid;

	if (pipe2(pipefd, O_CLOEXEC) == -1) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) == -1) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	if (pid == 0) {
		close(pipefd[0]);
		child_setup(-1);
		/* _exit: none of the parent's atexit work, no stdio flush. */
		_exit(fn(pipefd[1], arg) & 0xff);
	}
	close(pipefd[1]);
	*out_fd = pipefd[0];
	return pid;
}

/* Reads all of FD into OUT, keeping what fits. */
static void
collect(int fd, char *out, size_t outlen)
{
	char	scratch[4096];
	size_t	used = 0;
	ssize_t	n;

	for (;;) {
		if (out != NULL && used + 1 < outlen)
			n = read(fd, out + used, outlen - 1 - used);
		else
			n = read(fd, scratch, sizeof scratch);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (out != NULL && used + 1 < outlen)
			used += (size_t)n;
	}
	if (out != NULL && outlen > 0)
		out[used] = '\0';
}

pid_t
spawn_piped(char *const argv[], int *out_fd, char *err, size_t errlen)
{
	int	pipefd[2];
	pid_t	pid;

	if (pipe2(pipefd, O_CLOEXEC) == -1) {
		snprintf(err, errlen, "%s: pipe: %s", argv[0], strerror(errno));
		return -1;
	}
	pid = fork_exec(argv, pipefd[1], err, errlen);
	close(pipefd[1]);
	if (pid == -1) {
		close(pipefd[0]);
		return -1;
	}
	*out_fd = pipefd[0];
	return pid;
}

int
spawn_run(char *const argv[], char *out, size_t outlen, char *err,
    size_t errlen)
{
	int	fd;
	pid_t	pid;

	if ((pid = spawn_piped(argv, &fd, err, errlen)) == -1)
		return -1;
	collect(fd, out, outlen);
	close(fd);
	return spawn_wait(pid);
}

int
spawn_found(const char *prog)
{
	const char	*path = getenv("PATH"), *p, *end;
	char		 file[PATH_MAX];

	if (strchr(prog, '/') != NULL)
		return access(prog, X_OK) == 0;
	if (path == NULL)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ":");
		if (snprintf(file, sizeof file, "%.*s/%s", (int)(end - p), p,
		    prog) < (int)sizeof file && end > p &&
		    access(file, X_OK) == 0)
			return 1;
	}
	return 0;
}

int
spawn_run_here(char *const argv[], char *err, size_t errlen)
{
	pid_t	pid;

	if ((pid = fork_exec(argv, OUR_STDIO, err, errlen)) == -1)
		return -1;
	return spawn_wait(pid);
}

pid_t
spawn_child(char *const argv[], const char *log, char *err, size_t errlen)
{
	int	fd = -1;
	pid_t	pid;

	if (log != NULL && (fd = open_log(log, err, errlen)) == -1)
		return -1;
	pid = fork_exec(argv, fd, err, errlen);
	if (fd != -1)
		close(fd);
	return pid;
}

/*
 * The middle process of the double fork: a new session, then the daemon
 * as its child, whose pid goes up PID_FD before the middle exits (the
 * daemon is then init's, and never a zombie of ours).
 */
static void __attribute__((noreturn))
middle(char *const argv[], int log_fd, int pid_fd)
{
	int	report[2], e;
	pid_t	pid;

	setsid();
	if (pipe2(report, O_CLOEXEC) == -1)
		_exit(126);
	if ((pid = fork()) == -1)
		_exit(126);
	if (pid == 0) {
		close(report[0]);
		close(pid_fd);
		child_setup(log_fd);
		child_exec(argv, report[1]);
	}
	close(report[1]);
	e = read_report(report[0]);
	if (write(pid_fd, &pid, sizeof pid) != (ssize_t)sizeof pid ||
	    write(pid_fd, &e, sizeof e) != (ssize_t)sizeof e)
		_exit(126);
	_exit(0);
}

pid_t
spawn_daemon(char *const argv[], const char *log, const char *pidfile,
    char *err, size_t errlen)
{
	int	info[2], log_fd, e = 0, r;
	pid_t	mid, pid = -1;

	if ((log_fd = open_log(log, err, errlen)) == -1 && log != NULL)
		return -1;
	if (pipe2(info, O_CLOEXEC) == -1 || (mid = fork()) == -1) {
		snprintf(err, errlen, "%s: %s", argv[0], strerror(errno));
		if (log_fd != -1)
			close(log_fd);
		return -1;
	}
	if (mid == 0) {
		close(info[0]);
		middle(argv, log_fd, info[1]);
	}
	close(info[1]);
	if (log_fd != -1)
		close(log_fd);
	if (read(info[0], &pid, sizeof pid) != (ssize_t)sizeof pid ||
	    read(info[0], &e, sizeof e) != (ssize_t)sizeof e)
		pid = -1;
	close(info[0]);
	spawn_wait(mid);
	if (pid == -1 || e != 0) {
		if (e != 0)
			exec_error(err, errlen, argv[0], e);
		else
			snprintf(err, errlen, "%s: cannot start a daemon",
			    argv[0]);
		return -1;
	}
	if (pidfile != NULL && (r = spawn_pidfile_write(pidfile, pid)) < 0) {
		snprintf(err, errlen, "%s: %s (%s is running as pid %d)",
		    pidfile, strerror(-r), argv[0], (int)pid);
		return -1;
	}
	return pid;
}

int
spawn_pidfile_write(const char *path, pid_t pid)
{
	char	text[32], why[PATH_MAX + 128];

	snprintf(text, sizeof text, "%d\n", (int)pid);
	return safefile_write(path, text, strlen(text), 0644, 0, why,
	    sizeof why);
}

/* The pid in PIDFILE, if this user wrote it (or a QEMU it ran). */
static long
pidfile_read(const char *pidfile)
{
	char	*text, *end, why[PATH_MAX + 128];
	size_t	 len;
	long	 pid;
	int	 r;

	if ((r = safefile_read(pidfile, SAFEFILE_OWN, 64, &text, &len, why,
	    sizeof why)) < 0)
		return r == -ENOENT ? 0 : r;
	text[strcspn(text, "\n")] = '\0';
	pid = strtol(text, &end, 10);
	if (end == text || *end != '\0' || pid <= 0 || pid > INT_MAX)
		pid = 0;
	free(text);
	return pid;
}

/* Reads the first line of PATH, in /proc, into BUF; 0 or -errno. */
static int
read_line(const char *path, char *buf, size_t len)
{
	FILE	*f;
	int	 r = 0;

	if ((f = fopen(path, "re")) == NULL)
		return -errno;
	if (fgets(buf, (int)len, f) == NULL)
		r = -EIO;
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return r;
}

pid_t
spawn_pidfile_alive(const char *proc_root, const char *pidfile,
    const char *comm)
{
	char			path[PATH_MAX], line[512];
	struct proctext_stat	st;
	long			pid;

	if ((pid = pidfile_read(pidfile)) <= 0)
		return (pid_t)pid;
	/* The name, and whether it is a zombie. */
	snprintf(path, sizeof path, "%s/%ld/stat", proc_root, pid);
	if (read_line(path, line, sizeof line) < 0 ||
	    proctext_stat(line, &st) == -1)
		return 0;
	/* comm is cut at 15 characters, as the kernel keeps it. */
	if (strncmp(st.comm, comm, 15) != 0 || st.state == 'Z' ||
	    st.state == 'X')
		return 0;
	return (pid_t)pid;
}

int
spawn_pidfd(pid_t pid)
{
	int	fd = pidfd_open(pid, 0);

	return fd == -1 ? -errno : fd;
}

int
spawn_pidfd_wait(int pidfd, int ms)
{
	struct pollfd	pfd = { .fd = pidfd, .events = POLLIN };
	int		r;

	while ((r = poll(&pfd, 1, ms)) == -1 && errno == EINTR)
		;
	return r > 0;
}

int
spawn_terminate(pid_t pid, int timeout_ms)
{
	int	fd, gone;

	if ((fd = spawn_pidfd(pid)) < 0)
		return fd == -ESRCH ? 0 : fd;
	gone = kill(pid, SIGTERM) == -1 && errno == ESRCH;
	if (!gone && !spawn_pidfd_wait(fd, timeout_ms)) {
		kill(pid, SIGKILL);
		gone = spawn_pidfd_wait(fd, 2000);
	} else
		gone = 1;
	close(fd);
	return gone ? 0 : -ETIMEDOUT;
}
