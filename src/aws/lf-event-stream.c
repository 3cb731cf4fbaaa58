/* lf-event-stream.c: application/vnd.amazon.eventstream, decoded and encoded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <zlib.h>

#include "lf-event-stream.h"

#define PRELUDE_LENGTH 12
/* Prelude and the message's CRC. */
#define OVERHEAD 16

G_DEFINE_QUARK (lf-event-stream-error-quark, lf_event_stream_error)

struct _LfEventStreamDecoder
{
  GByteArray *pending;   /* bytes of messages not yet whole */
};

static guint32
read_u32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint32
crc_of (const guint8 *data,
        gsize         length)
{
  return (guint32) crc32 (crc32 (0L, Z_NULL, 0), data, (uInt) length);
}

static void
header_free (LfEventHeader *header)
{
  g_free (header->name);
  g_clear_pointer (&header->bytes, g_bytes_unref);
  g_free (header);
}

void
lf_event_message_free (LfEventMessage *message)
{
  if (message == NULL)
    return;
  g_clear_pointer (&message->headers, g_ptr_array_unref);
  g_clear_pointer (&message->payload, g_bytes_unref);
  g_free (message);
}

char *
lf_event_message_dup_string (LfEventMessage *message,
                             const char     *name)
{
  for (guint i = 0; i < message->headers->len; i++)
    {
      LfEventHeader *header = message->headers->pdata[i];
      gsize size;
      const char *data;

      if (!g_str_equal (header->name, name) || header->type != LF_EVENT_HEADER_STRING)
        continue;
      data = g_bytes_get_data (header->bytes, &size);
      return g_strndup (data ? data : "", size);
    }
  return NULL;
}

static gboolean
corrupt (GError     **error,
         const char  *what)
{
  g_set_error (error, LF_EVENT_STREAM_ERROR, LF_EVENT_STREAM_ERROR_CORRUPT,
               _("The streamed answer is damaged: %s"), what);
  return FALSE;
}

/* The fixed size of a header value of @type, or -1 for those with a length first. */
static int
value_size (LfEventHeaderType type)
{
  static const int sizes[] = { 0, 0, 1, 2, 4, 8, -1, -1, 8, 16 };

  return sizes[type];
}

static gboolean
parse_headers (const guint8  *p,
               gsize          length,
               GPtrArray     *headers,
               GError       **error)
{
  const guint8 *end = p + length;

  while (p < end)
    {
      LfEventHeader *header;
      guint name_length = *p++;
      guint type;
      int size;

      if (name_length == 0 || (gsize) (end - p) < name_length + 1u)
        return corrupt (error, _("a header's name runs past its block"));
      header = g_new0 (LfEventHeader, 1);
      header->name = g_strndup ((const char *) p, name_length);
      g_ptr_array_add (headers, header);
      for (guint i = 0; i + 1 < headers->len; i++)
        if (g_str_equal (((LfEventHeader *) headers->pdata[i])->name, header->name))
          return corrupt (error, _("a header is there twice"));
      p += name_length;
      type = *p++;
      if (type > LF_EVENT_HEADER_UUID)
        return corrupt (error, _("a header has an unknown type"));
      header->type = type;
      size = value_size (type);
      if (size < 0)
        {
          if (end - p < 2 || (gsize) (end - p - 2) < ((gsize) p[0] << 8 | p[1]))
            return corrupt (error, _("a header's value runs past its block"));
          header->bytes = g_bytes_new (p + 2, (gsize) p[0] << 8 | p[1]);
          p += 2 + ((gsize) p[0] << 8 | p[1]);
          continue;
        }
      if (end - p < size)
        return corrupt (error, _("a header's value runs past its block"));
      if (type == LF_EVENT_HEADER_UUID)
        header->bytes = g_bytes_new (p, 16);
      else if (type <= LF_EVENT_HEADER_FALSE)
        header->number = type == LF_EVENT_HEADER_TRUE;
      else
        {
          guint64 value = 0;

          for (int i = 0; i < size; i++)
            value = value << 8 | p[i];
          /* Sign-extended from its width. */
          header->number = size == 8 ? (gint64) value
                                     : (gint64) (value ^ (1ull << (size * 8 - 1))) -
                                         (gint64) (1ull << (size * 8 - 1));
        }
      p += size;
    }
  return TRUE;
}

LfEventStreamDecoder *
lf_event_stream_decoder_new (void)
{
  LfEventStreamDecoder *self = g_new0 (LfEventStreamDecoder, 1);

  self->pending = g_byte_array_new ();
  return self;
}

void
lf_event_stream_decoder_free (LfEventStreamDecoder *self)
{
  if (self == NULL)
    return;
  g_byte_array_unref (self->pending);
  g_free (self);
}

/* The message at @p, whole (@total bytes); NULL with @error when it is not sound. */
static LfEventMessage *
parse_message (const guint8  *p,
               guint32        total,
               GError       **error)
{
  guint32 headers_length = read_u32 (p + 4);
  g_autoptr(LfEventMessage) message = g_new0 (LfEventMessage, 1);

  if (crc_of (p, total - 4) != read_u32 (p + total - 4))
    {
      corrupt (error, _("a message's CRC does not match"));
      return NULL;
    }
  message->headers = g_ptr_array_new_with_free_func ((GDestroyNotify) header_free);
  if (!parse_headers (p + PRELUDE_LENGTH, headers_length, message->headers, error))
    return NULL;
  message->payload = g_bytes_new (p + PRELUDE_LENGTH + headers_length,
                                  total - headers_length - OVERHEAD);
  return g_steal_pointer (&message);
}

/* Checks the prelude at @p; the message's total length, or 0 with @error. */
static guint32
check_prelude (const guint8  *p,
               GError       **error)
{
  guint32 total = read_u32 (p);
  guint32 headers_length = read_u32 (p + 4);

  if (crc_of (p, 8) != read_u32 (p + 8))
    corrupt (error, _("a prelude's CRC does not match"));
  else if (total < OVERHEAD || headers_length > total - OVERHEAD)
    corrupt (error, _("a message's lengths do not add up"));
  else if (headers_length > LF_EVENT_STREAM_MAX_HEADERS ||
           total - headers_length - OVERHEAD > LF_EVENT_STREAM_MAX_PAYLOAD)
    g_set_error (error, LF_EVENT_STREAM_ERROR, LF_EVENT_STREAM_ERROR_TOO_LARGE,
                 _("A message of the streamed answer is larger than %u bytes"),
                 (guint) LF_EVENT_STREAM_MAX_PAYLOAD);
  else
    return total;
  return 0;
}

gboolean
lf_event_stream_decoder_feed (LfEventStreamDecoder  *self,
                              const guint8          *data,
                              gsize                  length,
                              GPtrArray             *messages,
                              GError               **error)
{
  gsize offset = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);

  g_byte_array_append (self->pending, data, (guint) length);
  while (self->pending->len - offset >= PRELUDE_LENGTH)
    {
      const guint8 *p = self->pending->data + offset;
      guint32 total = check_prelude (p, error);
      LfEventMessage *message;

      if (total == 0)
        {
          ok = FALSE;
          break;
        }
      if (self->pending->len - offset < total)
        break;
      message = parse_message (p, total, error);
      if (message == NULL)
        {
          ok = FALSE;
          break;
        }
      g_ptr_array_add (messages, message);
      offset += total;
    }
  /* Nothing after a broken message counts: what follows is dropped with it. */
  g_byte_array_remove_range (self->pending, 0, ok ? (guint) offset : self->pending->len);
  return ok;
}

gboolean
lf_event_stream_decoder_end (LfEventStreamDecoder  *self,
                             GError               **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->pending->len == 0)
    return TRUE;
  g_set_error (error, LF_EVENT_STREAM_ERROR, LF_EVENT_STREAM_ERROR_TRUNCATED,
               _("The streamed answer ended inside a message (%u bytes of it came)"),
               self->pending->len);
  return FALSE;
}

/* Encoding **********************************************************************************/

static void
append_u32 (GByteArray *out,
            guint32     value)
{
  guint8 bytes[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (out, bytes, 4);
}

GBytes *
lf_event_stream_encode (const char * const *names,
                        const char * const *values,
                        const guint8       *payload,
                        gsize               length)
{
  GByteArray *headers = g_byte_array_new ();
  GByteArray *out = g_byte_array_new ();
  guint32 total;

  for (guint i = 0; names[i] != NULL; i++)
    {
      guint8 name_length = (guint8) strlen (names[i]);
      gsize value_length = strlen (values[i]);
      guint8 type_and_length[3] = { LF_EVENT_HEADER_STRING, value_length >> 8, value_length };

      g_byte_array_append (headers, &name_length, 1);
      g_byte_array_append (headers, (const guint8 *) names[i], name_length);
      g_byte_array_append (headers, type_and_length, 3);
      g_byte_array_append (headers, (const guint8 *) values[i], (guint) value_length);
    }
  total = OVERHEAD + headers->len + (guint32) length;
  append_u32 (out, total);
  append_u32 (out, headers->len);
  append_u32 (out, crc_of (out->data, 8));
  g_byte_array_append (out, headers->data, headers->len);
  g_byte_array_append (out, payload, (guint) length);
  append_u32 (out, crc_of (out->data, out->len));
  g_byte_array_unref (headers);
  return g_byte_array_free_to_bytes (out);
}

GBytes *
lf_event_stream_encode_chunk (const guint8 *data,
                              gsize         length)
{
  const char * const names[] = { ":event-type", ":content-type", ":message-type", NULL };
  const char * const values[] = { "PayloadChunk", "application/octet-stream", "event", NULL };

  return lf_event_stream_encode (names, values, data, length);
}

GBytes *
lf_event_stream_encode_complete (const char *json)
{
  const char * const names[] = { ":event-type", ":content-type", ":message-type", NULL };
  const char * const values[] = { "InvokeComplete", "application/json", "event", NULL };

  return lf_event_stream_encode (names, values, (const guint8 *) json, strlen (json));
}
