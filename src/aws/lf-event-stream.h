/* lf-event-stream.h: application/vnd.amazon.eventstream, the framing of a streamed answer
 *
 * A message is a prelude (total length, headers length, CRC-32 of those eight bytes), typed
 * headers, a payload and a CRC-32 of everything before it; messages follow each other with no
 * delimiter. InvokeWithResponseStream answers with "PayloadChunk" events, whose payload is the
 * function's bytes, then one "InvokeComplete" event with a JSON payload.
 *
 * The decoder takes bytes as they arrive, in pieces of any size, and gives each message as
 * soon as it is whole; a message that is too large or fails its CRC ends the stream with an
 * error. The encoder writes what the sandbox (and tests' stand-ins) send.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LF_EVENT_STREAM_ERROR (lf_event_stream_error_quark ())

typedef enum
{
  LF_EVENT_STREAM_ERROR_CORRUPT,    /* a CRC does not match, or a length or header is wrong */
  LF_EVENT_STREAM_ERROR_TOO_LARGE,  /* a message beyond the limits below */
  LF_EVENT_STREAM_ERROR_TRUNCATED,  /* the stream ended inside a message */
} LfEventStreamErrorCode;

/* What a message may hold at most (botocore's own limits). */
#define LF_EVENT_STREAM_MAX_HEADERS (128 * 1024)
#define LF_EVENT_STREAM_MAX_PAYLOAD (24 * 1024 * 1024)

typedef enum
{
  LF_EVENT_HEADER_TRUE = 0,
  LF_EVENT_HEADER_FALSE = 1,
  LF_EVENT_HEADER_BYTE = 2,
  LF_EVENT_HEADER_SHORT = 3,
  LF_EVENT_HEADER_INTEGER = 4,
  LF_EVENT_HEADER_LONG = 5,
  LF_EVENT_HEADER_BYTES = 6,
  LF_EVENT_HEADER_STRING = 7,
  LF_EVENT_HEADER_TIMESTAMP = 8,
  LF_EVENT_HEADER_UUID = 9,
} LfEventHeaderType;

typedef struct
{
  char              *name;
  LfEventHeaderType  type;
  gint64             number;   /* bool, byte, short, integer, long, timestamp (ms) */
  GBytes            *bytes;    /* byte array, string (UTF-8, not NUL-terminated), uuid */
} LfEventHeader;

typedef struct
{
  GPtrArray *headers;          /* LfEventHeader, in order */
  GBytes    *payload;
} LfEventMessage;

GQuark          lf_event_stream_error_quark     (void);

void            lf_event_message_free           (LfEventMessage *message);
/* A string header's value, NUL-terminated (a copy); NULL when absent or not a string. */
char           *lf_event_message_dup_string     (LfEventMessage *message,
                                                 const char     *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfEventMessage, lf_event_message_free)

typedef struct _LfEventStreamDecoder LfEventStreamDecoder;

LfEventStreamDecoder *lf_event_stream_decoder_new  (void);
void                  lf_event_stream_decoder_free (LfEventStreamDecoder *self);
/* Takes @length more bytes; complete messages are appended to @messages (LfEventMessage, the
 * array frees them). FALSE with @error when the stream is broken: nothing after it counts. */
gboolean              lf_event_stream_decoder_feed (LfEventStreamDecoder *self,
                                                    const guint8         *data,
                                                    gsize                 length,
                                                    GPtrArray            *messages,
                                                    GError              **error);
/* The stream ended: FALSE with @error when it ended inside a message. */
gboolean              lf_event_stream_decoder_end  (LfEventStreamDecoder *self,
                                                    GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfEventStreamDecoder, lf_event_stream_decoder_free)

/* One message with string headers (@names and @values, NULL-terminated pairs) and @payload. */
GBytes         *lf_event_stream_encode          (const char * const *names,
                                                 const char * const *values,
                                                 const guint8       *payload,
                                                 gsize               length);
/* The two events of a streamed Invoke: a PayloadChunk, and InvokeComplete with its JSON. */
GBytes         *lf_event_stream_encode_chunk    (const guint8       *data,
                                                 gsize               length);
GBytes         *lf_event_stream_encode_complete (const char         *json);

G_END_DECLS
