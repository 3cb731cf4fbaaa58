/* lf-loopback-guard.c: preloaded into every test, ends any process that connects beyond
 * loopback
 *
 * Tests start their servers on 127.0.0.1; nothing they run may reach another address, not
 * even once by accident (the AWS default credential chain reaches for the instance metadata
 * address when nothing else is configured). connect() to an IPv4 or IPv6 address outside
 * loopback writes what was tried to standard error (and to $LF_LOOPBACK_GUARD_LOG) and aborts
 * the process, so the test fails where it happened. UDP goes through connect() too (the
 * resolver's) or through sendto()/sendmsg() with an address, which are checked alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE

#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int
is_loopback (const struct sockaddr *address)
{
  if (address == NULL)
    return 1;
  if (address->sa_family == AF_INET)
    {
      const struct sockaddr_in *in = (const struct sockaddr_in *) address;
      unsigned long host = ntohl (in->sin_addr.s_addr);

      return (host >> 24) == 127 || host == 0;
    }
  if (address->sa_family == AF_INET6)
    {
      const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *) address;

      return IN6_IS_ADDR_LOOPBACK (&in6->sin6_addr) || IN6_IS_ADDR_UNSPECIFIED (&in6->sin6_addr) ||
             (IN6_IS_ADDR_V4MAPPED (&in6->sin6_addr) && in6->sin6_addr.s6_addr[12] == 127);
    }
  /* Unix sockets, netlink and the like stay on this machine. */
  return 1;
}

static void
refuse (const struct sockaddr *address,
        const char            *call)
{
  char host[INET6_ADDRSTRLEN] = "?";
  char program[256] = "?";
  char line[512];
  const char *log = getenv ("LF_LOOPBACK_GUARD_LOG");
  unsigned port = 0;
  ssize_t n;
  int length;

  if (address->sa_family == AF_INET)
    {
      const struct sockaddr_in *in = (const struct sockaddr_in *) address;

      inet_ntop (AF_INET, &in->sin_addr, host, sizeof host);
      port = ntohs (in->sin_port);
    }
  else
    {
      const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *) address;

      inet_ntop (AF_INET6, &in6->sin6_addr, host, sizeof host);
      port = ntohs (in6->sin6_port);
    }
  n = readlink ("/proc/self/exe", program, sizeof program - 1);
  program[n > 0 ? n : 1] = '\0';
  length = snprintf (line, sizeof line,
                     "lf-loopback-guard: %s (pid %d) tried %s to %s port %u: tests never leave "
                     "loopback\n", program, (int) getpid (), call, host, port);
  if (length > 0)
    {
      if (write (STDERR_FILENO, line, (size_t) length) < 0)
        {
          /* Nothing better to do: the abort below still fails the test. */
        }
      if (log != NULL && *log != '\0')
        {
          int fd = open (log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);

          if (fd >= 0)
            {
              if (write (fd, line, (size_t) length) < 0)
                {
                  /* As above. */
                }
              close (fd);
            }
        }
    }
  abort ();
}

int
connect (int                    fd,
         const struct sockaddr *address,
         socklen_t              length)
{
  static int (*real) (int, const struct sockaddr *, socklen_t);

  if (!is_loopback (address))
    refuse (address, "connect");
  if (real == NULL)
    real = (int (*) (int, const struct sockaddr *, socklen_t)) dlsym (RTLD_NEXT, "connect");
  return real (fd, address, length);
}

ssize_t
sendto (int                    fd,
        const void            *buffer,
        size_t                 size,
        int                    flags,
        const struct sockaddr *address,
        socklen_t              length)
{
  static ssize_t (*real) (int, const void *, size_t, int, const struct sockaddr *, socklen_t);

  if (!is_loopback (address))
    refuse (address, "sendto");
  if (real == NULL)
    real = (ssize_t (*) (int, const void *, size_t, int, const struct sockaddr *, socklen_t))
      dlsym (RTLD_NEXT, "sendto");
  return real (fd, buffer, size, flags, address, length);
}

ssize_t
sendmsg (int                  fd,
         const struct msghdr *message,
         int                  flags)
{
  static ssize_t (*real) (int, const struct msghdr *, int);

  if (message != NULL && message->msg_name != NULL && !is_loopback (message->msg_name))
    refuse (message->msg_name, "sendmsg");
  if (real == NULL)
    real = (ssize_t (*) (int, const struct msghdr *, int)) dlsym (RTLD_NEXT, "sendmsg");
  return real (fd, message, flags);
}
