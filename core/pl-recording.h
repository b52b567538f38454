/* pl-recording.h: a run's samples and events, in memory and in a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pl-config.h"
#include "pl-sample.h"

G_BEGIN_DECLS

/* The format version this program writes, and the newest it reads. */
#define PL_RECORDING_VERSION 1

/* What a recording holds in memory at most, by default. Past it the
 * oldest half of the samples is thinned: every other one of them goes,
 * and every event stays. */
#define PL_RECORDING_DEFAULT_MAX_BYTES (32 * 1024 * 1024)

#define PL_RECORDING_ERROR (pl_recording_error_quark ())

typedef enum {
  PL_RECORDING_ERROR_NOT_RECORDING,  /* wrong magic number: some other file */
  PL_RECORDING_ERROR_NEWER_VERSION,  /* written by a newer program */
  PL_RECORDING_ERROR_CORRUPT,        /* damaged compressed data or records */
} PlRecordingError;

#define PL_TYPE_RECORDING (pl_recording_get_type ())

G_DECLARE_FINAL_TYPE (PlRecording, pl_recording, PL, RECORDING, GObject)

/* A recording is used from one thread at a time. */
GQuark          pl_recording_error_quark        (void);
PlRecording    *pl_recording_new                (const PlConfig  *config,
                                                 gsize            max_bytes);
void            pl_recording_add_sample         (PlRecording     *self,
                                                 const PlSample  *sample);
void            pl_recording_add_event          (PlRecording     *self,
                                                 const PlEvent   *event);

const PlConfig *pl_recording_get_config         (PlRecording     *self);
const gchar    *pl_recording_get_program_version (PlRecording    *self);
guint           pl_recording_get_n_cores        (PlRecording     *self);
/* The memory it holds now, and the most it ever held, in bytes: the
 * encoded samples, the events, and what keeping them costs. */
gsize           pl_recording_get_bytes          (PlRecording     *self);
gsize           pl_recording_get_peak_bytes     (PlRecording     *self);
gsize           pl_recording_get_max_bytes      (PlRecording     *self);
guint           pl_recording_get_n_thinnings    (PlRecording     *self);

guint           pl_recording_get_n_samples      (PlRecording     *self);
PlSample       *pl_recording_get_sample         (PlRecording     *self,
                                                 guint            index);
gint64          pl_recording_get_sample_elapsed (PlRecording     *self,
                                                 guint            index);
/* The index of the last sample taken at or before @elapsed_us into the
 * run (the first sample when all came later); -1 when there is none. */
gint            pl_recording_find_sample        (PlRecording     *self,
                                                 gint64           elapsed_us);
/* How long the recorded run lasted: the last sample's elapsed time. */
gint64          pl_recording_get_duration_us    (PlRecording     *self);
guint           pl_recording_get_n_events       (PlRecording     *self);
const PlEvent  *pl_recording_get_event          (PlRecording     *self,
                                                 guint            index);

/* Files. Saving never replaces an existing file unless @overwrite. */
gboolean        pl_recording_save               (PlRecording     *self,
                                                 const gchar     *path,
                                                 gboolean         overwrite,
                                                 GError         **error);
/* Refuses a file that is not a recording, is newer or is corrupt, with a
 * one-line message naming @name. A file cut short loads up to where it
 * ends, and says so: pl_recording_get_truncated(). */
PlRecording    *pl_recording_load_file          (const gchar     *path,
                                                 gsize            max_bytes,
                                                 GError         **error);
PlRecording    *pl_recording_load_data          (const guint8    *data,
                                                 gsize            length,
                                                 const gchar     *name,
                                                 gsize            max_bytes,
                                                 GError         **error);
gboolean        pl_recording_get_truncated      (PlRecording     *self);

/*
 * Writes a recording as the run goes, one record at a time, through a
 * zlib converter: nothing but the compressor's window is held. A writer
 * freed without pl_recording_writer_finish() leaves a file that reads as
 * cut short, as one left by a crash would.
 */
typedef struct _PlRecordingWriter PlRecordingWriter;

PlRecordingWriter *pl_recording_writer_new       (const gchar       *path,
                                                  const PlConfig    *config,
                                                  gboolean           overwrite,
                                                  GError           **error);
gboolean           pl_recording_writer_add_sample (PlRecordingWriter *writer,
                                                   const PlSample    *sample,
                                                   GError           **error);
gboolean           pl_recording_writer_add_event  (PlRecordingWriter *writer,
                                                   const PlEvent     *event,
                                                   GError           **error);
gboolean           pl_recording_writer_finish     (PlRecordingWriter *writer,
                                                   GError           **error);
void               pl_recording_writer_free       (PlRecordingWriter *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlRecordingWriter, pl_recording_writer_free)

G_END_DECLS
