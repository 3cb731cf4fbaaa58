/* test-sandbox.c: the local Lambda sandbox, driven over HTTP with signed requests
 *
 * Each test starts a sandbox in-process on port 0 (the last one starts the program) with the
 * sample functions plus a few generated for the test, and talks to it with libsoup and the
 * project's signer, as any Lambda client would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "lf-sandbox.h"
#include "lf-sandbox-faults.h"
#include "lf-signer.h"
#include "lf-test-core.h"

/* How often what changes outside this main loop (a process group, the program's status) is
 * looked at again. */
#define POLL_MS 20

/* The sandbox's ARN prefix, as its defaults spell it. */
#define FUNCTION_ARN_PREFIX \
  "arn:aws:lambda:" LF_SANDBOX_DEFAULT_REGION ":" LF_SANDBOX_DEFAULT_ACCOUNT_ID ":function:"

typedef struct
{
  LfSandbox *sandbox;
  SoupSession *session;
  LfSigner *signer;
  char *tmpdir;
  char *url;                   /* where requests go */
  LfCredentials *credentials;  /* what they are signed with */
} Fixture;

typedef struct
{
  guint status;
  SoupMessageHeaders *headers;
  GBytes *body;
  GError *error;
  SoupSession *session;
  SoupMessage *msg;
  GAsyncResult *result;    /* set when the answer is in */
  guint arrival;           /* 1 for the first answer of the test program, 2 for the next… */
  gint64 started;
  gint64 elapsed_ms;
} Response;

static void
response_free (Response *resp)
{
  g_clear_pointer (&resp->headers, soup_message_headers_unref);
  g_clear_pointer (&resp->body, g_bytes_unref);
  g_clear_error (&resp->error);
  g_clear_object (&resp->result);
  g_clear_object (&resp->msg);
  g_clear_object (&resp->session);
  g_free (resp);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

static gboolean
keep_ticking (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* lf_test_wait_until for what changes outside this main loop: a tick makes it look again. */
static void
poll_until (gboolean  (*condition) (gpointer data),
            gpointer    data,
            const char *what)
{
  guint tick = g_timeout_add (POLL_MS, keep_ticking, NULL);

  lf_test_wait_until (condition, data, what);
  g_source_remove (tick);
}

/* ---- functions generated for the tests ----------------------------------------------------- */

static void
write_file (const char *dir,
            const char *name,
            const char *contents,
            gboolean    executable)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  if (executable)
    g_assert_cmpint (g_chmod (path, 0755), ==, 0);
}

static char *
make_function (const char *root,
               const char *name,
               const char *manifest,
               const char *file,
               const char *code,
               gboolean    executable)
{
  g_autofree char *dir = g_build_filename (root, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  write_file (dir, "function.json", manifest, FALSE);
  if (file != NULL)
    write_file (dir, file, code, executable);

  return g_steal_pointer (&dir);
}

static void
make_test_functions (const char *root)
{
  g_autofree char *marker = g_build_filename (root, "marker.log", NULL);
  g_autofree char *marker_manifest = NULL;
  g_autofree char *dir = NULL;

  g_free (make_function (root, "crash",
    "{\"name\":\"crash\",\"runtime\":\"python3\",\"handler\":\"crash.handler\"}",
    "crash.py",
    "import os, sys\n"
    "def handler(event, context):\n"
    "    print('about to crash')\n"
    "    sys.stdout.flush()\n"
    "    os._exit(3)\n", FALSE));

  g_free (make_function (root, "crash-bootstrap",
    "{\"name\":\"crash-bootstrap\",\"runtime\":\"provided\",\"handler\":\"x.y\"}",
    "bootstrap", "#!/bin/sh\necho 'cannot start' >&2\nexit 2\n", TRUE));

  g_free (make_function (root, "no-bootstrap",
    "{\"name\":\"no-bootstrap\",\"runtime\":\"provided\",\"handler\":\"x.y\"}",
    NULL, NULL, FALSE));

  g_free (make_function (root, "sleepy",
    "{\"name\":\"sleepy\",\"runtime\":\"python3\",\"handler\":\"sleepy.handler\",\"timeout\":1}",
    "sleepy.py",
    "import os, time\n"
    "def handler(event, context):\n"
    "    print('sleepy pid', os.getpid())\n"
    "    time.sleep(event.get('seconds', 0))\n"
    "    return {'pid': os.getpid()}\n", FALSE));

  g_free (make_function (root, "no-module",
    "{\"name\":\"no-module\",\"runtime\":\"python3\",\"handler\":\"missing.handler\"}",
    NULL, NULL, FALSE));

  g_free (make_function (root, "chatty",
    "{\"name\":\"chatty\",\"runtime\":\"python3\",\"handler\":\"chatty.handler\"}",
    "chatty.py",
    "def handler(event, context):\n"
    "    for i in range(400):\n"
    "        print('line %04d of a chatty function' % i)\n"
    "    return 'done'\n", FALSE));

  marker_manifest = g_strdup_printf ("{\"name\":\"marker\",\"runtime\":\"python3\","
                                     "\"handler\":\"marker.handler\",\"timeout\":10,"
                                     "\"environment\":{\"MARKER_FILE\":\"%s\"}}", marker);
  dir = make_function (root, "marker", marker_manifest, "marker.py",
    "import os, time\n"
    "def handler(event, context):\n"
    "    time.sleep(event.get('seconds', 0))\n"
    "    with open(os.environ['MARKER_FILE'], 'a') as f:\n"
    "        f.write(context.aws_request_id + '\\n')\n"
    "    return None\n", FALSE);
}

/* ---- fixture ------------------------------------------------------------------------------- */

static LfSandbox *
start_sandbox (const char *extra_dir,
               gboolean    with_samples,
               guint       max_concurrency)
{
  g_autoptr(LfSandbox) sandbox = lf_sandbox_new ();
  g_autoptr(GError) error = NULL;

  lf_sandbox_set_max_concurrency (sandbox, max_concurrency);
  if (with_samples)
    {
      g_autofree char *samples = lf_sandbox_find_data_dir ("functions");

      g_assert_nonnull (samples);
      lf_sandbox_add_functions_dir (sandbox, samples, &error);
      g_assert_no_error (error);
    }
  if (extra_dir != NULL)
    {
      lf_sandbox_add_functions_dir (sandbox, extra_dir, &error);
      g_assert_no_error (error);
    }

  g_assert_nonnull (lf_sandbox_get_runtime_dir (sandbox));
  lf_sandbox_start (sandbox, 0, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (lf_sandbox_get_url (sandbox), "http://127.0.0.1:"));
  g_assert_cmpuint (lf_sandbox_get_port (sandbox), >, 0);

  return g_steal_pointer (&sandbox);
}

static void
fixture_set_up_with (Fixture *f,
                     guint    max_concurrency)
{
  g_autoptr(GError) error = NULL;

  f->tmpdir = g_dir_make_tmp ("lf-sandbox-test-XXXXXX", &error);
  g_assert_no_error (error);
  make_test_functions (f->tmpdir);

  f->sandbox = start_sandbox (f->tmpdir, TRUE, max_concurrency);
  f->url = g_strdup (lf_sandbox_get_url (f->sandbox));
  f->credentials = lf_credentials_ref (lf_sandbox_get_credentials (f->sandbox));
  f->signer = lf_signer_new ();
  f->session = soup_session_new_with_options ("max-conns", 64, "max-conns-per-host", 32,
                                              "timeout", 0, NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  fixture_set_up_with (f, GPOINTER_TO_UINT (data) ? GPOINTER_TO_UINT (data) : 10);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
stop_sandbox (LfSandbox *sandbox)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  lf_sandbox_stop_async (sandbox, NULL, lf_test_keep_result, &result);
  lf_sandbox_stop_finish (sandbox, lf_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_false (lf_sandbox_is_running (sandbox));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  stop_sandbox (f->sandbox);
  soup_session_abort (f->session);
  g_clear_object (&f->session);
  g_clear_object (&f->sandbox);
  g_clear_object (&f->signer);
  g_clear_pointer (&f->url, g_free);
  g_clear_pointer (&f->credentials, lf_credentials_unref);
  remove_tree (f->tmpdir);
  g_clear_pointer (&f->tmpdir, g_free);
}

/* ---- signed requests ----------------------------------------------------------------------- */

typedef struct
{
  const char *secret;          /* NULL: the sandbox's */
  const char *access_key_id;   /* NULL: the sandbox's */
  const char *amz_date;        /* NULL: now */
  gboolean unsigned_request;
  const char *sent_body;       /* send this instead of the signed body */
} SignOptions;

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  static guint answers = 0;
  Response *resp = user_data;

  resp->elapsed_ms = (g_get_monotonic_time () - resp->started) / 1000;
  resp->arrival = ++answers;
  resp->result = g_object_ref (result);
}

/* Sends METHOD PATH (with its query) signed for "lambda"; @headers is NULL or name, value, …
 * NULL. Returns at once: wait_response () runs the loop until the answer is in. */
static Response *
start_request_full (Fixture           *f,
                    const char        *method,
                    const char        *path,
                    const char        *body,
                    gsize              body_length,
                    const char *const *headers,
                    const SignOptions *options)
{
  Response *resp = g_new0 (Response, 1);
  g_autofree char *url = g_strconcat (f->url, path, NULL);
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (LfHeader));
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(LfSignature) signature = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *request_headers;
  LfSignRequest request = { 0 };
  LfCredentials *sandbox_credentials = f->credentials;

  resp->msg = soup_message_new (method, url);
  g_assert_nonnull (resp->msg);
  request_headers = soup_message_get_request_headers (resp->msg);

  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    {
      LfHeader header = { (char *) headers[i], (char *) headers[i + 1] };
      g_array_append_val (list, header);
    }

  if (options == NULL || !options->unsigned_request)
    {
      credentials = lf_credentials_new (
        options && options->access_key_id ? options->access_key_id
                                          : lf_credentials_get_access_key_id (sandbox_credentials),
        options && options->secret ? options->secret
                                   : lf_credentials_get_secret_access_key (sandbox_credentials),
        NULL, NULL);
      request.method = method;
      request.url = url;
      request.headers = (const LfHeader *) (gpointer) list->data;
      request.n_headers = list->len;
      request.body = (const guint8 *) body;
      request.body_length = body ? body_length : 0;
      request.region = LF_SANDBOX_DEFAULT_REGION;
      request.service = "lambda";
      request.amz_date = options ? options->amz_date : NULL;
      signature = lf_signer_sign (f->signer, &request, credentials, &error);
      g_assert_no_error (error);

      for (guint i = 0; i < signature->n_headers; i++)
        {
          const LfHeader *added = &signature->headers[i];

          /* libsoup writes the same Host itself. */
          if (g_ascii_strcasecmp (added->name, "Host") != 0)
            soup_message_headers_append (request_headers, added->name, added->value);
        }
    }

  for (guint i = 0; i < list->len; i++)
    soup_message_headers_append (request_headers, g_array_index (list, LfHeader, i).name,
                                 g_array_index (list, LfHeader, i).value);

  if (options != NULL && options->sent_body != NULL)
    {
      body = options->sent_body;
      body_length = strlen (body);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, body_length);
      soup_message_set_request_body_from_bytes (resp->msg, "application/json", bytes);
    }

  resp->session = g_object_ref (f->session);
  resp->started = g_get_monotonic_time ();
  soup_session_send_and_read_async (f->session, resp->msg, G_PRIORITY_DEFAULT, NULL, on_sent,
                                    resp);
  return resp;
}

static Response *
wait_response (Response *resp)
{
  if (resp->headers != NULL)
    return resp;

  resp->body = soup_session_send_and_read_finish (resp->session, lf_test_wait_result (&resp->result),
                                                  &resp->error);
  resp->status = soup_message_get_status (resp->msg);
  resp->headers = soup_message_headers_ref (soup_message_get_response_headers (resp->msg));
  return resp;
}

static Response *
request (Fixture           *f,
         const char        *method,
         const char        *path,
         const char        *body,
         const char *const *headers)
{
  return wait_response (start_request_full (f, method, path, body, body ? strlen (body) : 0,
                                            headers, NULL));
}

static Response *
invoke (Fixture    *f,
        const char *function,
        const char *payload,
        const char *type)
{
  g_autofree char *path = g_strdup_printf ("/2015-03-31/functions/%s/invocations", function);
  const char *headers[] = { "X-Amz-Invocation-Type", type ? type : "RequestResponse",
                            "X-Amz-Log-Type", "Tail", NULL };

  return request (f, "POST", path, payload, headers);
}

static JsonNode *
parse_body (Response *resp)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *data;

  g_assert_no_error (resp->error);
  g_assert_nonnull (resp->body);
  data = g_bytes_get_data (resp->body, &size);
  json_parser_load_from_data (parser, data, size, &error);
  g_assert_no_error (error);

  return json_node_ref (json_parser_get_root (parser));
}

static JsonObject *
body_object (Response  *resp,
             JsonNode **keep)
{
  *keep = parse_body (resp);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*keep));
  return json_node_get_object (*keep);
}

static const char *
header (Response   *resp,
        const char *name)
{
  return soup_message_headers_get_one (resp->headers, name);
}

/* Checks the AWS error shape: status, x-amzn-ErrorType and a message in the JSON body. */
static void
assert_aws_error (Response   *resp,
                  guint       status,
                  const char *exception,
                  const char *message_part)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  g_assert_no_error (resp->error);
  g_assert_cmpuint (resp->status, ==, status);
  g_assert_cmpstr (header (resp, "x-amzn-ErrorType"), ==, exception);
  g_assert_nonnull (header (resp, "x-amzn-RequestId"));
  object = body_object (resp, &node);
  g_assert_true (json_object_has_member (object, "message"));
  if (message_part != NULL)
    g_assert_nonnull (strstr (json_object_get_string_member (object, "message"), message_part));
}

static char *
decode_log (Response *resp)
{
  const char *tail = header (resp, "X-Amz-Log-Result");
  g_autofree guchar *data = NULL;
  gsize length = 0;

  g_assert_nonnull (tail);
  data = g_base64_decode (tail, &length);
  return g_strndup ((const char *) data, length);
}

static gboolean
process_group_gone (gpointer data)
{
  return kill (-*(GPid *) data, 0) != 0;
}

/* Waits (running the loop, which reaps children) until no process group @pid is left. */
static void
wait_process_gone (GPid pid)
{
  poll_until (process_group_gone, &pid, "a process group to end");
  g_assert_cmpint (kill (-pid, 0), ==, -1);
}

/* The pids of every environment the sandbox runs, from its admin status endpoint. */
static GArray *
environment_pids (Fixture *f)
{
  g_autoptr(Response) resp = request (f, "GET", "/_sandbox/status", NULL, NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *functions;
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (GPid));
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  g_assert_cmpuint (resp->status, ==, 200);
  functions = json_object_get_object_member (body_object (resp, &node), "functions");
  json_object_iter_init (&iter, functions);
  while (json_object_iter_next (&iter, &name, &value))
    {
      JsonArray *list = json_object_get_array_member (json_node_get_object (value), "pids");

      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          GPid pid = (GPid) json_array_get_int_element (list, i);
          g_array_append_val (pids, pid);
        }
    }

  return pids;
}

static JsonObject *
function_status (Fixture    *f,
                 const char *name,
                 JsonNode  **keep)
{
  g_autoptr(Response) resp = request (f, "GET", "/_sandbox/status", NULL, NULL);
  JsonObject *functions;

  g_assert_cmpuint (resp->status, ==, 200);
  functions = json_object_get_object_member (body_object (resp, keep), "functions");
  if (!json_object_has_member (functions, name))
    return NULL;
  return json_object_get_object_member (functions, name);
}

/* ---- the API ------------------------------------------------------------------------------- */

static void
test_list_functions (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Response) resp = request (f, "GET", "/2015-03-31/functions/", NULL, NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonArray *functions;
  const char *previous = "";
  gboolean seen_echo = FALSE;
  gboolean seen_bash = FALSE;

  g_assert_no_error (resp->error);
  g_assert_cmpuint (resp->status, ==, 200);
  g_assert_nonnull (header (resp, "x-amzn-RequestId"));
  object = body_object (resp, &node);
  g_assert_false (json_object_has_member (object, "NextMarker"));
  functions = json_object_get_array_member (object, "Functions");
  g_assert_cmpuint (json_array_get_length (functions), >=, 14);

  for (guint i = 0; i < json_array_get_length (functions); i++)
    {
      JsonObject *fn = json_array_get_object_element (functions, i);
      const char *name = json_object_get_string_member (fn, "FunctionName");
      g_autofree char *arn = g_strconcat (FUNCTION_ARN_PREFIX, name, NULL);

      g_assert_cmpstr (previous, <, name);
      previous = name;
      g_assert_cmpstr (json_object_get_string_member (fn, "FunctionArn"), ==, arn);
      g_assert_cmpstr (json_object_get_string_member (fn, "Version"), ==, "$LATEST");
      if (g_str_equal (name, "echo"))
        {
          seen_echo = TRUE;
          g_assert_cmpstr (json_object_get_string_member (fn, "Runtime"), ==, "python3.11");
          g_assert_cmpstr (json_object_get_string_member (fn, "Handler"), ==, "handler.handler");
        }
      if (g_str_equal (name, "hello-bash"))
        {
          seen_bash = TRUE;
          g_assert_cmpstr (json_object_get_string_member (fn, "Runtime"), ==, "provided");
        }
    }
  g_assert_true (seen_echo);
  g_assert_true (seen_bash);
}

static void
test_list_pagination (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("lf-sandbox-many-XXXXXX", &error);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *marker = NULL;
  Fixture fixture = { 0 };
  Fixture *f = &fixture;
  guint pages = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < 123; i++)
    {
      g_autofree char *name = g_strdup_printf ("fn-%03u", i);
      g_autofree char *manifest =
        g_strdup_printf ("{\"name\":\"%s\",\"runtime\":\"python3\",\"handler\":\"h.handler\"}",
                         name);
      g_free (make_function (root, name, manifest, "h.py",
                             "def handler(e, c):\n    return e\n", FALSE));
    }

  f->tmpdir = g_steal_pointer (&root);
  f->sandbox = start_sandbox (f->tmpdir, FALSE, 10);
  f->url = g_strdup (lf_sandbox_get_url (f->sandbox));
  f->credentials = lf_credentials_ref (lf_sandbox_get_credentials (f->sandbox));
  f->signer = lf_signer_new ();
  f->session = soup_session_new ();
  g_assert_cmpuint (lf_sandbox_registry_get_n_functions (lf_sandbox_get_registry (f->sandbox)),
                    ==, 123);

  do
    {
      g_autofree char *path = NULL;
      g_autofree char *escaped = marker ? g_uri_escape_string (marker, NULL, FALSE) : NULL;
      g_autoptr(Response) resp = NULL;
      g_autoptr(JsonNode) node = NULL;
      JsonObject *object;
      JsonArray *functions;

      path = escaped ? g_strdup_printf ("/2015-03-31/functions/?Marker=%s", escaped)
                     : g_strdup ("/2015-03-31/functions/");
      resp = request (f, "GET", path, NULL, NULL);
      g_assert_cmpuint (resp->status, ==, 200);
      object = body_object (resp, &node);
      functions = json_object_get_array_member (object, "Functions");
      g_assert_cmpuint (json_array_get_length (functions), <=, 50);
      for (guint i = 0; i < json_array_get_length (functions); i++)
        {
          JsonObject *fn = json_array_get_object_element (functions, i);
          const char *name = json_object_get_string_member (fn, "FunctionName");
          g_assert_false (g_hash_table_contains (seen, name));
          g_hash_table_add (seen, g_strdup (name));
        }
      g_clear_pointer (&marker, g_free);
      if (json_object_has_member (object, "NextMarker"))
        {
          g_assert_cmpuint (json_array_get_length (functions), ==, 50);
          marker = g_strdup (json_object_get_string_member (object, "NextMarker"));
        }
      pages++;
    }
  while (marker != NULL);

  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 123);

  /* MaxItems asks for smaller pages. */
  {
    g_autoptr(Response) resp = request (f, "GET", "/2015-03-31/functions/?MaxItems=7", NULL, NULL);
    g_autoptr(JsonNode) node = NULL;
    JsonObject *object = body_object (resp, &node);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "Functions")),
                      ==, 7);
    g_assert_cmpstr (json_object_get_string_member (object, "NextMarker"), ==, "fn-006");
  }

  fixture_tear_down (f, NULL);
}

static void
test_get_function (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Response) resp = request (f, "GET", "/2015-03-31/functions/greet", NULL, NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonObject *configuration;

  g_assert_cmpuint (resp->status, ==, 200);
  object = body_object (resp, &node);
  configuration = json_object_get_object_member (object, "Configuration");
  g_assert_cmpstr (json_object_get_string_member (configuration, "FunctionName"), ==, "greet");
  g_assert_cmpint (json_object_get_int_member (configuration, "Timeout"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (configuration, "MemorySize"), ==, 128);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (
                       json_object_get_object_member (configuration, "Environment"), "Variables"),
                     "GREETING"), ==, "Hello");
  g_assert_true (json_object_has_member (json_object_get_object_member (object, "Code"),
                                         "Location"));

  /* The configuration alone, by ARN, and with the one qualifier there is. */
  {
    const char *paths[] = {
      "/2015-03-31/functions/greet/configuration",
      "/2015-03-31/functions/arn%3Aaws%3Alambda%3A" LF_SANDBOX_DEFAULT_REGION "%3A"
      LF_SANDBOX_DEFAULT_ACCOUNT_ID "%3Afunction%3Agreet/configuration",
      "/2015-03-31/functions/" LF_SANDBOX_DEFAULT_ACCOUNT_ID "%3Afunction%3Agreet/configuration",
      "/2015-03-31/functions/greet/configuration?Qualifier=%24LATEST",
    };

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        g_autoptr(Response) config = request (f, "GET", paths[i], NULL, NULL);
        g_autoptr(JsonNode) config_node = NULL;

        g_assert_cmpuint (config->status, ==, 200);
        g_assert_cmpstr (json_object_get_string_member (body_object (config, &config_node),
                                                        "FunctionName"), ==, "greet");
      }
  }

  /* What does not exist. */
  {
    g_autoptr(Response) missing = request (f, "GET", "/2015-03-31/functions/nope", NULL, NULL);
    g_autoptr(Response) qualified = request (f, "GET", "/2015-03-31/functions/greet?Qualifier=prod",
                                             NULL, NULL);
    g_autoptr(Response) other_account =
      request (f, "GET", "/2015-03-31/functions/arn%3Aaws%3Alambda%3A" LF_SANDBOX_DEFAULT_REGION
                         "%3A999999999999%3Afunction%3Agreet", NULL, NULL);
    g_autoptr(Response) unknown = request (f, "GET", "/2015-03-31/functions/greet/policy", NULL,
                                           NULL);
    g_autoptr(JsonNode) missing_node = NULL;

    assert_aws_error (missing, 404, "ResourceNotFoundException",
                      "Function not found: " FUNCTION_ARN_PREFIX "nope");
    g_assert_cmpstr (json_object_get_string_member (body_object (missing, &missing_node), "Type"),
                     ==, "User");
    assert_aws_error (qualified, 404, "ResourceNotFoundException", "greet:prod");
    assert_aws_error (other_account, 404, "ResourceNotFoundException", NULL);
    assert_aws_error (unknown, 404, "UnknownOperationException", NULL);
  }
}

static void
test_invoke_request_response (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(Response) resp = invoke (f, "echo", "{\"hello\": [1, 2, {\"x\": null}]}", NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) expected = NULL;
  g_autoptr(Response) greet = NULL;
  g_autoptr(JsonNode) greet_node = NULL;

  g_assert_no_error (resp->error);
  g_assert_cmpuint (resp->status, ==, 200);
  g_assert_cmpstr (header (resp, "X-Amz-Executed-Version"), ==, "$LATEST");
  g_assert_null (header (resp, "X-Amz-Function-Error"));
  g_assert_nonnull (header (resp, "x-amzn-RequestId"));
  node = parse_body (resp);
  expected = json_from_string ("{\"hello\": [1, 2, {\"x\": null}]}", NULL);
  g_assert_true (json_node_equal (node, expected));

  greet = invoke (f, "greet", "{\"name\": \"Ada\"}", NULL);
  g_assert_cmpuint (greet->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (body_object (greet, &greet_node), "greeting"),
                   ==, "Hello, Ada!");
}

static gboolean
log_has_line_starting (const char *log,
                       const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return TRUE;
  return FALSE;
}

static void
test_invoke_log_tail (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(Response) first = invoke (f, "greet", "{\"name\": \"Ada\"}", NULL);
  g_autoptr(Response) second = invoke (f, "greet", "{\"name\": \"Bob\"}", NULL);
  g_autoptr(Response) chatty = invoke (f, "chatty", NULL, NULL);
  g_autofree char *log1 = decode_log (first);
  g_autofree char *log2 = decode_log (second);
  g_autofree char *chatty_log = NULL;
  const char *id1 = header (first, "x-amzn-RequestId");
  g_autofree char *start = g_strdup_printf ("START RequestId: %s Version: $LATEST", id1);
  g_autofree char *end = g_strdup_printf ("END RequestId: %s", id1);
  g_autofree char *report = g_strdup_printf ("REPORT RequestId: %s\tDuration: ", id1);
  g_autoptr(GRegex) report_re = NULL;

  g_assert_cmpuint (first->status, ==, 200);
  g_assert_true (log_has_line_starting (log1, start));
  g_assert_true (log_has_line_starting (log1, "greeting Ada"));
  g_assert_true (log_has_line_starting (log1, end));
  g_assert_true (log_has_line_starting (log1, report));
  g_assert_true (strstr (log1, start) < strstr (log1, "greeting Ada"));
  g_assert_true (strstr (log1, "greeting Ada") < strstr (log1, end));

  report_re = g_regex_new ("^REPORT RequestId: [0-9a-f-]{36}\tDuration: [0-9]+\\.[0-9]{2} ms\t"
                           "Billed Duration: [0-9]+ ms\tMemory Size: 128 MB\t"
                           "Max Memory Used: [0-9]+ MB\t(Init Duration: [0-9]+\\.[0-9]{2} ms\t)?$",
                           G_REGEX_MULTILINE, 0, NULL);
  g_assert_true (g_regex_match (report_re, log1, 0, NULL));
  g_assert_true (g_regex_match (report_re, log2, 0, NULL));

  /* Cold start reports its init; the warm second call does not. */
  g_assert_nonnull (strstr (log1, "Init Duration: "));
  g_assert_null (strstr (log2, "Init Duration: "));
  g_assert_nonnull (strstr (log2, "greeting Bob"));
  g_assert_null (strstr (log2, "greeting Ada"));

  /* Only the last 4 KB travel: the REPORT line, not the first lines printed. */
  chatty_log = decode_log (chatty);
  g_assert_cmpuint (strlen (chatty_log), <=, 4096);
  g_assert_cmpuint (strlen (chatty_log), >, 3000);
  g_assert_null (strstr (chatty_log, "line 0000"));
  g_assert_nonnull (strstr (chatty_log, "line 0399"));
  g_assert_nonnull (strstr (chatty_log, "REPORT RequestId: "));

  /* Without Tail, no log. */
  {
    g_autoptr(Response) quiet = request (f, "POST", "/2015-03-31/functions/echo/invocations", "{}",
                                         NULL);
    g_assert_cmpuint (quiet->status, ==, 200);
    g_assert_null (header (quiet, "X-Amz-Log-Result"));
  }
}

static void
test_invoke_runtime_contract (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *context_json = NULL;
  g_autofree char *context_b64 = NULL;
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) second = NULL;
  g_autoptr(JsonNode) node1 = NULL;
  g_autoptr(JsonNode) node2 = NULL;
  JsonObject *result;
  JsonObject *env;
  JsonObject *context;
  const char *headers[6] = { "X-Amz-Client-Context", NULL, NULL };

  context_json = g_strdup ("{\"custom\": {\"form\": \"orders\"}, \"env\": {\"locale\": \"fr\"}}");
  context_b64 = g_base64_encode ((const guchar *) context_json, strlen (context_json));
  headers[1] = context_b64;

  first = request (f, "POST", "/2015-03-31/functions/env/invocations", "{\"n\": 1}", headers);
  second = request (f, "POST", "/2015-03-31/functions/env/invocations", "{\"n\": 2}", NULL);
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (second->status, ==, 200);

  result = body_object (first, &node1);
  env = json_object_get_object_member (result, "environment");
  context = json_object_get_object_member (result, "context");

  g_assert_cmpstr (json_object_get_string_member (env, "AWS_LAMBDA_FUNCTION_NAME"), ==, "env");
  g_assert_cmpstr (json_object_get_string_member (env, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), ==,
                   "256");
  g_assert_cmpstr (json_object_get_string_member (env, "AWS_LAMBDA_FUNCTION_VERSION"), ==,
                   "$LATEST");
  g_assert_cmpstr (json_object_get_string_member (env, "AWS_REGION"), ==,
                   LF_SANDBOX_DEFAULT_REGION);
  g_assert_cmpstr (json_object_get_string_member (env, "_HANDLER"), ==, "show.handler");
  g_assert_cmpstr (json_object_get_string_member (env, "APP_STAGE"), ==, "sandbox");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (env, "AWS_LAMBDA_RUNTIME_API"),
                                   "127.0.0.1:"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (env, "LAMBDA_TASK_ROOT"),
                                   "/env"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (env, "_X_AMZN_TRACE_ID"),
                                   "Root=1-"));

  g_assert_cmpstr (json_object_get_string_member (context, "aws_request_id"), ==,
                   header (first, "x-amzn-RequestId"));
  g_assert_cmpstr (json_object_get_string_member (context, "invoked_function_arn"), ==,
                   FUNCTION_ARN_PREFIX "env");
  g_assert_cmpstr (json_object_get_string_member (context, "log_group_name"), ==,
                   "/aws/lambda/env");
  g_assert_cmpint (json_object_get_int_member (context, "remaining_time_in_millis"), >, 0);
  g_assert_cmpint (json_object_get_int_member (context, "remaining_time_in_millis"), <=, 5000);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (
                       json_object_get_object_member (context, "client_context"), "custom"),
                     "form"), ==, "orders");

  /* One warm environment served both calls. */
  g_assert_cmpint (json_object_get_int_member (result, "pid"), ==,
                   json_object_get_int_member (body_object (second, &node2), "pid"));
}

static void
test_invoke_function_error (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(Response) resp = invoke (f, "fail", "{\"message\": \"no stock\"}", NULL);
  g_autoptr(Response) init = invoke (f, "no-module", "{}", NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) init_node = NULL;
  g_autofree char *log = decode_log (resp);
  JsonObject *object;

  g_assert_cmpuint (resp->status, ==, 200);
  g_assert_cmpstr (header (resp, "X-Amz-Function-Error"), ==, "Unhandled");
  object = body_object (resp, &node);
  g_assert_cmpstr (json_object_get_string_member (object, "errorType"), ==, "OrderRejected");
  g_assert_cmpstr (json_object_get_string_member (object, "errorMessage"), ==, "no stock");
  g_assert_true (json_object_has_member (object, "stackTrace"));
  g_assert_nonnull (strstr (log, "[ERROR] OrderRejected: no stock"));

  g_assert_cmpuint (init->status, ==, 200);
  g_assert_cmpstr (header (init, "X-Amz-Function-Error"), ==, "Unhandled");
  g_assert_cmpstr (json_object_get_string_member (body_object (init, &init_node), "errorType"), ==,
                   "Runtime.ImportModuleError");
}

static void
test_invoke_dry_run (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Response) resp = invoke (f, "marker", "{}", "DryRun");
  g_autoptr(Response) missing = invoke (f, "nope", "{}", "DryRun");
  g_autoptr(Response) bad_type = invoke (f, "echo", "{}", "Sometimes");
  g_autofree char *marker = g_build_filename (f->tmpdir, "marker.log", NULL);

  g_assert_cmpuint (resp->status, ==, 204);
  g_assert_cmpuint (g_bytes_get_size (resp->body), ==, 0);
  assert_aws_error (missing, 404, "ResourceNotFoundException", NULL);
  assert_aws_error (bad_type, 400, "InvalidParameterValueException", NULL);
  /* Nothing ran. */
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
  {
    g_autoptr(JsonNode) status = NULL;
    g_assert_null (function_status (f, "marker", &status));
  }
}

static guint
count_lines (const char *path)
{
  g_autofree char *contents = NULL;
  guint n = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  for (const char *p = contents; *p; p++)
    if (*p == '\n')
      n++;
  return n;
}

static gboolean
events_all_done (gpointer data)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *status = function_status (data, "marker", &keep);

  return status != NULL && json_object_get_int_member (status, "completed_events") == 5;
}

static void
test_invoke_event_queue (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *marker = g_build_filename (f->tmpdir, "marker.log", NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) keep = NULL;
  g_autofree char *contents = NULL;
  JsonObject *status;

  /* Five events against a limit of two environments: all accepted at once, three wait. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(Response) resp = invoke (f, "marker", "{\"seconds\": 1}", "Event");

      g_assert_cmpuint (resp->status, ==, 202);
      g_assert_cmpuint (g_bytes_get_size (resp->body), ==, 0);
      g_assert_null (header (resp, "X-Amz-Log-Result"));
      g_ptr_array_add (ids, g_strdup (header (resp, "x-amzn-RequestId")));
    }

  status = function_status (f, "marker", &keep);
  g_assert_nonnull (status);
  g_assert_cmpint (json_object_get_int_member (status, "environments"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (status, "queued_events"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (status, "completed_events"), ==, 0);

  /* A synchronous call finds every slot taken by events. */
  {
    g_autoptr(Response) sync = invoke (f, "marker", "{}", NULL);
    assert_aws_error (sync, 429, "TooManyRequestsException", NULL);
  }

  poll_until (events_all_done, f, "the five events to run");

  g_assert_cmpuint (count_lines (marker), ==, 5);
  g_assert_true (g_file_get_contents (marker, &contents, NULL, NULL));
  for (guint i = 0; i < ids->len; i++)
    g_assert_nonnull (strstr (contents, g_ptr_array_index (ids, i)));
}

static void
test_invoke_payload_limits (Fixture       *f,
                            gconstpointer  data)
{
  gsize sync_size = 6 * 1024 * 1024 + 1;
  gsize event_size = 1024 * 1024 + 1;
  g_autofree char *big = g_malloc (sync_size + 1);
  const char *event_headers[] = { "X-Amz-Invocation-Type", "Event", NULL };
  const char *bad_context[] = { "X-Amz-Client-Context", "not base64!", NULL };
  g_autoptr(Response) too_big = NULL;
  g_autoptr(Response) event_too_big = NULL;
  g_autoptr(Response) not_json = NULL;
  g_autoptr(Response) context = NULL;
  g_autoptr(Response) just_fits = NULL;

  /* A JSON string of the wanted size. */
  memset (big, 'a', sync_size);
  big[0] = '"';
  big[sync_size - 1] = '"';
  big[sync_size] = '\0';

  too_big = wait_response (start_request_full (f, "POST", "/2015-03-31/functions/echo/invocations",
                                               big, sync_size, NULL, NULL));
  assert_aws_error (too_big, 413, "RequestTooLargeException", "6291456");

  big[event_size - 1] = '"';
  event_too_big = wait_response (start_request_full (f, "POST",
                                                     "/2015-03-31/functions/echo/invocations",
                                                     big, event_size, event_headers, NULL));
  assert_aws_error (event_too_big, 413, "RequestTooLargeException", "1048576");

  /* One byte less is accepted as an event. */
  big[event_size - 2] = '"';
  just_fits = wait_response (start_request_full (f, "POST",
                                                 "/2015-03-31/functions/echo/invocations",
                                                 big, event_size - 1, event_headers, NULL));
  g_assert_cmpuint (just_fits->status, ==, 202);

  not_json = invoke (f, "echo", "{\"unterminated\": ", NULL);
  assert_aws_error (not_json, 400, "InvalidRequestContentException",
                    "Could not parse request body into json");

  context = request (f, "POST", "/2015-03-31/functions/echo/invocations", "{}", bad_context);
  assert_aws_error (context, 400, "InvalidRequestContentException", "Client context");
}

static void
test_invoke_timeout (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Response) warm = invoke (f, "sleepy", "{\"seconds\": 0}", NULL);
  g_autoptr(Response) resp = invoke (f, "sleepy", "{\"seconds\": 30}", NULL);
  g_autoptr(Response) after = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) warm_node = NULL;
  g_autoptr(JsonNode) after_node = NULL;
  g_autofree char *log = decode_log (resp);
  g_autofree char *expected = NULL;
  JsonObject *object;
  GPid first_pid;

  g_assert_cmpuint (warm->status, ==, 200);
  first_pid = json_object_get_int_member (body_object (warm, &warm_node), "pid");

  g_assert_cmpuint (resp->status, ==, 200);
  g_assert_cmpstr (header (resp, "X-Amz-Function-Error"), ==, "Unhandled");
  object = body_object (resp, &node);
  g_assert_cmpstr (json_object_get_string_member (object, "errorType"), ==, "Sandbox.Timedout");
  expected = g_strdup_printf ("RequestId: %s Error: Task timed out after 1.00 seconds",
                              header (resp, "x-amzn-RequestId"));
  g_assert_cmpstr (json_object_get_string_member (object, "errorMessage"), ==, expected);
  /* The answer is the timeout's, not the function's {"pid": …}: that proves the clock struck,
   * however long a loaded machine took to get there. */
  g_assert_nonnull (strstr (log, "Task timed out after 1.00 seconds"));

  /* The frozen environment was killed; the next call gets a fresh one. */
  after = invoke (f, "sleepy", "{\"seconds\": 0}", NULL);
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_null (header (after, "X-Amz-Function-Error"));
  g_assert_cmpint (json_object_get_int_member (body_object (after, &after_node), "pid"), !=,
                   first_pid);
  wait_process_gone (first_pid);
}

static void
test_invoke_crash (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Response) crash = invoke (f, "crash", "{}", NULL);
  g_autoptr(Response) bootstrap = invoke (f, "crash-bootstrap", "{}", NULL);
  g_autoptr(Response) missing = invoke (f, "no-bootstrap", "{}", NULL);
  g_autoptr(JsonNode) crash_node = NULL;
  g_autoptr(JsonNode) bootstrap_node = NULL;
  g_autoptr(JsonNode) missing_node = NULL;
  g_autofree char *crash_log = decode_log (crash);
  g_autofree char *bootstrap_log = decode_log (bootstrap);
  JsonObject *object;

  g_assert_cmpuint (crash->status, ==, 200);
  g_assert_cmpstr (header (crash, "X-Amz-Function-Error"), ==, "Unhandled");
  object = body_object (crash, &crash_node);
  g_assert_cmpstr (json_object_get_string_member (object, "errorType"), ==, "Runtime.ExitError");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "errorMessage"),
                                   "Error: Runtime exited with error: exit status 3"));
  g_assert_nonnull (strstr (crash_log, "about to crash"));
  g_assert_nonnull (strstr (crash_log, "Runtime.ExitError"));

  g_assert_cmpuint (bootstrap->status, ==, 200);
  object = body_object (bootstrap, &bootstrap_node);
  g_assert_cmpstr (json_object_get_string_member (object, "errorType"), ==, "Runtime.ExitError");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "errorMessage"),
                                   "exit status 2"));
  g_assert_nonnull (strstr (bootstrap_log, "cannot start"));

  g_assert_cmpuint (missing->status, ==, 200);
  g_assert_cmpstr (header (missing, "X-Amz-Function-Error"), ==, "Unhandled");
  g_assert_cmpstr (json_object_get_string_member (body_object (missing, &missing_node),
                                                  "errorType"), ==, "Runtime.InvalidEntrypoint");
}

static void
test_invoke_provided (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(Response) resp = invoke (f, "hello-bash", "{\"n\": 42}", NULL);
  g_autoptr(Response) again = invoke (f, "hello-bash", "{\"n\": 43}", NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) again_node = NULL;
  g_autofree char *log = decode_log (resp);
  JsonObject *object;

  g_assert_cmpuint (resp->status, ==, 200);
  g_assert_null (header (resp, "X-Amz-Function-Error"));
  object = body_object (resp, &node);
  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==, "Hello from bash");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "event"),
                                               "n"), ==, 42);
  g_assert_nonnull (strstr (log, "hello-bash got: {\"n\": 42}"));

  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (
                     json_object_get_object_member (body_object (again, &again_node), "event"),
                     "n"), ==, 43);
}

static void
test_invoke_concurrency_limit (Fixture       *f,
                               gconstpointer  data)
{
  Response *responses[3];
  Response *refused = NULL;
  guint first_success = G_MAXUINT;
  guint ok = 0;

  /* The limit is two environments: the third concurrent call is refused, not queued. */
  for (guint i = 0; i < G_N_ELEMENTS (responses); i++)
    responses[i] = start_request_full (f, "POST", "/2015-03-31/functions/slow/invocations",
                                       "{\"seconds\": 2}", strlen ("{\"seconds\": 2}"), NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (responses); i++)
    {
      wait_response (responses[i]);
      g_assert_no_error (responses[i]->error);
      if (responses[i]->status == 200)
        {
          ok++;
          first_success = MIN (first_success, responses[i]->arrival);
        }
      else
        {
          g_assert_null (refused);
          refused = responses[i];
        }
    }

  g_assert_cmpuint (ok, ==, 2);
  g_assert_nonnull (refused);
  {
    g_autoptr(JsonNode) node = NULL;

    assert_aws_error (refused, 429, "TooManyRequestsException", "Rate Exceeded");
    g_assert_cmpstr (json_object_get_string_member (body_object (refused, &node), "Reason"), ==,
                     "ReservedFunctionConcurrentInvocationLimitExceeded");
  }
  /* Refused at once, not after waiting for a slot: its answer came before either call that
   * ran had finished. */
  g_assert_cmpuint (refused->arrival, <, first_success);
  for (guint i = 0; i < G_N_ELEMENTS (responses); i++)
    response_free (responses[i]);

  /* Both environments are warm now and take two more calls. */
  {
    g_autoptr(JsonNode) keep = NULL;
    JsonObject *status = function_status (f, "slow", &keep);

    g_assert_cmpint (json_object_get_int_member (status, "environments"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (status, "busy"), ==, 0);
  }
}

static void
test_invoke_big_response (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(Response) ok = invoke (f, "big", "{\"size\": 1048576}", NULL);
  g_autoptr(Response) too_big = invoke (f, "big", "{\"size\": 7000000}", NULL);
  g_autoptr(JsonNode) node = NULL;

  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_null (header (ok, "X-Amz-Function-Error"));
  g_assert_cmpuint (g_bytes_get_size (ok->body), ==, 1048576);

  g_assert_cmpuint (too_big->status, ==, 200);
  g_assert_cmpstr (header (too_big, "X-Amz-Function-Error"), ==, "Unhandled");
  g_assert_cmpstr (json_object_get_string_member (body_object (too_big, &node), "errorType"), ==,
                   "Function.ResponseSizeTooLarge");
}

static void
test_auth (Fixture       *f,
           gconstpointer  data)
{
  const char *path = "/2015-03-31/functions/echo/invocations";
  SignOptions wrong_secret = { .secret = "not-the-sandbox-secret" };
  SignOptions unknown_key = { .access_key_id = "AKIDUNKNOWN" };
  SignOptions unsigned_request = { .unsigned_request = TRUE };
  SignOptions tampered = { .sent_body = "{\"tampered\": true}" };
  SignOptions expired = { 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) old = g_date_time_add_minutes (now, -16);
  g_autoptr(GDateTime) recent = g_date_time_add_minutes (now, -14);
  g_autofree char *old_date = lf_signer_format_amz_date (old);
  g_autofree char *recent_date = lf_signer_format_amz_date (recent);
  SignOptions within = { .amz_date = recent_date };
  struct {
    const SignOptions *options;
    guint status;
    const char *exception;
    const char *message;
  } cases[] = {
    { &wrong_secret, 403, "InvalidSignatureException", "does not match" },
    { &unknown_key, 403, "UnrecognizedClientException", "security token" },
    { &unsigned_request, 403, "MissingAuthenticationTokenException",
      "Missing Authentication Token" },
    { &tampered, 403, "InvalidSignatureException", "does not match" },
    { &expired, 403, "InvalidSignatureException", "Signature expired" },
  };

  expired.amz_date = old_date;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Response) resp = wait_response (start_request_full (f, "POST", path, "{}", 2, NULL,
                                                                    cases[i].options));
      assert_aws_error (resp, cases[i].status, cases[i].exception, cases[i].message);
    }

  /* Refused requests ran nothing; a clock 14 minutes behind is still accepted. */
  {
    g_autoptr(JsonNode) keep = NULL;
    g_autoptr(Response) resp = NULL;

    g_assert_null (function_status (f, "echo", &keep));
    resp = wait_response (start_request_full (f, "POST", path, "{}", 2, NULL, &within));
    g_assert_cmpuint (resp->status, ==, 200);
  }

  /* The admin endpoint is no exception. */
  {
    g_autoptr(Response) resp = wait_response (start_request_full (f, "GET", "/_sandbox/faults",
                                                                  NULL, 0, NULL,
                                                                  &unsigned_request));
    assert_aws_error (resp, 403, "MissingAuthenticationTokenException", NULL);
  }
}

static void
test_faults_admin (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Response) set = request (f, "PUT", "/_sandbox/faults/echo",
                                     "{\"throttle\": 2, \"error\": 503, \"drop\": 1}", NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *echo;

  g_assert_cmpuint (set->status, ==, 200);
  echo = json_object_get_object_member (json_object_get_object_member (body_object (set, &node),
                                                                       "faults"), "echo");
  g_assert_cmpint (json_object_get_int_member (echo, "throttle"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (echo, "errors"), ==, 1);

  /* Drop first, then throttle twice, then one 503, then normal service. */
  {
    g_autoptr(Response) dropped = invoke (f, "echo", "{}", NULL);
    g_assert_nonnull (dropped->error);
  }
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(Response) throttled = invoke (f, "echo", "{}", NULL);
      assert_aws_error (throttled, 429, "TooManyRequestsException", "Rate Exceeded");
    }
  {
    g_autoptr(Response) failed = invoke (f, "echo", "{}", NULL);
    g_autoptr(Response) ok = invoke (f, "echo", "{\"fine\": 1}", NULL);

    assert_aws_error (failed, 503, "ServiceUnavailableException", NULL);
    g_assert_cmpuint (ok->status, ==, 200);
  }

  /* Faults are per function. */
  {
    g_autoptr(Response) set_delay = request (f, "PUT", "/_sandbox/faults/greet",
                                             "{\"delay_ms\": 400}", NULL);
    g_autoptr(Response) slow = invoke (f, "greet", "{}", NULL);
    g_autoptr(Response) other = invoke (f, "echo", "{}", NULL);
    g_autoptr(Response) cleared = request (f, "DELETE", "/_sandbox/faults", NULL, NULL);
    g_autoptr(Response) list = request (f, "GET", "/_sandbox/faults", NULL, NULL);
    g_autoptr(JsonNode) list_node = NULL;
    g_autoptr(Response) bad = request (f, "PUT", "/_sandbox/faults/greet", "{\"explode\": 1}",
                                       NULL);

    g_assert_cmpuint (set_delay->status, ==, 200);
    g_assert_cmpuint (slow->status, ==, 200);
    g_assert_cmpint (slow->elapsed_ms, >=, 400);
    g_assert_cmpuint (other->status, ==, 200);
    g_assert_cmpuint (cleared->status, ==, 204);
    g_assert_cmpuint (json_object_get_size (json_object_get_object_member (
                                              body_object (list, &list_node), "faults")), ==, 0);
    assert_aws_error (bad, 400, "InvalidParameterValueException", "explode");
  }
}

static void
test_faults_spec (void)
{
  g_autoptr(LfSandboxFaults) faults = lf_sandbox_faults_new ();
  g_autoptr(GError) error = NULL;
  const char *bad[] = { "echo", "echo:", "echo:throttle", "echo:throttle=x", "echo:error=404",
                        "echo:boom=1", "bad name:drop=1", "echo:drop=-1" };
  guint delay = 0;
  guint status = 0;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (lf_sandbox_faults_parse_spec (faults, bad[i], &error));
      g_assert_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_PARAMETER);
      g_clear_error (&error);
    }

  g_assert_true (lf_sandbox_faults_parse_spec (faults, "echo:drop=1,throttle=1,error=502,errors=2,"
                                                       "delay_ms=5", &error));
  g_assert_no_error (error);

  g_assert_cmpint (lf_sandbox_faults_take (faults, "echo", &delay, &status), ==,
                   LF_SANDBOX_FAULT_DROP);
  g_assert_cmpuint (delay, ==, 5);
  g_assert_cmpint (lf_sandbox_faults_take (faults, "echo", &delay, &status), ==,
                   LF_SANDBOX_FAULT_THROTTLE);
  g_assert_cmpint (lf_sandbox_faults_take (faults, "echo", &delay, &status), ==,
                   LF_SANDBOX_FAULT_ERROR);
  g_assert_cmpuint (status, ==, 502);
  g_assert_cmpint (lf_sandbox_faults_take (faults, "echo", &delay, &status), ==,
                   LF_SANDBOX_FAULT_ERROR);
  g_assert_cmpint (lf_sandbox_faults_take (faults, "echo", &delay, &status), ==,
                   LF_SANDBOX_FAULT_NONE);
  g_assert_cmpuint (delay, ==, 5);
  g_assert_cmpint (lf_sandbox_faults_take (faults, "greet", &delay, &status), ==,
                   LF_SANDBOX_FAULT_NONE);
  g_assert_cmpuint (delay, ==, 0);

  lf_sandbox_faults_clear (faults, "echo");
  g_assert_cmpint (lf_sandbox_faults_take (faults, "echo", &delay, &status), ==,
                   LF_SANDBOX_FAULT_NONE);
  g_assert_cmpuint (delay, ==, 0);
}

static void
test_delete_function (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(Response) warm = invoke (f, "sleepy", "{}", NULL);
  g_autoptr(JsonNode) warm_node = NULL;
  GPid pid = json_object_get_int_member (body_object (warm, &warm_node), "pid");
  g_autoptr(Response) deleted = request (f, "DELETE", "/2015-03-31/functions/sleepy", NULL, NULL);
  g_autoptr(Response) get = request (f, "GET", "/2015-03-31/functions/sleepy", NULL, NULL);
  g_autoptr(Response) call = invoke (f, "sleepy", "{}", NULL);
  g_autoptr(Response) again = request (f, "DELETE", "/2015-03-31/functions/sleepy", NULL, NULL);
  g_autoptr(Response) list = request (f, "GET", "/2015-03-31/functions/", NULL, NULL);
  g_autoptr(JsonNode) list_node = NULL;
  g_autofree char *folder = g_build_filename (f->tmpdir, "sleepy", "function.json", NULL);
  JsonArray *functions;

  g_assert_cmpuint (deleted->status, ==, 204);
  assert_aws_error (get, 404, "ResourceNotFoundException", NULL);
  assert_aws_error (call, 404, "ResourceNotFoundException", NULL);
  assert_aws_error (again, 404, "ResourceNotFoundException", NULL);

  functions = json_object_get_array_member (body_object (list, &list_node), "Functions");
  for (guint i = 0; i < json_array_get_length (functions); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (functions, i),
                                                    "FunctionName"), !=, "sleepy");

  /* The folder stays; the warm environment goes. */
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_REGULAR));
  wait_process_gone (pid);
}

static void
test_stop_in_process (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(Response) a = invoke (f, "echo", "{}", NULL);
  g_autoptr(Response) b = invoke (f, "hello-bash", "{}", NULL);
  g_autoptr(Response) c = invoke (f, "marker", "{\"seconds\": 30}", "Event");
  g_autoptr(GArray) pids = environment_pids (f);

  g_assert_cmpuint (a->status, ==, 200);
  g_assert_cmpuint (b->status, ==, 200);
  g_assert_cmpuint (c->status, ==, 202);
  g_assert_cmpuint (pids->len, ==, 3);

  stop_sandbox (f->sandbox);

  /* Every process group is gone, the busy one included. */
  for (guint i = 0; i < pids->len; i++)
    {
      GPid pid = g_array_index (pids, GPid, i);
      g_assert_cmpint (kill (-pid, 0), ==, -1);
      g_assert_cmpint (errno, ==, ESRCH);
    }
}

/* ---- the program ------------------------------------------------------------------------- */

/* Every process whose process group is one of @groups, read from /proc. */
static guint
count_processes_in_groups (GArray *groups)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (proc);
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      guint64 pid;

      if (!g_ascii_string_to_unsigned (name, 10, 1, G_MAXINT, &pid, NULL))
        continue;
      for (guint i = 0; i < groups->len; i++)
        if (getpgid ((pid_t) pid) == g_array_index (groups, GPid, i))
          n++;
    }

  return n;
}

static gboolean
slow_is_busy (gpointer data)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *status = function_status (data, "slow", &keep);

  return status != NULL && json_object_get_int_member (status, "busy") == 1;
}

static void
test_program_shutdown (void)
{
  const char *program = g_getenv ("LF_SANDBOX");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *key_line = NULL;
  g_autofree char *secret_line = NULL;
  g_autofree char *samples = lf_sandbox_find_data_dir ("functions");
  g_autoptr(GArray) pids = NULL;
  Fixture fixture = { 0 };
  Fixture *f = &fixture;

  if (program == NULL)
    {
      g_test_skip ("LF_SANDBOX does not name the program");
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  process = g_subprocess_launcher_spawn (launcher, &error, program, "--port", "0",
                                         "--functions", samples, "--max-concurrency", "3", NULL);
  g_assert_no_error (error);

  /* The first line is the URL, once it listens; the credentials follow. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  url = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (url);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  key_line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  secret_line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_true (g_str_has_prefix (key_line, "AWS_ACCESS_KEY_ID="));
  g_assert_true (g_str_has_prefix (secret_line, "AWS_SECRET_ACCESS_KEY="));

  f->url = g_strdup (url);
  f->credentials = lf_credentials_new (key_line + strlen ("AWS_ACCESS_KEY_ID="),
                                       secret_line + strlen ("AWS_SECRET_ACCESS_KEY="), NULL,
                                       NULL);
  f->signer = lf_signer_new ();
  f->session = soup_session_new_with_options ("timeout", 0, NULL);
  {
    g_autoptr(Response) a = invoke (f, "echo", "{}", NULL);
    g_autoptr(Response) b = invoke (f, "hello-bash", "{}", NULL);
    g_autoptr(Response) c = invoke (f, "slow", "{\"seconds\": 30}", "Event");

    g_assert_cmpuint (a->status, ==, 200);
    g_assert_cmpuint (b->status, ==, 200);
    g_assert_cmpuint (c->status, ==, 202);
  }
  /* The event is running (busy) once its environment is up; wait for that. */
  poll_until (slow_is_busy, f, "the slow event to run");
  pids = environment_pids (f);
  g_assert_cmpuint (pids->len, ==, 3);
  g_assert_cmpuint (count_processes_in_groups (pids), >=, 3);

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  /* No orphan: not the runtimes, not what they started (curl in the bash runtime). */
  g_assert_cmpuint (count_processes_in_groups (pids), ==, 0);

  soup_session_abort (f->session);
  g_clear_object (&f->session);
  g_clear_object (&f->signer);
  g_clear_pointer (&f->url, g_free);
  g_clear_pointer (&f->credentials, lf_credentials_unref);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/sandbox/" path, Fixture, GUINT_TO_POINTER (data), fixture_set_up, func, \
              fixture_tear_down)

  ADD ("list/functions", test_list_functions, 0);
  g_test_add_func ("/sandbox/list/pagination", test_list_pagination);
  ADD ("get-function", test_get_function, 0);
  ADD ("invoke/request-response", test_invoke_request_response, 0);
  ADD ("invoke/log-tail", test_invoke_log_tail, 0);
  ADD ("invoke/runtime-contract", test_invoke_runtime_contract, 0);
  ADD ("invoke/function-error", test_invoke_function_error, 0);
  ADD ("invoke/dry-run", test_invoke_dry_run, 0);
  ADD ("invoke/event-queue", test_invoke_event_queue, 2);
  ADD ("invoke/payload-limits", test_invoke_payload_limits, 0);
  ADD ("invoke/timeout", test_invoke_timeout, 0);
  ADD ("invoke/crash", test_invoke_crash, 0);
  ADD ("invoke/provided-runtime", test_invoke_provided, 0);
  ADD ("invoke/concurrency-limit", test_invoke_concurrency_limit, 2);
  ADD ("invoke/big-response", test_invoke_big_response, 0);
  ADD ("auth", test_auth, 0);
  ADD ("faults/admin", test_faults_admin, 0);
  g_test_add_func ("/sandbox/faults/spec", test_faults_spec);
  ADD ("delete-function", test_delete_function, 0);
  ADD ("stop/in-process", test_stop_in_process, 0);
  g_test_add_func ("/sandbox/stop/program-leaves-no-orphans", test_program_shutdown);

#undef ADD

  return g_test_run ();
}
