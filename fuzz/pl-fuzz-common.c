/* pl-fuzz-common.c: what the fuzz targets and their regression replay feed the parsers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pl-config.h"
#include "pl-fuzz-common.h"
#include "pl-options.h"
#include "pl-recording.h"

/* Enough for every option many times over; longer inputs are cut, which
 * keeps each run fast without hiding anything the parser could reach. */
#define MAX_ARGS 64

static gboolean
leaves_process (const gchar *arg)
{
  if (g_str_has_prefix (arg, "--help") || g_str_has_prefix (arg, "--scenario"))
    return TRUE;

  /* A group of short options: -h and -? ask for help. */
  if (arg[0] == '-' && arg[1] != '-')
    return strchr (arg, 'h') != NULL || strchr (arg, '?') != NULL;

  return FALSE;
}

/* A warning or a critical is a bug here too, and must crash in a way the
 * fuzzer notices: GLib's own fatal warnings stop on a breakpoint trap,
 * which libFuzzer does not catch, so the input would not be kept. */
static GLogWriterOutput
abort_on_warning_cb (GLogLevelFlags   log_level,
                     const GLogField *fields,
                     gsize            n_fields,
                     gpointer         user_data)
{
  GLogWriterOutput written = g_log_writer_standard_streams (log_level, fields, n_fields, user_data);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();

  return written;
}

void
pl_fuzz_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_log_set_writer_func (abort_on_warning_cb, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}

gchar **
pl_fuzz_make_argv (const guint8 *data,
                   gsize         size)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  gsize start = 0;

  g_ptr_array_add (args, g_strdup ("pipeline-lab"));

  for (gsize i = 0; i <= size && args->len < MAX_ARGS; i++)
    {
      if (i == size || data[i] == '\0' || data[i] == '\n')
        {
          gchar *arg = g_strndup ((const gchar *) data + start, i - start);

          if (leaves_process (arg))
            {
              g_free (arg);
              return NULL;
            }
          g_ptr_array_add (args, arg);
          start = i + 1;
        }
    }

  g_ptr_array_add (args, NULL);

  return (gchar **) g_ptr_array_free (g_steal_pointer (&args), FALSE);
}

static void
check_message (const GError *error,
               const gchar  *parser)
{
  if (error == NULL || error->message == NULL || error->message[0] == '\0')
    g_error ("%s failed without saying why", parser);
  if (strchr (error->message, '\n') != NULL)
    g_error ("%s: the error is not a single line: %s", parser, error->message);
}

void
pl_fuzz_options (const guint8 *data,
                 gsize         size)
{
  g_auto(GStrv) owned = pl_fuzz_make_argv (data, size);
  g_autofree gchar **argv = NULL;
  g_autoptr(GError) error = NULL;
  PlOptions options;
  gint argc;

  if (owned == NULL)
    return;

  /* The parser removes what it consumed from argv without freeing it, as
   * with main()'s argv; the strings stay owned here. */
  argc = g_strv_length (owned);
  argv = g_memdup2 (owned, (argc + 1) * sizeof (gchar *));

  if (pl_options_parse (&options, &argc, &argv, &error))
    {
      g_autoptr(GError) invalid = NULL;

      if (!pl_config_validate (&options.config, &invalid))
        g_error ("pl_options_parse accepted a config that does not validate: %s",
                 invalid->message);
      pl_options_clear (&options);
    }
  else
    {
      check_message (error, "pl_options_parse");
    }
}

void
pl_fuzz_scenario (const guint8 *data,
                  gsize         size)
{
  g_autoptr(GError) error = NULL;
  PlConfig config;
  PlConfig before;

  pl_config_init_default (&config);
  before = config;

  if (!pl_config_load_from_data (&config, (const gchar *) data, size, &error))
    {
      check_message (error, "pl_config_load_from_data");
      if (memcmp (&config, &before, sizeof config) != 0)
        g_error ("pl_config_load_from_data changed the config on error");
      return;
    }

  /* What loads must validate, and must save and load back the same. */
  {
    g_autoptr(GError) invalid = NULL;
    g_autoptr(GError) reload_error = NULL;
    g_autofree gchar *saved = NULL;
    g_autofree gchar *saved_again = NULL;
    gsize length = 0;
    gsize length_again = 0;
    PlConfig reloaded;

    if (!pl_config_validate (&config, &invalid))
      g_error ("a loaded scenario does not validate: %s", invalid->message);

    saved = pl_config_to_data (&config, &length);
    pl_config_init_default (&reloaded);
    if (!pl_config_load_from_data (&reloaded, saved, length, &reload_error))
      g_error ("a saved scenario does not load back: %s\n%s", reload_error->message, saved);

    saved_again = pl_config_to_data (&reloaded, &length_again);
    if (length != length_again || memcmp (saved, saved_again, length) != 0)
      g_error ("a scenario changed on a save and load:\n%s\n---\n%s", saved, saved_again);
  }
}

/* Small enough that a few hundred samples make the reader thin. */
#define FUZZ_RECORDING_BYTES (64 * 1024)

void
pl_fuzz_recording (const guint8 *data,
                   gsize         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlRecording) recording = NULL;
  const PlConfig *config;
  guint n_samples;

  recording = pl_recording_load_data (data, size, "fuzz.plrec", FUZZ_RECORDING_BYTES, &error);
  if (recording == NULL)
    {
      check_message (error, "pl_recording_load_data");
      if (error->domain != PL_RECORDING_ERROR)
        g_error ("pl_recording_load_data refused with an error of another domain: %s",
                 error->message);
      return;
    }

  config = pl_recording_get_config (recording);
  if (!pl_config_validate (config, &error))
    g_error ("a loaded recording's configuration does not validate: %s", error->message);
  if (pl_recording_get_peak_bytes (recording) > FUZZ_RECORDING_BYTES)
    g_error ("a loaded recording passed its bound: %" G_GSIZE_FORMAT " bytes",
             pl_recording_get_peak_bytes (recording));

  n_samples = pl_recording_get_n_samples (recording);
  for (guint i = 0; i < n_samples; i++)
    {
      g_autoptr(PlSample) sample = pl_recording_get_sample (recording, i);

      if (sample->n_stages != config->n_stages || sample->n_queues != sample->n_stages + 1)
        g_error ("sample %u has %u stages and %u queues in a line of %u stages",
                 i, sample->n_stages, sample->n_queues, config->n_stages);
      if (i > 0 && pl_recording_get_sample_elapsed (recording, i) <
                   pl_recording_get_sample_elapsed (recording, i - 1))
        g_error ("sample %u goes back in time", i);
    }
  if (n_samples > 0 &&
      pl_recording_find_sample (recording, pl_recording_get_duration_us (recording)) != (gint) n_samples - 1)
    g_error ("seeking to the end does not find the last sample");

  for (guint i = 0; i < pl_recording_get_n_events (recording); i++)
    if (pl_recording_get_event (recording, i)->kind > PL_EVENT_LINGERING)
      g_error ("event %u has an unknown kind", i);
}
