/* pl-replay.c: playing a recording back with no window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pl-replay.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "pl-recording.h"
#include "pl-report.h"
#include "pl-trace.h"

#ifdef PL_HAVE_GUI
# include "pl-scene-export.h"
#endif

static gint
print_report (const PlOptions *options,
              PlRecording     *recording)
{
  g_autoptr(PlSample) last = NULL;
  g_autofree gchar *report = NULL;
  guint n_samples = pl_recording_get_n_samples (recording);
  const PlConfig *config = pl_recording_get_config (recording);

  if (n_samples == 0)
    {
      g_autofree gchar *display = g_filename_display_basename (options->replay_path);

      g_printerr ("pipeline-lab: --replay: ");
      g_printerr (_("“%s” holds no sample to report on"), display);
      g_printerr ("\n");
      return 2;
    }

  last = pl_recording_get_sample (recording, n_samples - 1);
  if (options->report == PL_REPORT_JSON)
    {
      report = pl_report_to_json (config, last);
      fputs (report, stdout);
      fputc ('\n', stdout);
    }
  else
    {
      report = pl_report_to_text (config, last);
      g_print ("%s", report);
    }

  if (fflush (stdout) != 0 || ferror (stdout))
    {
      g_printerr ("pipeline-lab: %s\n", _("could not write the report to standard output"));
      return 1;
    }

  return 0;
}

static gint
export_moment (const PlOptions *options,
               const gchar     *path,
               PlRecording     *recording)
{
#ifdef PL_HAVE_GUI
  g_autoptr(GError) error = NULL;
  g_autoptr(PlSample) sample = NULL;
  g_autoptr(PlSample) earlier = NULL;
  gint64 duration_us = pl_recording_get_duration_us (recording);
  gint64 at_us;
  gint index;

  if (pl_recording_get_n_samples (recording) == 0)
    {
      g_autofree gchar *display = g_filename_display_basename (options->replay_path);

      g_printerr ("pipeline-lab: --replay: ");
      g_printerr (_("“%s” holds no sample to draw"), display);
      g_printerr ("\n");
      return 2;
    }

  at_us = options->at_s < 0.0 ? duration_us : (gint64) (options->at_s * G_USEC_PER_SEC);
  if (at_us > duration_us)
    {
      g_printerr ("pipeline-lab: ");
      g_printerr (_("--at: %.3f s is past the end of the recorded run (%.3f s)"),
                  options->at_s, (gdouble) duration_us / G_USEC_PER_SEC);
      g_printerr ("\n");
      return 2;
    }

  index = pl_recording_find_sample (recording, at_us);
  sample = pl_recording_get_sample (recording, index);
  /* Rates are measured over the window before the moment, as live. */
  if (at_us >= (gint64) (PL_SCENE_RATE_WINDOW_S * G_USEC_PER_SEC))
    {
      gint before = pl_recording_find_sample (recording,
                                              at_us - (gint64) (PL_SCENE_RATE_WINDOW_S * G_USEC_PER_SEC));

      if (before >= 0 && before < index)
        earlier = pl_recording_get_sample (recording, before);
    }

  if (!pl_scene_export_measured (pl_recording_get_config (recording), earlier, sample, path,
                                 options->width, options->height, &error))
    {
      g_printerr ("pipeline-lab: --export: %s\n", error->message);
      return 1;
    }

  return 0;
#else
  g_printerr ("pipeline-lab: %s\n",
              _("--export: this build has no scene renderer (it was built without the window); use --headless for a report"));
  return 2;
#endif
}

/* --trace with --replay: the recorded run, as a trace. */
static gint
write_trace (const PlOptions *options,
             PlRecording     *recording,
             gboolean         say_so)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *display = g_filename_display_name (options->trace);

  if (pl_trace_write_recording (recording, options->trace, &error))
    {
      if (say_so)
        {
          g_printerr ("pipeline-lab: ");
          g_printerr (_("--trace: wrote the recorded run to “%s”"), display);
          g_printerr ("\n");
        }
      return 0;
    }

  g_printerr ("pipeline-lab: ");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_printerr (_("--trace: “%s” exists already, and a trace never writes over a file"), display);
  else
    g_printerr (_("--trace: could not write “%s”: %s"), display, error->message);
  g_printerr ("\n");

  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS) ? 2 : 1;
}

gint
pl_replay_run (const PlOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlRecording) recording = NULL;
  const gchar *picture;
  gint status;

  g_return_val_if_fail (options != NULL, 1);
  g_return_val_if_fail (options->replay_path != NULL, 1);

  recording = pl_recording_load_file (options->replay_path, PL_RECORDING_DEFAULT_MAX_BYTES, &error);
  if (recording == NULL)
    {
      g_printerr ("pipeline-lab: --replay: %s\n", error->message);
      return 2;
    }

  picture = options->export_path != NULL ? options->export_path : options->screenshot;
  status = options->trace != NULL ? write_trace (options, recording, FALSE) : 0;
  if (status != 0)
    return status;
  if (options->headless || picture == NULL)
    status = print_report (options, recording);
  else
    status = export_moment (options, picture, recording);

  /* Said last, so that it is not lost above a long report. */
  if (pl_recording_get_truncated (recording))
    {
      g_autofree gchar *display = g_filename_display_basename (options->replay_path);

      g_printerr ("pipeline-lab: --replay: ");
      g_printerr (_("“%s” was cut short: it played up to where it ends, %.3f s into the run"),
                  display, (gdouble) pl_recording_get_duration_us (recording) / G_USEC_PER_SEC);
      g_printerr ("\n");
    }

  return status;
}

gint
pl_replay_write_trace (const PlOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlRecording) recording = NULL;

  g_return_val_if_fail (options != NULL, 1);
  g_return_val_if_fail (options->replay_path != NULL, 1);
  g_return_val_if_fail (options->trace != NULL, 1);

  recording = pl_recording_load_file (options->replay_path, PL_RECORDING_DEFAULT_MAX_BYTES, &error);
  if (recording == NULL)
    {
      g_printerr ("pipeline-lab: --replay: %s\n", error->message);
      return 2;
    }

  return write_trace (options, recording, TRUE);
}
