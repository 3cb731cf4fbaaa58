/* test-event-stream.c: the event-stream framing of streamed answers
 *
 * The two messages below were written by hand from the format's description and checked with
 * botocore's decoder: a PayloadChunk "Hello" and an InvokeComplete "{}".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <zlib.h>

#include "lf-event-stream.h"

static const guint8 chunk_hello[] = {
  0x00, 0x00, 0x00, 0x6f, 0x00, 0x00, 0x00, 0x5a, 0xf5, 0xfe, 0x87, 0x1f, 0x0b, 0x3a, 0x65, 0x76,
  0x65, 0x6e, 0x74, 0x2d, 0x74, 0x79, 0x70, 0x65, 0x07, 0x00, 0x0c, 0x50, 0x61, 0x79, 0x6c, 0x6f,
  0x61, 0x64, 0x43, 0x68, 0x75, 0x6e, 0x6b, 0x0d, 0x3a, 0x63, 0x6f, 0x6e, 0x74, 0x65, 0x6e, 0x74,
  0x2d, 0x74, 0x79, 0x70, 0x65, 0x07, 0x00, 0x18, 0x61, 0x70, 0x70, 0x6c, 0x69, 0x63, 0x61, 0x74,
  0x69, 0x6f, 0x6e, 0x2f, 0x6f, 0x63, 0x74, 0x65, 0x74, 0x2d, 0x73, 0x74, 0x72, 0x65, 0x61, 0x6d,
  0x0d, 0x3a, 0x6d, 0x65, 0x73, 0x73, 0x61, 0x67, 0x65, 0x2d, 0x74, 0x79, 0x70, 0x65, 0x07, 0x00,
  0x05, 0x65, 0x76, 0x65, 0x6e, 0x74, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0xe8, 0x26, 0x3d, 0x64,
};

static const guint8 complete_empty[] = {
  0x00, 0x00, 0x00, 0x66, 0x00, 0x00, 0x00, 0x54, 0x1f, 0x56, 0xc8, 0x69, 0x0b, 0x3a, 0x65, 0x76,
  0x65, 0x6e, 0x74, 0x2d, 0x74, 0x79, 0x70, 0x65, 0x07, 0x00, 0x0e, 0x49, 0x6e, 0x76, 0x6f, 0x6b,
  0x65, 0x43, 0x6f, 0x6d, 0x70, 0x6c, 0x65, 0x74, 0x65, 0x0d, 0x3a, 0x63, 0x6f, 0x6e, 0x74, 0x65,
  0x6e, 0x74, 0x2d, 0x74, 0x79, 0x70, 0x65, 0x07, 0x00, 0x10, 0x61, 0x70, 0x70, 0x6c, 0x69, 0x63,
  0x61, 0x74, 0x69, 0x6f, 0x6e, 0x2f, 0x6a, 0x73, 0x6f, 0x6e, 0x0d, 0x3a, 0x6d, 0x65, 0x73, 0x73,
  0x61, 0x67, 0x65, 0x2d, 0x74, 0x79, 0x70, 0x65, 0x07, 0x00, 0x05, 0x65, 0x76, 0x65, 0x6e, 0x74,
  0x7b, 0x7d, 0x70, 0x06, 0xd4, 0x67,
};

static GByteArray *
both_messages (void)
{
  GByteArray *stream = g_byte_array_new ();

  g_byte_array_append (stream, chunk_hello, sizeof chunk_hello);
  g_byte_array_append (stream, complete_empty, sizeof complete_empty);
  return stream;
}

static void
check_both (GPtrArray *messages)
{
  LfEventMessage *chunk = messages->pdata[0];
  LfEventMessage *complete = messages->pdata[1];
  g_autofree char *type = lf_event_message_dup_string (chunk, ":event-type");
  g_autofree char *complete_type = lf_event_message_dup_string (complete, ":event-type");
  gsize size;
  const char *data;

  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpstr (type, ==, "PayloadChunk");
  data = g_bytes_get_data (chunk->payload, &size);
  g_assert_cmpmem (data, size, "Hello", 5);
  g_assert_cmpstr (complete_type, ==, "InvokeComplete");
  data = g_bytes_get_data (complete->payload, &size);
  g_assert_cmpmem (data, size, "{}", 2);
}

/* The reference messages decode, fed whole or split at every byte. */
static void
test_decode_vectors (void)
{
  g_autoptr(GByteArray) stream = both_messages ();

  for (guint split = 0; split <= stream->len; split++)
    {
      g_autoptr(LfEventStreamDecoder) decoder = lf_event_stream_decoder_new ();
      g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (
        (GDestroyNotify) lf_event_message_free);
      g_autoptr(GError) error = NULL;

      g_assert_true (lf_event_stream_decoder_feed (decoder, stream->data, split, messages, &error));
      g_assert_true (lf_event_stream_decoder_feed (decoder, stream->data + split,
                                                   stream->len - split, messages, &error));
      g_assert_no_error (error);
      g_assert_true (lf_event_stream_decoder_end (decoder, &error));
      check_both (messages);
    }
}

/* Byte by byte: each message is given as soon as its last byte arrives, not later. */
static void
test_decode_as_it_arrives (void)
{
  g_autoptr(GByteArray) stream = both_messages ();
  g_autoptr(LfEventStreamDecoder) decoder = lf_event_stream_decoder_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (
    (GDestroyNotify) lf_event_message_free);

  for (guint i = 0; i < stream->len; i++)
    {
      g_assert_true (lf_event_stream_decoder_feed (decoder, stream->data + i, 1, messages, NULL));
      g_assert_cmpuint (messages->len, ==, i + 1 < sizeof chunk_hello ? 0
                                           : i + 1 < stream->len ? 1 : 2);
    }
  check_both (messages);
}

static void
test_encode_matches (void)
{
  g_autoptr(GBytes) chunk = lf_event_stream_encode_chunk ((const guint8 *) "Hello", 5);
  g_autoptr(GBytes) complete = lf_event_stream_encode_complete ("{}");
  gsize size;
  const guint8 *data = g_bytes_get_data (chunk, &size);

  g_assert_cmpmem (data, size, chunk_hello, sizeof chunk_hello);
  data = g_bytes_get_data (complete, &size);
  g_assert_cmpmem (data, size, complete_empty, sizeof complete_empty);
}

/* Any flipped bit is found: in the prelude, the headers, the payload or a CRC. */
static void
test_corruption (void)
{
  for (guint bit = 0; bit < sizeof chunk_hello * 8; bit++)
    {
      g_autoptr(LfEventStreamDecoder) decoder = lf_event_stream_decoder_new ();
      g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (
        (GDestroyNotify) lf_event_message_free);
      g_autoptr(GError) error = NULL;
      guint8 damaged[sizeof chunk_hello];
      gboolean fed;

      memcpy (damaged, chunk_hello, sizeof damaged);
      damaged[bit / 8] ^= 1u << (bit % 8);
      fed = lf_event_stream_decoder_feed (decoder, damaged, sizeof damaged, messages, &error);
      /* A damaged length may leave the decoder waiting for more: the end then says so. */
      if (fed)
        fed = lf_event_stream_decoder_end (decoder, &error);
      g_assert_false (fed);
      g_assert_nonnull (error);
      g_assert_cmpuint (messages->len, ==, 0);
    }
}

static void
test_truncated_and_too_large (void)
{
  g_autoptr(LfEventStreamDecoder) decoder = lf_event_stream_decoder_new ();
  g_autoptr(LfEventStreamDecoder) greedy = lf_event_stream_decoder_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (
    (GDestroyNotify) lf_event_message_free);
  g_autoptr(GError) error = NULL;
  /* A prelude that announces 100 MB: refused before a byte of it is waited for. */
  guint8 prelude[12] = { 0x06, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 };
  guint32 crc;

  g_assert_true (lf_event_stream_decoder_feed (decoder, chunk_hello, 40, messages, &error));
  g_assert_false (lf_event_stream_decoder_end (decoder, &error));
  g_assert_error (error, LF_EVENT_STREAM_ERROR, LF_EVENT_STREAM_ERROR_TRUNCATED);
  g_clear_error (&error);

  /* The smallest message: no header, no payload. */
  {
    g_autoptr(GBytes) empty = lf_event_stream_encode ((const char *[]) { NULL },
                                                      (const char *[]) { NULL }, NULL, 0);
    gsize size;
    const guint8 *data = g_bytes_get_data (empty, &size);

    g_assert_cmpuint (size, ==, 16);
    g_assert_true (lf_event_stream_decoder_feed (greedy, data, size, messages, &error));
    g_assert_cmpuint (messages->len, ==, 1);
  }
  /* The prelude's own CRC is right: only its length is refused. */
  crc = (guint32) crc32 (crc32 (0L, Z_NULL, 0), prelude, 8);
  prelude[8] = crc >> 24;
  prelude[9] = crc >> 16;
  prelude[10] = crc >> 8;
  prelude[11] = crc;
  g_assert_false (lf_event_stream_decoder_feed (greedy, prelude, sizeof prelude, messages,
                                                &error));
  g_assert_error (error, LF_EVENT_STREAM_ERROR, LF_EVENT_STREAM_ERROR_TOO_LARGE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/event-stream/decode-vectors", test_decode_vectors);
  g_test_add_func ("/event-stream/decode-as-it-arrives", test_decode_as_it_arrives);
  g_test_add_func ("/event-stream/encode-matches", test_encode_matches);
  g_test_add_func ("/event-stream/corruption", test_corruption);
  g_test_add_func ("/event-stream/truncated-and-too-large", test_truncated_and_too_large);

  return g_test_run ();
}
