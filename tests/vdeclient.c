/*
 * A libvdeplug client for the network tests.
 *
 *   vdeclient SOCK NAME     plugs into the switch at SOCK as NAME, says
 *                           "connected", and stays until stdin ends
 *   vdeclient --dhcp SOCK   sends a DHCPDISCOVER and prints the address
 *                           the OFFER gives (exit 1 when none comes in 5 s)
 *
 * Built without sanitizers: libvdeplug dlopens its backends with
 * RTLD_DEEPBIND, which AddressSanitizer refuses.
 */
#include "config.h"

#include <arpa/inet.h>

#include <errno.h>
#include <libvdeplug.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ETH_LEN		14
#define IP_LEN		20
#define UDP_LEN		8
#define BOOTP_LEN	240	/* up to and with the magic cookie */
#define TIMEOUT_MS	5000

static const uint8_t	mac[6] = { 0x52, 0x54, 0x00, 0x76, 0x66, 0x01 };

static uint16_t
ip_checksum(const uint8_t *p, size_t len)
{
	uint32_t	sum = 0;
	size_t		i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* A broadcast DHCPDISCOVER from MAC with XID; returns its length. */
static size_t
build_discover(uint8_t *f, uint32_t xid)
{
	uint8_t		*ip = f + ETH_LEN, *udp = ip + IP_LEN;
	uint8_t		*bootp = udp + UDP_LEN, *opt = bootp + BOOTP_LEN;
	const size_t	 bootp_len = 300;

	memset(f, 0, ETH_LEN + IP_LEN + UDP_LEN + bootp_len);
	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	put16(f + 12, 0x0800);
	bootp[0] = 1;			/* BOOTREQUEST */
	bootp[1] = 1;			/* Ethernet */
	bootp[2] = 6;
	memcpy(bootp + 4, &xid, 4);
	put16(bootp + 10, 0x8000);	/* answer by broadcast */
	memcpy(bootp + 28, mac, 6);
	memcpy(bootp + 236, "\x63\x82\x53\x63", 4);
	memcpy(opt, "\x35\x01\x01" "\x37\x03\x01\x03\x06" "\xff", 9);
	put16(udp, 68);
	put16(udp + 2, 67);
	put16(udp + 4, (uint16_t)(UDP_LEN + bootp_len));
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(IP_LEN + UDP_LEN + bootp_len));
	ip[8] = 64;
	ip[9] = 17;
	memset(ip + 16, 0xff, 4);
	put16(ip + 10, ip_checksum(ip, IP_LEN));
	return ETH_LEN + IP_LEN + UDP_LEN + bootp_len;
}

/* The DHCP message type in the options of a BOOTP reply, or -1. */
static int
dhcp_type(const uint8_t *opt, size_t len)
{
	size_t	i = 0;

	while (i < len && opt[i] != 0xff) {
		if (opt[i] == 0) {
			i++;
			continue;
		}
		if (i + 2 > len || i + 2 + opt[i + 1] > len)
			return -1;
		if (opt[i] == 53 && opt[i + 1] == 1)
			return opt[i + 2];
		i += 2 + opt[i + 1];
	}
	return -1;
}

/* 1 and the offered address in ADDR when F is our OFFER. */
static int
is_offer(const uint8_t *f, size_t len, uint32_t xid, char *addr,
    size_t addrlen)
{
	const uint8_t	*ip = f + ETH_LEN, *udp, *bootp;
	size_t		 ihl;

	if (len < ETH_LEN + IP_LEN || f[12] != 0x08 || f[13] != 0x00 ||
	    ip[9] != 17)
		return 0;
	ihl = (size_t)(ip[0] & 0x0f) * 4;
	udp = ip + ihl;
	bootp = udp + UDP_LEN;
	if (len < ETH_LEN + ihl + UDP_LEN + BOOTP_LEN || udp[3] != 68 ||
	    udp[2] != 0 || bootp[0] != 2 || memcmp(bootp + 4, &xid, 4) != 0)
		return 0;
	if (dhcp_type(bootp + BOOTP_LEN, len - (size_t)(bootp + BOOTP_LEN -
	    f)) != 2)
		return 0;
	inet_ntop(AF_INET, bootp + 16, addr, (socklen_t)addrlen);
	return 1;
}

static long long
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
dhcp(VDECONN *conn)
{
	uint8_t		frame[VDE_ETHBUFSIZE];
	struct pollfd	pfd = { .fd = vde_datafd(conn), .events = POLLIN };
	uint32_t	xid = (uint32_t)getpid() ^ (uint32_t)now_ms();
	long long	deadline = now_ms() + TIMEOUT_MS;
	char		addr[INET_ADDRSTRLEN];
	ssize_t		n;

	n = (ssize_t)build_discover(frame, xid);
	if (vde_send(conn, frame, (size_t)n, 0) != n) {
		fprintf(stderr, "vdeclient: send: %s\n", strerror(errno));
		return 1;
	}
	while (now_ms() < deadline) {
		if (poll(&pfd, 1, (int)(deadline - now_ms())) <= 0)
			continue;
		n = vde_recv(conn, frame, sizeof frame, 0);
		if (n > 0 && is_offer(frame, (size_t)n, xid, addr,
		    sizeof addr)) {
			printf("%s\n", addr);
			return 0;
		}
	}
	fprintf(stderr, "vdeclient: no DHCPOFFER in %d ms\n", TIMEOUT_MS);
	return 1;
}

/* Stays plugged in until stdin ends. */
static int
stay(VDECONN *conn)
{
	char	buf[64];

	(void)conn;
	printf("connected\n");
	fflush(stdout);
	while (read(STDIN_FILENO, buf, sizeof buf) > 0)
		;
	return 0;
}

int
main(int argc, char **argv)
{
	VDECONN	*conn;
	int	 dhcp_mode, r;

	if (argc != 3) {
		fprintf(stderr, "usage: vdeclient SOCK NAME | --dhcp SOCK\n");
		return 2;
	}
	dhcp_mode = strcmp(argv[1], "--dhcp") == 0;
	conn = vde_open(argv[dhcp_mode ? 2 : 1],
	    dhcp_mode ? "vdeclient-dhcp" : argv[2], NULL);
	if (conn == NULL) {
		fprintf(stderr, "vdeclient: %s: %s\n", argv[dhcp_mode ? 2 : 1],
		    strerror(errno));
		return 1;
	}
	r = dhcp_mode ? dhcp(conn) : stay(conn);
	vde_close(conn);
	return r;
}
