/* lf-sandbox-proc.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-sandbox"

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#endif

#include "lf-sandbox-proc.h"

/* How often the kill loop looks again for what forked while it worked. */
#define KILL_ROUNDS 20

typedef struct
{
  GPid pid;
  GPid ppid;
  char state;
} ProcEntry;

/* "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'. */
static gboolean
read_stat (GPid       pid,
           ProcEntry *entry)
{
  char path[64];
  char buffer[512];
  const char *after;
  ssize_t n;
  int fd;

  g_snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  n = read (fd, buffer, sizeof buffer - 1);
  close (fd);
  if (n <= 0)
    return FALSE;
  buffer[n] = '\0';
  after = strrchr (buffer, ')');
  if (after == NULL || after[1] != ' ' || after[2] == '\0')
    return FALSE;
  entry->pid = pid;
  entry->state = after[2];
  entry->ppid = (GPid) g_ascii_strtoll (after + 3, NULL, 10);
  return TRUE;
}

/* Every process; zombies (gone but for their parent's wait) only when asked for. */
static GArray *
list_processes (gboolean with_zombies)
{
  GArray *all = g_array_new (FALSE, FALSE, sizeof (ProcEntry));
  DIR *dir = opendir ("/proc");
  struct dirent *item;

  if (dir == NULL)
    return all;
  while ((item = readdir (dir)) != NULL)
    {
      ProcEntry entry;
      char *end = NULL;
      gint64 pid = g_ascii_strtoll (item->d_name, &end, 10);

      if (pid <= 0 || end == NULL || *end != '\0')
        continue;
      if (read_stat ((GPid) pid, &entry) &&
          (with_zombies || (entry.state != 'Z' && entry.state != 'X')))
        g_array_append_val (all, entry);
    }
  closedir (dir);
  return all;
}

GArray *
lf_proc_list_descendants (GPid root)
{
  g_autoptr(GArray) all = list_processes (FALSE);
  GArray *found = g_array_new (FALSE, FALSE, sizeof (GPid));

  g_array_append_val (found, root);
  /* Breadth first over the found list itself: each entry's children are appended after it. */
  for (guint i = 0; i < found->len; i++)
    {
      GPid parent = g_array_index (found, GPid, i);

      for (guint j = 0; j < all->len; j++)
        if (g_array_index (all, ProcEntry, j).ppid == parent)
          g_array_append_val (found, g_array_index (all, ProcEntry, j).pid);
    }
  g_array_remove_index (found, 0);
  return found;
}

static gboolean
is_alive (GPid pid)
{
  ProcEntry entry;

  return read_stat (pid, &entry) && entry.state != 'Z' && entry.state != 'X';
}

static GArray *
list_tree (GPid root)
{
  GArray *tree = lf_proc_list_descendants (root);

  if (is_alive (root))
    g_array_prepend_val (tree, root);
  return tree;
}

static gboolean
same_set (GArray *a,
          GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_array_index (a, GPid, i) != g_array_index (b, GPid, i))
      return FALSE;
  return TRUE;
}

/* Stopped processes cannot fork or exit, so the tree holds still: once a second look finds
 * nothing new, one pass of SIGKILL ends all of it. */
void
lf_proc_kill_tree (GPid root)
{
  g_autoptr(GArray) stopped = NULL;

  if (root <= 0)
    return;
  for (guint round = 0; round < KILL_ROUNDS; round++)
    {
      g_autoptr(GArray) seen = list_tree (root);

      if (seen->len == 0)
        break;
      for (guint i = 0; i < seen->len; i++)
        kill (g_array_index (seen, GPid, i), SIGSTOP);
      if (stopped != NULL && same_set (stopped, seen))
        break;
      g_clear_pointer (&stopped, g_array_unref);
      stopped = g_steal_pointer (&seen);
    }
  if (stopped != NULL)
    for (guint i = 0; i < stopped->len; i++)
      kill (g_array_index (stopped, GPid, i), SIGKILL);
}

static guint64
read_rss_kib (GPid pid)
{
  char path[64];
  g_autofree char *contents = NULL;
  char **fields;
  guint64 pages = 0;

  g_snprintf (path, sizeof path, "/proc/%d/statm", (int) pid);
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  fields = g_strsplit (contents, " ", 3);
  if (fields[0] != NULL && fields[1] != NULL)
    pages = g_ascii_strtoull (fields[1], NULL, 10);
  g_strfreev (fields);
  return pages * (guint64) sysconf (_SC_PAGESIZE) / 1024;
}

guint64
lf_proc_tree_rss_kib (GPid root)
{
  g_autoptr(GArray) tree = list_tree (root);
  guint64 total = 0;

  for (guint i = 0; i < tree->len; i++)
    total += read_rss_kib (g_array_index (tree, GPid, i));
  return total;
}

/* ---- which process holds a socket -------------------------------------------------------- */

static gboolean
ipv4_of (GSocketAddress *address,
         guint32        *host_order,
         guint16        *port)
{
  GInetAddress *inet;
  const guint8 *bytes;

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return FALSE;
  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  if (g_inet_address_get_family (inet) != G_SOCKET_FAMILY_IPV4)
    return FALSE;
  bytes = g_inet_address_to_bytes (inet);
  *host_order = (guint32) bytes[0] << 24 | (guint32) bytes[1] << 16 | (guint32) bytes[2] << 8 |
                bytes[3];
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  return TRUE;
}

#ifdef __linux__
/* Asks the kernel for exactly one socket (sock_diag): cheap however many connections exist. */
static guint64
inode_from_netlink (guint32 client_ip,
                    guint16 client_port,
                    guint32 server_ip,
                    guint16 server_port)
{
  struct
  {
    struct nlmsghdr header;
    struct inet_diag_req_v2 request;
  } query = { 0 };
  union
  {
    struct nlmsghdr header;
    char bytes[8192];
  } answer;
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
  guint64 inode = 0;
  ssize_t n;
  int fd = socket (AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);

  if (fd < 0)
    return 0;
  query.header.nlmsg_len = sizeof query;
  query.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  query.header.nlmsg_flags = NLM_F_REQUEST;
  query.request.sdiag_family = AF_INET;
  query.request.sdiag_protocol = IPPROTO_TCP;
  query.request.idiag_states = ~0u;
  query.request.id.idiag_sport = g_htons (client_port);
  query.request.id.idiag_dport = g_htons (server_port);
  query.request.id.idiag_src[0] = g_htonl (client_ip);
  query.request.id.idiag_dst[0] = g_htonl (server_ip);
  query.request.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
  query.request.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;

  if (sendto (fd, &query, sizeof query, 0, (struct sockaddr *) &kernel, sizeof kernel) ==
      sizeof query &&
      (n = recv (fd, &answer, sizeof answer, 0)) > 0 &&
      NLMSG_OK (&answer.header, (guint) n) && answer.header.nlmsg_type == SOCK_DIAG_BY_FAMILY)
    {
      struct inet_diag_msg *message = NLMSG_DATA (&answer.header);

      inode = message->idiag_inode;
    }
  close (fd);
  return inode;
}
#endif

/* The same from /proc/net/tcp, for kernels without sock_diag. */
static guint64
inode_from_proc (guint32 client_ip,
                 guint16 client_port,
                 guint32 server_ip,
                 guint16 server_port)
{
  g_autofree char *contents = NULL;
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/net/tcp", &contents, NULL, NULL))
    return 0;
  /* The address's bytes as they are in memory, read as a native integer. */
  local = g_strdup_printf ("%08X:%04X", g_htonl (client_ip), client_port);
  remote = g_strdup_printf ("%08X:%04X", g_htonl (server_ip), server_port);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      GPtrArray *words = g_ptr_array_new ();
      guint64 inode = 0;

      for (guint j = 0; fields[j] != NULL; j++)
        if (*fields[j] != '\0')
          g_ptr_array_add (words, fields[j]);
      if (words->len > 9 && g_ascii_strcasecmp (words->pdata[1], local) == 0 &&
          g_ascii_strcasecmp (words->pdata[2], remote) == 0)
        inode = g_ascii_strtoull (words->pdata[9], NULL, 10);
      g_ptr_array_unref (words);
      if (inode != 0)
        return inode;
    }
  return 0;
}

static gboolean
holds_socket (GPid    pid,
              guint64 inode)
{
  char path[64];
  char wanted[64];
  char link[64];
  struct dirent *item;
  gboolean found = FALSE;
  DIR *dir;

  g_snprintf (path, sizeof path, "/proc/%d/fd", (int) pid);
  g_snprintf (wanted, sizeof wanted, "socket:[%" G_GUINT64_FORMAT "]", inode);
  dir = opendir (path);
  if (dir == NULL)
    return FALSE;
  while (!found && (item = readdir (dir)) != NULL)
    {
      ssize_t n = readlinkat (dirfd (dir), item->d_name, link, sizeof link - 1);

      if (n > 0)
        {
          link[n] = '\0';
          found = g_str_equal (link, wanted);
        }
    }
  closedir (dir);
  return found;
}

gboolean
lf_proc_tree_owns_client (GPid            root,
                          GSocketAddress *client,
                          GSocketAddress *server)
{
  g_autoptr(GArray) descendants = NULL;
  guint32 client_ip, server_ip;
  guint16 client_port, server_port;
  guint64 inode = 0;

  if (root <= 0 || !ipv4_of (client, &client_ip, &client_port) ||
      !ipv4_of (server, &server_ip, &server_port))
    return FALSE;
#ifdef __linux__
  inode = inode_from_netlink (client_ip, client_port, server_ip, server_port);
#endif
  if (inode == 0)
    inode = inode_from_proc (client_ip, client_port, server_ip, server_port);
  if (inode == 0)
    return FALSE;

  /* The runtime itself is the usual caller: look there before walking the tree. */
  if (holds_socket (root, inode))
    return TRUE;
  descendants = lf_proc_list_descendants (root);
  for (guint i = 0; i < descendants->len; i++)
    if (holds_socket (g_array_index (descendants, GPid, i), inode))
      return TRUE;
  return FALSE;
}

/* ---- orphans ------------------------------------------------------------------------------ */

#define ORPHAN_POLL_MS 20

/* Main-thread state: adoption is a property of the whole process. */
static gboolean adopting;
static GHashTable *leaders;
static guint orphan_poll_id;

gboolean
lf_proc_adopt_orphans (void)
{
#ifdef __linux__
  if (prctl (PR_SET_CHILD_SUBREAPER, 1) == 0)
    adopting = TRUE;
#endif
  return adopting;
}

void
lf_proc_register_leader (GPid pid)
{
  if (leaders == NULL)
    leaders = g_hash_table_new (NULL, NULL);
  g_hash_table_add (leaders, GINT_TO_POINTER (pid));
}

void
lf_proc_unregister_leader (GPid pid)
{
  if (leaders != NULL)
    g_hash_table_remove (leaders, GINT_TO_POINTER (pid));
}

/* Returns how many adopted processes are still to be reaped. */
static guint
sweep_orphans (void)
{
  g_autoptr(GArray) all = list_processes (TRUE);
  GPid self = getpid ();
  guint pending = 0;

  for (guint i = 0; i < all->len; i++)
    {
      ProcEntry *entry = &g_array_index (all, ProcEntry, i);

      /* GLib's child watches own the leaders' exit statuses. */
      if (entry->ppid != self ||
          (leaders != NULL && g_hash_table_contains (leaders, GINT_TO_POINTER (entry->pid))))
        continue;
      if (entry->state == 'Z' || entry->state == 'X')
        {
          if (waitpid (entry->pid, NULL, WNOHANG) == 0)
            pending++;
          continue;
        }
      lf_proc_kill_tree (entry->pid);
      pending++;
    }
  return pending;
}

static gboolean
on_orphan_poll (gpointer user_data)
{
  if (sweep_orphans () > 0)
    return G_SOURCE_CONTINUE;
  orphan_poll_id = 0;
  return G_SOURCE_REMOVE;
}

void
lf_proc_reap_orphans (void)
{
  if (!adopting || orphan_poll_id != 0)
    return;
  if (sweep_orphans () > 0)
    orphan_poll_id = g_timeout_add (ORPHAN_POLL_MS, on_orphan_poll, NULL);
}
