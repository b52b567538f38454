/* pl-recording-private.h: the records of a recording, as bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-recording.h"

G_BEGIN_DECLS

/* The file's first bytes, stored as they are: the magic number, built like
 * PNG's so that a transfer that mangles line ends or high bytes shows,
 * then the format version, a 32-bit little-endian number. */
#define PL_RECORDING_MAGIC       "\x89PLREC\r\n"
#define PL_RECORDING_MAGIC_LEN   8
#define PL_RECORDING_PREFIX_LEN  (PL_RECORDING_MAGIC_LEN + 4)

/* Record tags in the compressed body. */
#define PL_RECORD_HEADER  'H'
#define PL_RECORD_SAMPLE  'S'
#define PL_RECORD_EVENT   'E'
#define PL_RECORD_END     'Z'

/* The largest record a reader accepts: a sample of 16 stages of 32
 * workers each encodes to about 45 KiB at worst. */
#define PL_RECORD_MAX_BYTES (256 * 1024)

/* One direction or the other: with @out set it appends each value read
 * from the pointer it is given; without, it reads @in into that pointer,
 * checking every range, and sets @bad on the first thing that does not
 * fit. The same function thus describes both directions of a record. */
typedef struct
{
  GByteArray   *out;
  const guint8 *in;
  gsize         length;
  gsize         position;
  gboolean      bad;
} PlCodec;

void     _pl_codec_init_writer (PlCodec        *codec,
                                GByteArray     *out);
void     _pl_codec_init_reader (PlCodec        *codec,
                                const guint8   *data,
                                gsize           length);
void     _pl_codec_u64         (PlCodec        *codec,
                                guint64        *value);
void     _pl_codec_string      (PlCodec        *codec,
                                gchar         **value,
                                gsize           max_length);
/* Whole records; readers also check that nothing is left over. */
void     _pl_codec_sample      (PlCodec        *codec,
                                PlSample       *sample);
void     _pl_codec_event       (PlCodec        *codec,
                                PlEvent        *event);
gboolean _pl_codec_finished    (PlCodec        *codec);

/* A sample as it is kept in memory: its encoded bytes. Decoding
 * returns NULL for bytes that are not a whole, valid sample. */
void      _pl_recording_encode_sample (GByteArray     *out,
                                       const PlSample *sample);
PlSample *_pl_recording_decode_sample (const guint8   *data,
                                       gsize           length);

/* For the reader: adds a sample already encoded and checked. */
void     _pl_recording_add_encoded   (PlRecording    *self,
                                      const guint8   *data,
                                      gsize           length,
                                      gint64          time_us,
                                      gint64          elapsed_us);
void     _pl_recording_set_origin    (PlRecording    *self,
                                      const gchar    *program_version,
                                      guint           n_cores);
void     _pl_recording_set_truncated (PlRecording    *self,
                                      gboolean        truncated);
/* Each stored sample's bytes and time, oldest first, for the writer. */
guint         _pl_recording_get_n_encoded (PlRecording *self);
const guint8 *_pl_recording_get_encoded   (PlRecording *self,
                                           guint        index,
                                           gsize       *length,
                                           gint64      *time_us);

G_END_DECLS
