/*
 * Connecting to a unix stream socket: the path checked against sun_path
 * (which would cut it silently), the socket close-on-exec.  QMP, the VDE
 * switch's sockets and the serial console all connect this way.
 */
#ifndef VFIOTUI_UNIXSOCK_H
#define VFIOTUI_UNIXSOCK_H

/*
 * The connected socket at PATH (FLAGS: 0, or SOCK_NONBLOCK), or -errno:
 * -ENAMETOOLONG when PATH does not fit a unix socket address.
 */
int	unixsock_connect(const char *path, int flags);

#endif
