/* pl-recording-file.c: recordings written to and read from .plrec files
 *
 * The format (version 1), documented in the README:
 *   magic    8 bytes   0x89 'P' 'L' 'R' 'E' 'C' '\r' '\n'
 *   version  4 bytes   little-endian, PL_RECORDING_VERSION
 *   body     a zlib stream (GZlibCompressor) of records, each
 *            tag (1 byte), payload length (varint), payload:
 *     'H'  header, first and once: the configuration as a scenario
 *          file, the program's version, the machine's core count
 *     'S'  a sample, 'E' an event, in the order they happened
 *     'Z'  end, last: how many samples and events came before it
 * A body that stops before 'Z' was cut short: what came before plays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pl-recording-private.h"

#define MAX_CONFIG_BYTES   (64 * 1024)
#define MAX_VERSION_BYTES  256
#define MAX_CORES          65536
#define CHUNK_BYTES        (64 * 1024)

struct _PlRecordingWriter
{
  GOutputStream *stream;     /* the compressor, over the file */
  GByteArray    *record;
  guint64        n_samples;
  guint64        n_events;
};

static gboolean
write_record (PlRecordingWriter  *writer,
              guint8              tag,
              const guint8       *payload,
              gsize               length,
              GError            **error)
{
  PlCodec codec;
  guint64 wide = length;

  g_byte_array_set_size (writer->record, 0);
  g_byte_array_append (writer->record, &tag, 1);
  _pl_codec_init_writer (&codec, writer->record);
  _pl_codec_u64 (&codec, &wide);
  g_byte_array_append (writer->record, payload, length);

  return g_output_stream_write_all (writer->stream, writer->record->data, writer->record->len,
                                    NULL, NULL, error);
}

static gboolean
write_header (PlRecordingWriter  *writer,
              const PlConfig     *config,
              GError            **error)
{
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  g_autofree gchar *scenario = pl_config_to_data (config, NULL);
  gchar *version = (gchar *) PACKAGE_VERSION;
  guint64 n_cores = g_get_num_processors ();
  PlCodec codec;

  _pl_codec_init_writer (&codec, payload);
  _pl_codec_string (&codec, &scenario, MAX_CONFIG_BYTES);
  _pl_codec_string (&codec, &version, MAX_VERSION_BYTES);
  _pl_codec_u64 (&codec, &n_cores);

  return write_record (writer, PL_RECORD_HEADER, payload->data, payload->len, error);
}

/**
 * pl_recording_writer_new:
 * @path: the file to write
 * @config: the configuration of the run
 * @overwrite: replace @path if it exists; otherwise an existing file is
 *   an error (G_IO_ERROR_EXISTS) and is left as it is
 * @error: a one-line error naming the file
 *
 * Returns: (transfer full) (nullable): a writer that has written the header
 */
PlRecordingWriter *
pl_recording_writer_new (const gchar     *path,
                         const PlConfig  *config,
                         gboolean         overwrite,
                         GError         **error)
{
  g_autoptr(PlRecordingWriter) writer = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GOutputStream) base = NULL;
  g_autoptr(GZlibCompressor) compressor = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree gchar *display = NULL;
  guint8 prefix[PL_RECORDING_PREFIX_LEN];
  guint32 version = GUINT32_TO_LE (PL_RECORDING_VERSION);

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (config != NULL && config->n_stages >= 1, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (path);
  display = g_filename_display_basename (path);
  if (overwrite)
    base = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &local_error));
  else
    base = G_OUTPUT_STREAM (g_file_create (file, G_FILE_CREATE_NONE, NULL, &local_error));

  if (base == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     _("“%s” exists already, and a recording is never written over unless asked"),
                     display);
      else
        g_set_error (error, local_error->domain, local_error->code,
                     _("“%s” cannot be written: %s"), display, local_error->message);
      return NULL;
    }

  memcpy (prefix, PL_RECORDING_MAGIC, PL_RECORDING_MAGIC_LEN);
  memcpy (prefix + PL_RECORDING_MAGIC_LEN, &version, sizeof version);
  if (!g_output_stream_write_all (base, prefix, sizeof prefix, NULL, NULL, error))
    return NULL;

  writer = g_new0 (PlRecordingWriter, 1);
  writer->record = g_byte_array_new ();
  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, -1);
  writer->stream = g_converter_output_stream_new (base, G_CONVERTER (compressor));

  if (!write_header (writer, config, error))
    return NULL;

  return g_steal_pointer (&writer);
}

gboolean
pl_recording_writer_add_sample (PlRecordingWriter  *writer,
                                const PlSample     *sample,
                                GError            **error)
{
  g_autoptr(GByteArray) payload = g_byte_array_new ();

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (sample != NULL, FALSE);

  _pl_recording_encode_sample (payload, sample);
  writer->n_samples++;

  return write_record (writer, PL_RECORD_SAMPLE, payload->data, payload->len, error);
}

gboolean
pl_recording_writer_add_event (PlRecordingWriter  *writer,
                               const PlEvent      *event,
                               GError            **error)
{
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  PlCodec codec;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  _pl_codec_init_writer (&codec, payload);
  _pl_codec_event (&codec, (PlEvent *) event);
  writer->n_events++;

  return write_record (writer, PL_RECORD_EVENT, payload->data, payload->len, error);
}

/**
 * pl_recording_writer_finish:
 * @writer: a #PlRecordingWriter
 * @error: a one-line error
 *
 * Writes the end record and closes the file. Free the writer afterwards.
 */
gboolean
pl_recording_writer_finish (PlRecordingWriter  *writer,
                            GError            **error)
{
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  PlCodec codec;
  gboolean ok;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (writer->stream != NULL, FALSE);

  _pl_codec_init_writer (&codec, payload);
  _pl_codec_u64 (&codec, &writer->n_samples);
  _pl_codec_u64 (&codec, &writer->n_events);

  ok = write_record (writer, PL_RECORD_END, payload->data, payload->len, error);
  if (ok)
    ok = g_output_stream_close (writer->stream, NULL, error);
  g_clear_object (&writer->stream);

  return ok;
}

void
pl_recording_writer_free (PlRecordingWriter *writer)
{
  if (writer == NULL)
    return;

  /* Unfinished: close what was written, which then reads as cut short. */
  if (writer->stream != NULL)
    g_output_stream_close (writer->stream, NULL, NULL);
  g_clear_object (&writer->stream);
  g_byte_array_unref (writer->record);
  g_free (writer);
}

static gboolean
write_event (PlRecordingWriter  *writer,
             PlRecording        *self,
             guint               index,
             GError            **error)
{
  return pl_recording_writer_add_event (writer, pl_recording_get_event (self, index), error);
}

/**
 * pl_recording_save:
 * @self: a #PlRecording
 * @path: the file to write
 * @overwrite: replace @path if it exists
 * @error: a one-line error naming the file
 *
 * Writes the samples kept and every event, in the order they happened.
 */
gboolean
pl_recording_save (PlRecording  *self,
                   const gchar  *path,
                   gboolean      overwrite,
                   GError      **error)
{
  g_autoptr(PlRecordingWriter) writer = NULL;
  guint n_events;
  guint event = 0;

  g_return_val_if_fail (PL_IS_RECORDING (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  writer = pl_recording_writer_new (path, pl_recording_get_config (self), overwrite, error);
  if (writer == NULL)
    return FALSE;

  n_events = pl_recording_get_n_events (self);
  for (guint i = 0; i < _pl_recording_get_n_encoded (self); i++)
    {
      gint64 time_us;
      gsize length;
      const guint8 *data = _pl_recording_get_encoded (self, i, &length, &time_us);

      for (; event < n_events && pl_recording_get_event (self, event)->time_us <= time_us; event++)
        if (!write_event (writer, self, event, error))
          return FALSE;

      writer->n_samples++;
      if (!write_record (writer, PL_RECORD_SAMPLE, data, length, error))
        return FALSE;
    }
  for (; event < n_events; event++)
    if (!write_event (writer, self, event, error))
      return FALSE;

  return pl_recording_writer_finish (writer, error);
}

/* Reading. */

typedef struct
{
  const gchar  *name;
  gsize         max_bytes;
  PlRecording  *recording;     /* once the header is read */
  guint64       n_samples;
  guint64       n_events;
  gboolean      ended;         /* the end record was read */
} Reader;

static gboolean
corrupt (GError      **error,
         const gchar  *name,
         const gchar  *reason)
{
  /* TRANSLATORS: the first %s is a file name, the second says what is wrong. */
  g_set_error (error, PL_RECORDING_ERROR, PL_RECORDING_ERROR_CORRUPT,
               _("“%s” is a damaged recording: %s"), name, reason);

  return FALSE;
}

static gboolean
read_header (Reader        *reader,
             const guint8  *payload,
             gsize          length,
             GError       **error)
{
  g_autoptr(GError) config_error = NULL;
  g_autofree gchar *scenario = NULL;
  g_autofree gchar *version = NULL;
  guint64 n_cores = 0;
  PlConfig config;
  PlCodec codec;

  _pl_codec_init_reader (&codec, payload, length);
  _pl_codec_string (&codec, &scenario, MAX_CONFIG_BYTES);
  _pl_codec_string (&codec, &version, MAX_VERSION_BYTES);
  _pl_codec_u64 (&codec, &n_cores);
  if (!_pl_codec_finished (&codec) || n_cores > MAX_CORES)
    return corrupt (error, reader->name, _("its header is malformed"));

  pl_config_init_default (&config);
  if (!pl_config_load_from_data (&config, scenario, strlen (scenario), &config_error) ||
      !pl_config_validate (&config, &config_error))
    {
      g_autofree gchar *reason = g_strdup_printf (_("its configuration is not valid (%s)"),
                                                  config_error->message);

      return corrupt (error, reader->name, reason);
    }

  reader->recording = pl_recording_new (&config, reader->max_bytes);
  _pl_recording_set_origin (reader->recording, version, (guint) n_cores);

  return TRUE;
}

static gboolean
read_record (Reader        *reader,
             guint8         tag,
             const guint8  *payload,
             gsize          length,
             GError       **error)
{
  if (reader->ended)
    return corrupt (error, reader->name, _("records follow its end"));

  if (reader->recording == NULL)
    {
      if (tag != PL_RECORD_HEADER)
        return corrupt (error, reader->name, _("it does not begin with its header"));
      return read_header (reader, payload, length, error);
    }

  switch (tag)
    {
    case PL_RECORD_SAMPLE:
      {
        g_autoptr(PlSample) sample = _pl_recording_decode_sample (payload, length);

        if (sample == NULL ||
            sample->n_stages != pl_recording_get_config (reader->recording)->n_stages)
          return corrupt (error, reader->name, _("a sample is malformed"));
        _pl_recording_add_encoded (reader->recording, payload, length,
                                   sample->time_us, sample->elapsed_us);
        reader->n_samples++;
        return TRUE;
      }

    case PL_RECORD_EVENT:
      {
        PlEvent event = { 0 };
        PlCodec codec;

        _pl_codec_init_reader (&codec, payload, length);
        _pl_codec_event (&codec, &event);
        if (!_pl_codec_finished (&codec))
          return corrupt (error, reader->name, _("an event is malformed"));
        pl_recording_add_event (reader->recording, &event);
        reader->n_events++;
        return TRUE;
      }

    case PL_RECORD_END:
      {
        guint64 n_samples = 0, n_events = 0;
        PlCodec codec;

        _pl_codec_init_reader (&codec, payload, length);
        _pl_codec_u64 (&codec, &n_samples);
        _pl_codec_u64 (&codec, &n_events);
        if (!_pl_codec_finished (&codec) ||
            n_samples != reader->n_samples || n_events != reader->n_events)
          return corrupt (error, reader->name, _("its end does not match what came before"));
        reader->ended = TRUE;
        return TRUE;
      }

    default:
      return corrupt (error, reader->name, _("it holds a record of an unknown kind"));
    }
}

/* Reads every whole record at the front of @pending and removes it. */
static gboolean
read_records (Reader      *reader,
              GByteArray  *pending,
              GError     **error)
{
  gsize used = 0;

  for (;;)
    {
      const guint8 *start = pending->data + used;
      gsize left = pending->len - used;
      guint64 length = 0;
      PlCodec codec;

      if (left < 2)
        break;
      _pl_codec_init_reader (&codec, start + 1, MIN (left - 1, 10));
      _pl_codec_u64 (&codec, &length);
      if (codec.bad)
        {
          /* A length cut off by the end of the data so far is no error. */
          if (left - 1 >= 10)
            return corrupt (error, reader->name, _("a record is malformed"));
          break;
        }
      if (length > PL_RECORD_MAX_BYTES)
        return corrupt (error, reader->name, _("a record is malformed"));
      if (left - 1 - codec.position < length)
        break;

      if (!read_record (reader, start[0], start + 1 + codec.position, length, error))
        return FALSE;
      used += 1 + codec.position + length;
    }

  g_byte_array_remove_range (pending, 0, used);

  return TRUE;
}

/**
 * pl_recording_load_data:
 * @data: the bytes of a .plrec file
 * @length: how many
 * @name: the file's name, for messages
 * @max_bytes: the memory bound of the recording
 * @error: a one-line error naming @name
 *
 * Returns: (transfer full) (nullable): the recording
 */
PlRecording *
pl_recording_load_data (const guint8  *data,
                        gsize          length,
                        const gchar   *name,
                        gsize          max_bytes,
                        GError       **error)
{
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  g_autoptr(GByteArray) pending = NULL;
  g_autofree guint8 *chunk = NULL;
  Reader reader = { name, max_bytes, NULL, 0, 0, FALSE };
  gboolean finished = FALSE;
  gboolean cut_short = FALSE;
  guint32 version;
  gsize offset;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < PL_RECORDING_MAGIC_LEN)
    {
      /* The start of a recording, and no more. */
      if (length > 0 && memcmp (data, PL_RECORDING_MAGIC, length) == 0)
        {
          corrupt (error, name, _("it ends before its header"));
          return NULL;
        }
    }
  if (length < PL_RECORDING_MAGIC_LEN || memcmp (data, PL_RECORDING_MAGIC, PL_RECORDING_MAGIC_LEN) != 0)
    {
      g_set_error (error, PL_RECORDING_ERROR, PL_RECORDING_ERROR_NOT_RECORDING,
                   _("“%s” is not a Pipeline Lab recording"), name);
      return NULL;
    }
  if (length < PL_RECORDING_PREFIX_LEN)
    {
      corrupt (error, name, _("it ends before its header"));
      return NULL;
    }

  memcpy (&version, data + PL_RECORDING_MAGIC_LEN, sizeof version);
  version = GUINT32_FROM_LE (version);
  if (version > PL_RECORDING_VERSION)
    {
      g_set_error (error, PL_RECORDING_ERROR, PL_RECORDING_ERROR_NEWER_VERSION,
                   _("“%s” was recorded in format %u by a newer Pipeline Lab; this one reads format %u and older"),
                   name, version, PL_RECORDING_VERSION);
      return NULL;
    }
  if (version == 0)
    {
      corrupt (error, name, _("its format version is 0"));
      return NULL;
    }

  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
  pending = g_byte_array_new ();
  chunk = g_malloc (CHUNK_BYTES);
  offset = PL_RECORDING_PREFIX_LEN;

  while (!finished)
    {
      g_autoptr(GError) zlib_error = NULL;
      gsize read = 0, written = 0;
      GConverterResult result;

      result = g_converter_convert (G_CONVERTER (decompressor),
                                    data + offset, length - offset,
                                    chunk, CHUNK_BYTES,
                                    G_CONVERTER_INPUT_AT_END,
                                    &read, &written, &zlib_error);
      if (result == G_CONVERTER_ERROR)
        {
          if (g_error_matches (zlib_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
            {
              cut_short = TRUE;
              break;
            }
          corrupt (error, name, _("its compressed data is damaged"));
          g_clear_object (&reader.recording);
          return NULL;
        }

      offset += read;
      g_byte_array_append (pending, chunk, written);
      if (!read_records (&reader, pending, error))
        {
          g_clear_object (&reader.recording);
          return NULL;
        }
      finished = result == G_CONVERTER_FINISHED;
    }

  if (finished && offset < length)
    {
      corrupt (error, name, _("data follows its end"));
      g_clear_object (&reader.recording);
      return NULL;
    }

  if (reader.recording == NULL)
    {
      corrupt (error, name, _("it ends before its header"));
      return NULL;
    }

  /* Cut short: the compressed stream, or the records, stop early. */
  _pl_recording_set_truncated (reader.recording,
                               cut_short || !reader.ended || pending->len > 0);

  return g_steal_pointer (&reader.recording);
}

/**
 * pl_recording_load_file:
 * @path: a .plrec file
 * @max_bytes: the memory bound of the recording
 * @error: a one-line error naming the file
 *
 * Returns: (transfer full) (nullable): the recording
 */
PlRecording *
pl_recording_load_file (const gchar  *path,
                        gsize         max_bytes,
                        GError      **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autofree gchar *display = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_basename (path);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, PL_RECORDING_ERROR, PL_RECORDING_ERROR_NOT_RECORDING,
                   _("“%s” is not a Pipeline Lab recording"), display);
      return NULL;
    }

  /* GLib's message names the file and the reason. */
  mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    return NULL;

  return pl_recording_load_data ((const guint8 *) g_mapped_file_get_contents (mapped),
                                 g_mapped_file_get_length (mapped),
                                 display, max_bytes, error);
}
