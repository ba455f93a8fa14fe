/*
 * portable.h - the few socket calls the C tests make, on POSIX and on
 * Windows (Winsock), so the same suite runs against libsmscserver.so on
 * Linux and smscserver.dll under Wine or Windows (make ctest-wine).
 *
 * Threads need nothing here: on Windows the tests link mingw's winpthreads
 * statically. Sockets are kept in an int: Windows socket handles fit in 32
 * bits, and INVALID_SOCKET becomes -1 like a failed POSIX socket().
 *
 * Include it before any other header: on Windows it must come before
 * <windows.h> (winsock2.h replaces the old winsock.h).
 */
#ifndef SMSC_TESTS_PORTABLE_H
#define SMSC_TESTS_PORTABLE_H

#ifdef _WIN32
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0600 /* Vista and later: WSAPoll and struct pollfd */
#endif
#include <winsock2.h>
#include <ws2tcpip.h>

#define sock_close(s) closesocket((SOCKET)(s))
#define sock_error() WSAGetLastError()
#define sock_poll(p, n, ms) WSAPoll((p), (n), (ms))
#define sock_send(s, b, n) send((SOCKET)(s), (const char *)(b), (int)(n), 0)
#define sock_recv(s, b, n) recv((SOCKET)(s), (char *)(b), (int)(n), 0)
/* The network error numbers the tests expect: positive return codes of the
 * library are Windows Sockets (WSAE*) numbers on Windows. */
#define SOCK_EINTR WSAEINTR
#define SOCK_EADDRINUSE WSAEADDRINUSE
#define SOCK_ECONNREFUSED WSAECONNREFUSED

/* Winsock must be started once before the first socket call. */
static inline int sock_startup(void) {
    WSADATA d;
    return WSAStartup(MAKEWORD(2, 2), &d);
}
#else
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#define sock_close(s) close(s)
#define sock_error() errno
#define sock_poll(p, n, ms) poll((p), (n), (ms))
/* MSG_NOSIGNAL: a peer that went away makes send fail with EPIPE instead
 * of killing the test with SIGPIPE. */
#define sock_send(s, b, n) send((s), (b), (n), MSG_NOSIGNAL)
#define sock_recv(s, b, n) recv((s), (b), (n), 0)
#define SOCK_EINTR EINTR
#define SOCK_EADDRINUSE EADDRINUSE
#define SOCK_ECONNREFUSED ECONNREFUSED

static inline int sock_startup(void) { return 0; }
#endif

#endif
