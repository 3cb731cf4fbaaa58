/* lf-sandbox-proc.h: process trees and socket owners, read from /proc (Linux)
 *
 * An execution environment is its leader process and every process below it. The leader is
 * made a child subreaper, so a descendant that detaches (setsid, double fork) is adopted by
 * the leader and stays in the tree while the leader lives: walking parent links from /proc
 * finds all of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The processes below @root (not @root itself), breadth first. */
GArray   *lf_proc_list_descendants   (GPid          root);
/* Stops @root's whole tree, then kills it, until nothing of it is left to kill. */
void      lf_proc_kill_tree          (GPid          root);
/* Resident memory of @root and every process below it, in KiB. */
guint64   lf_proc_tree_rss_kib       (GPid          root);
/* Whether @root or a process below it holds the client end of the TCP connection from
 * @client to @server (both loopback addresses with their ports). */
gboolean  lf_proc_tree_owns_client   (GPid             root,
                                      GSocketAddress  *client,
                                      GSocketAddress  *server);

/* Makes this process the subreaper of everything below it, so that what an environment leaves
 * behind when its leader dies comes back here to be ended. Process-wide, so only the sandbox
 * program asks for it; a process embedding the sandbox keeps its own children alone. */
gboolean  lf_proc_adopt_orphans      (void);
/* The leaders of live environments: every other child is an orphan once adoption is on. */
void      lf_proc_register_leader    (GPid          pid);
void      lf_proc_unregister_leader  (GPid          pid);
/* Kills and reaps adopted orphans now, and again shortly while any is still dying. */
void      lf_proc_reap_orphans       (void);

G_END_DECLS
