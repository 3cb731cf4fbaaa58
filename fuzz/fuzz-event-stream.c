/* fuzz-event-stream.c: the event-stream decoder fed arbitrary bytes in arbitrary pieces
 *
 * The first byte picks where the input is cut in two, so that messages split across reads are
 * tried as much as whole ones. Invariants: no crash, no read out of bounds (ASan), and every
 * message given is whole: its payload fits the limits and a re-encoding of a PayloadChunk
 * decodes to the same bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "lf-event-stream.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(LfEventStreamDecoder) decoder = lf_event_stream_decoder_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (
    (GDestroyNotify) lf_event_message_free);
  gsize cut;

  if (size == 0)
    return 0;
  cut = size > 1 ? data[0] % size : 0;
  if (lf_event_stream_decoder_feed (decoder, data + 1, cut > 0 ? cut - 1 : 0, messages, NULL) &&
      lf_event_stream_decoder_feed (decoder, data + MAX (cut, 1), size - MAX (cut, 1), messages,
                                    NULL))
    lf_event_stream_decoder_end (decoder, NULL);

  for (guint i = 0; i < messages->len; i++)
    {
      LfEventMessage *message = messages->pdata[i];
      gsize length;
      const guint8 *payload = g_bytes_get_data (message->payload, &length);
      g_autoptr(GBytes) again = NULL;
      g_autoptr(LfEventStreamDecoder) check = lf_event_stream_decoder_new ();
      g_autoptr(GPtrArray) decoded = g_ptr_array_new_with_free_func (
        (GDestroyNotify) lf_event_message_free);

      if (length > LF_EVENT_STREAM_MAX_PAYLOAD)
        abort ();
      again = lf_event_stream_encode_chunk (payload, length);
      if (!lf_event_stream_decoder_feed (check, g_bytes_get_data (again, NULL),
                                         g_bytes_get_size (again), decoded, NULL) ||
          decoded->len != 1 ||
          !g_bytes_equal (((LfEventMessage *) decoded->pdata[0])->payload, message->payload))
        abort ();
    }
  return 0;
}
