/* pl-report.c: the headless run's report, as text, JSON or CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pl-report.h"
#include "pl-report-private.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "pl-format.h"

/* A reading that cannot be computed yet (no time elapsed) prints as 0 rather
 * than as nan or inf, which JSON cannot carry. */
static gdouble
finite_or_zero (gdouble value)
{
  return isfinite (value) ? value : 0.0;
}

static gdouble
ns_to_s (gint64 ns)
{
  return ns / 1e9;
}

static gdouble
us_to_s (gint64 us)
{
  return us / (gdouble) G_USEC_PER_SEC;
}

/* A sample is a plain struct; never trust its counts further than its arrays. */
static guint
sample_n_stages (const PlSample *sample)
{
  return MIN (sample->n_stages, PL_MAX_STAGES);
}

static guint
sample_n_queues (const PlSample *sample)
{
  return MIN (sample->n_queues, PL_MAX_QUEUES);
}

/* The engine counts the busy-wait workers it had to cancel at the end; a
 * run stopped early (--duration, Ctrl+C) cancels workers too, and those
 * show only in their states. */
static guint
workers_cancelled (const PlSample *sample)
{
  guint in_state = 0;

  for (guint s = 0; s < sample_n_stages (sample); s++)
    {
      const PlStageSample *stage = &sample->stages[s];

      for (guint w = 0; w < MIN (stage->n_workers, PL_MAX_WORKERS); w++)
        {
          if (stage->workers[w].state == PL_WORKER_CANCELLED)
            in_state++;
        }
    }

  return MAX (sample->workers_cancelled, in_state);
}

static gchar *
format_count (guint64 value)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, value);
}

/* Queue operations as the book counts them: close() is a put of the
 * end-of-stream marker, and the consumer takes it with a get. The marker
 * shares are shown apart in the text report's Markers column. */
static guint64
queue_puts (const PlQueueStats *stats)
{
  return stats->puts + stats->closes;
}

static guint64
queue_gets (const PlQueueStats *stats)
{
  return stats->gets + stats->markers_taken;
}

static gulong
plural_count (guint64 value)
{
  return (gulong) MIN (value, G_MAXULONG);
}

/* Text tables: the first column reads left to right, numbers line up right. */
typedef struct
{
  GPtrArray *rows;   /* of GStrv */
  guint      n_columns;
} Table;

static void
table_init (Table *table,
            guint  n_columns)
{
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  table->n_columns = n_columns;
}

/* Takes ownership of the cells, exactly n_columns of them. */
static void
table_add_row (Table *table,
               ...)
{
  GStrv row = g_new0 (gchar *, table->n_columns + 1);
  va_list args;

  va_start (args, table);
  for (guint i = 0; i < table->n_columns; i++)
    row[i] = va_arg (args, gchar *);
  va_end (args);

  g_ptr_array_add (table->rows, row);
}

static void
table_print (Table   *table,
             GString *out)
{
  g_autofree glong *widths = g_new0 (glong, table->n_columns);

  for (guint r = 0; r < table->rows->len; r++)
    {
      GStrv row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        widths[c] = MAX (widths[c], pl_format_text_cells (row[c]));
    }

  for (guint r = 0; r < table->rows->len; r++)
    {
      GStrv row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        {
          glong padding = widths[c] - pl_format_text_cells (row[c]);

          if (c > 0)
            g_string_append (out, "  ");
          if (c > 0)
            for (glong i = 0; i < padding; i++)
              g_string_append_c (out, ' ');
          g_string_append (out, row[c]);
          if (c == 0 && table->n_columns > 1)
            for (glong i = 0; i < padding; i++)
              g_string_append_c (out, ' ');
        }
      g_string_append_c (out, '\n');
    }

  g_ptr_array_unref (table->rows);
  table->rows = NULL;
}

/* Queue i feeds stage i; the last queue collects the finished items. */
static gchar *
queue_label (const PlSample *sample,
             guint           queue)
{
  if (queue == 0)
    /* TRANSLATORS: the input queue, which feeds the stage %s */
    return g_strdup_printf (_("input → %s"), sample->stages[0].name);
  if (queue >= sample_n_stages (sample))
    /* TRANSLATORS: the done queue, which the stage %s feeds */
    return g_strdup_printf (_("%s → done"), sample->stages[queue - 1].name);

  return g_strdup_printf ("%s → %s", sample->stages[queue - 1].name, sample->stages[queue].name);
}

/* The closing lesson's claim, checked on the counters: every get on a
 * queue between stages took an item or a marker, never nothing. */
static void
append_gets_per_item (const PlSample *sample,
                      GString        *out)
{
  guint64 items = 0;
  guint64 markers = 0;
  guint64 workers = 0;
  g_autofree gchar *gets_text = NULL;
  g_autofree gchar *items_text = NULL;
  g_autofree gchar *markers_text = NULL;

  for (guint q = 0; q < MIN (sample_n_stages (sample), sample_n_queues (sample)); q++)
    {
      items += sample->queues[q].stats.gets;
      markers += sample->queues[q].stats.markers_taken;
      workers += sample->stages[q].n_workers;
    }

  if (markers != workers)
    return;

  gets_text = format_count (items + markers);
  items_text = format_count (items);
  markers_text = format_count (markers);
  /* TRANSLATORS: gets, then items, then markers. */
  g_string_append_printf (out,
                          ngettext ("Each worker made one get per item and one for its end-of-stream marker: %s gets for %s items and %s marker, no poll, and no worker was cancelled.\n",
                                    "Each worker made one get per item and one for its end-of-stream marker: %s gets for %s items and %s markers, no poll, and no worker was cancelled.\n",
                                    plural_count (markers)),
                          gets_text, items_text, markers_text);
}

/* The engine names the ending in every sample of an ended run; a sample
 * made some other way (by hand, from an older recording) gets it from its
 * state the same way the engine decides it. */
static PlRunEnding
run_ending (const PlConfig *config,
            const PlSample *sample)
{
  if (sample->ending != PL_RUN_RUNNING)
    return sample->ending;
  if (sample->state != PL_PIPELINE_FINISHED && sample->state != PL_PIPELINE_CANCELLED)
    return PL_RUN_RUNNING;
  if (sample->shut_down)
    return PL_RUN_SHUT_DOWN;
  if (sample->state == PL_PIPELINE_CANCELLED)
    return PL_RUN_CANCELLED;
  if (sample->held_cap_reached)
    return PL_RUN_CAPPED;
  if (config->ending == PL_ENDING_JOIN)
    return PL_RUN_JOINED;

  return PL_RUN_CLOSED;
}

/* One ending per run, the one the engine names (see PlRunEnding). */
static void
append_ending (const PlConfig *config,
               const PlSample *sample,
               GString        *out)
{
  g_autofree gchar *processed = format_count (sample->processed);
  g_autofree gchar *items = format_count (sample->items);
  guint cancelled = workers_cancelled (sample);

  if (sample->held_cap_reached)
    {
      g_autofree gchar *cap = format_count (config->max_held);

      g_string_append_printf (out,
                              _("The producer stopped feeding at the safety cap of %s held items: the backlog had nowhere to go.\n"),
                              cap);
    }

  switch (run_ending (config, sample))
    {
    case PL_RUN_SHUT_DOWN:
      {
        g_autofree gchar *produced = format_count (sample->produced);
        g_autofree gchar *dropped = format_count (sample->dropped);
        g_autofree gchar *held = format_count (sample->held);

        /* TRANSLATORS: items fed, delivered, dropped, still held. */
        g_string_append_printf (out,
                                _("The line was shut down at once: of %s items fed, %s were delivered, %s were dropped (waiting in a queue, or finished by a worker whose put was then refused) and %s were still in a worker's hands when the run ended.\n"),
                                produced, processed, dropped, held);
      }
      break;

    case PL_RUN_CAPPED:
      {
        g_autofree gchar *produced = format_count (sample->produced);

        /* TRANSLATORS: items fed, then items asked for. */
        g_string_append_printf (out,
                                _("The run ended at the cap: %s of %s items were fed, and the line was then closed so that those went through.\n"),
                                produced, items);
      }
      break;

    case PL_RUN_JOINED:
      if (sample->mode == PL_MODE_BUSY_WAIT)
        g_string_append_printf (out,
                                ngettext ("Every queue was joined in turn, each join returning once all its items were marked done. No end-of-stream marker was sent, and a busy-wait worker polls until it is told to stop: the program had to cancel %u worker.\n",
                                          "Every queue was joined in turn, each join returning once all its items were marked done. No end-of-stream marker was sent, and busy-wait workers poll until they are told to stop: the program had to cancel %u workers.\n",
                                          cancelled),
                                cancelled);
      else
        g_string_append_printf (out,
                                ngettext ("Every queue was joined in turn, each join returning once all its items were marked done. No end-of-stream marker was sent, so the worker was still asleep in get: the program had to cancel %u worker.\n",
                                          "Every queue was joined in turn, each join returning once all its items were marked done. No end-of-stream marker was sent, so the workers were still asleep in get: the program had to cancel %u workers.\n",
                                          cancelled),
                                cancelled);
      break;

    case PL_RUN_CLOSED:
      /* Busy-wait workers never look for a marker, so even a run that did
       * all its work ends with the program cancelling them. */
      if (cancelled > 0 && sample->mode == PL_MODE_BUSY_WAIT)
        {
          g_string_append_printf (out,
                                  ngettext ("Every item was done, but a busy-wait worker cannot be told to stop: the program had to cancel %u worker.\n",
                                            "Every item was done, but busy-wait workers cannot be told to stop: the program had to cancel %u workers.\n",
                                            cancelled),
                                  cancelled);
        }
      else
        {
          g_string_append (out,
                           _("The run ended by the close → join sequence: each queue was closed and joined in turn, and every worker met its end-of-stream marker and exited.\n"));
          if (sample->mode == PL_MODE_BLOCKING && cancelled == 0)
            append_gets_per_item (sample, out);
        }
      break;

    case PL_RUN_DURATION:
    case PL_RUN_CANCELLED:
    case PL_RUN_INTERRUPTED:
      g_string_append_printf (out,
                              ngettext ("The run was stopped with %s of %s items done; %u worker was cancelled.\n",
                                        "The run was stopped with %s of %s items done; %u workers were cancelled.\n",
                                        cancelled),
                              processed, items, cancelled);
      break;

    case PL_RUN_RUNNING:
    default:
      g_string_append_printf (out,
                              ngettext ("The run had not ended when this report was made (%s of %s item done).\n",
                                        "The run had not ended when this report was made (%s of %s items done).\n",
                                        plural_count (sample->items)),
                              processed, items);
      break;
    }
}

gchar *
pl_report_to_text (const PlConfig *config,
                   const PlSample *sample)
{
  g_autoptr(GString) out = NULL;
  g_autofree gchar *processed = NULL;
  g_autofree gchar *items = NULL;
  g_autofree gchar *polls = NULL;
  g_autofree gchar *empty_polls = NULL;
  guint64 total_polls = 0;
  guint64 total_empty = 0;
  Table stages;
  Table queues;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (sample != NULL, NULL);

  out = g_string_new (NULL);

  for (guint i = 0; i < sample_n_stages (sample); i++)
    {
      total_polls += sample->stages[i].polls;
      total_empty += sample->stages[i].empty_polls;
    }

  processed = format_count (sample->processed);
  items = format_count (sample->items);
  polls = format_count (total_polls);
  empty_polls = format_count (total_empty);

  /* The headline reads like the book's own printout: items processed,
   * then how many polls that took. */
  if (total_polls > 0 && sample->processed >= sample->items)
    /* TRANSLATORS: items, polls, then the polls that found nothing. */
    g_string_append_printf (out,
                            ngettext ("Processed %s items after polling %s time (%s found the queue empty).\n",
                                      "Processed %s items after polling %s times (%s found the queue empty).\n",
                                      plural_count (total_polls)),
                            processed, polls, empty_polls);
  else if (total_polls > 0)
    /* TRANSLATORS: items, items, polls, then the polls that found nothing. */
    g_string_append_printf (out,
                            ngettext ("Processed %s of %s items after polling %s time (%s found the queue empty).\n",
                                      "Processed %s of %s items after polling %s times (%s found the queue empty).\n",
                                      plural_count (total_polls)),
                            processed, items, polls, empty_polls);
  else if (sample->processed >= sample->items)
    g_string_append_printf (out,
                            ngettext ("Processed %s item without a single poll: the workers blocked on their queues until work came.\n",
                                      "Processed %s items without a single poll: the workers blocked on their queues until work came.\n",
                                      plural_count (sample->processed)),
                            processed);
  else
    g_string_append_printf (out,
                            ngettext ("Processed %s of %s item without a single poll: the workers blocked on their queues until work came.\n",
                                      "Processed %s of %s items without a single poll: the workers blocked on their queues until work came.\n",
                                      plural_count (sample->items)),
                            processed, items);

  g_string_append_printf (out, _("Mode: %s\n"), pl_mode_to_string (sample->mode));
  g_string_append_printf (out, _("Elapsed: %.3f s\n"), us_to_s (sample->elapsed_us));
  g_string_append_printf (out, _("Throughput: %.1f items/s\n"),
                          finite_or_zero (pl_sample_throughput (sample)));
  g_string_append_printf (out, _("CPU (whole process): %.3f s\n"),
                          ns_to_s (sample->process_cpu_ns));
  {
    g_autofree gchar *held = format_count (sample->held);

    /* TRANSLATORS: resident memory in MiB, then items in queues or in
     * workers' hands. */
    g_string_append_printf (out, _("Memory: %.1f MiB resident (the whole process); %s items held in the line (queued or in a worker's hands)\n"),
                            sample->rss_bytes / (1024.0 * 1024.0), held);
  }
  if (sample->mode == PL_MODE_BUSY_WAIT || sample->coordinator_polls > 0)
    {
      g_autofree gchar *coordinator = format_count (sample->coordinator_polls);

      g_string_append_printf (out,
                              ngettext ("The main thread checked the done queue %s time while it waited.\n",
                                        "The main thread checked the done queue %s times while it waited.\n",
                                        plural_count (sample->coordinator_polls)),
                              coordinator);
    }
  g_string_append_c (out, '\n');

  table_init (&stages, 7);
  table_add_row (&stages,
                 g_strdup (_("Stage")), g_strdup (_("Workers")),
                 g_strdup (_("Work done")), g_strdup (_("Polls")),
                 g_strdup (_("Empty polls")), g_strdup (_("CPU s")),
                 g_strdup (_("Mean service ms")));
  for (guint i = 0; i < sample_n_stages (sample); i++)
    {
      const PlStageSample *stage = &sample->stages[i];

      table_add_row (&stages,
                     g_strdup (stage->name),
                     g_strdup_printf ("%u", stage->n_workers),
                     format_count (stage->work_done),
                     format_count (stage->polls),
                     format_count (stage->empty_polls),
                     g_strdup_printf ("%.3f", ns_to_s (stage->cpu_ns)),
                     g_strdup_printf ("%.3f", finite_or_zero (pl_stage_sample_mean_service_ms (stage))));
    }
  table_print (&stages, out);
  g_string_append_c (out, '\n');

  table_init (&queues, 8);
  table_add_row (&queues,
                 g_strdup (_("Queue")), g_strdup (_("Capacity")),
                 g_strdup (_("Max depth")), g_strdup (_("Puts")),
                 g_strdup (_("Gets")), g_strdup (_("Markers")),
                 g_strdup (_("Put waits")), g_strdup (_("Get waits")));
  for (guint i = 0; i < sample_n_queues (sample); i++)
    {
      const PlQueueStats *stats = &sample->queues[i].stats;

      table_add_row (&queues,
                     queue_label (sample, i),
                     stats->capacity == 0 ? g_strdup ("∞")
                                          : g_strdup_printf ("%u", stats->capacity),
                     g_strdup_printf ("%u", stats->max_depth),
                     format_count (queue_puts (stats)),
                     format_count (queue_gets (stats)),
                     format_count (stats->markers_taken),
                     format_count (stats->put_waits),
                     format_count (stats->get_waits));
    }
  table_print (&queues, out);
  g_string_append_c (out, '\n');

  append_ending (config, sample, out);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

gchar *
pl_report_to_json (const PlConfig *config,
                   const PlSample *sample)
{
  g_autoptr(JsonBuilder) builder = NULL;
  guint64 polls = 0;
  guint64 empty_polls = 0;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (sample != NULL, NULL);

  for (guint i = 0; i < sample_n_stages (sample); i++)
    {
      polls += sample->stages[i].polls;
      empty_polls += sample->stages[i].empty_polls;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, pl_mode_to_string (sample->mode));
  json_builder_set_member_name (builder, "items");
  json_builder_add_int_value (builder, (gint64) sample->items);
  json_builder_set_member_name (builder, "processed");
  json_builder_add_int_value (builder, (gint64) sample->processed);
  json_builder_set_member_name (builder, "polls");
  json_builder_add_int_value (builder, (gint64) polls);
  json_builder_set_member_name (builder, "empty_polls");
  json_builder_add_int_value (builder, (gint64) empty_polls);
  json_builder_set_member_name (builder, "coordinator_polls");
  json_builder_add_int_value (builder, (gint64) sample->coordinator_polls);
  json_builder_set_member_name (builder, "elapsed_s");
  json_builder_add_double_value (builder, us_to_s (sample->elapsed_us));
  json_builder_set_member_name (builder, "throughput");
  json_builder_add_double_value (builder, finite_or_zero (pl_sample_throughput (sample)));
  json_builder_set_member_name (builder, "cpu_s");
  json_builder_add_double_value (builder, ns_to_s (sample->process_cpu_ns));
  json_builder_set_member_name (builder, "workers_cancelled");
  json_builder_add_int_value (builder, workers_cancelled (sample));
  /* Where every item went: fed = processed + dropped + held. */
  json_builder_set_member_name (builder, "fed");
  json_builder_add_int_value (builder, (gint64) sample->produced);
  json_builder_set_member_name (builder, "dropped");
  json_builder_add_int_value (builder, (gint64) sample->dropped);
  json_builder_set_member_name (builder, "held");
  json_builder_add_int_value (builder, (gint64) sample->held);
  json_builder_set_member_name (builder, "ending");
  json_builder_add_string_value (builder, pl_run_ending_to_string (run_ending (config, sample)));

  json_builder_set_member_name (builder, "stages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sample_n_stages (sample); i++)
    {
      const PlStageSample *stage = &sample->stages[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, stage->name);
      json_builder_set_member_name (builder, "workers");
      json_builder_add_int_value (builder, stage->n_workers);
      json_builder_set_member_name (builder, "work_done");
      json_builder_add_int_value (builder, (gint64) stage->work_done);
      json_builder_set_member_name (builder, "polls");
      json_builder_add_int_value (builder, (gint64) stage->polls);
      json_builder_set_member_name (builder, "empty_polls");
      json_builder_add_int_value (builder, (gint64) stage->empty_polls);
      json_builder_set_member_name (builder, "cpu_s");
      json_builder_add_double_value (builder, ns_to_s (stage->cpu_ns));
      json_builder_set_member_name (builder, "mean_service_ms");
      json_builder_add_double_value (builder,
                                     finite_or_zero (pl_stage_sample_mean_service_ms (stage)));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "queues");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sample_n_queues (sample); i++)
    {
      const PlQueueStats *stats = &sample->queues[i].stats;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "capacity");
      json_builder_add_int_value (builder, stats->capacity);
      json_builder_set_member_name (builder, "max_depth");
      json_builder_add_int_value (builder, stats->max_depth);
      json_builder_set_member_name (builder, "puts");
      json_builder_add_int_value (builder, (gint64) queue_puts (stats));
      json_builder_set_member_name (builder, "gets");
      json_builder_add_int_value (builder, (gint64) queue_gets (stats));
      json_builder_set_member_name (builder, "put_waits");
      json_builder_add_int_value (builder, (gint64) stats->put_waits);
      json_builder_set_member_name (builder, "get_waits");
      json_builder_add_int_value (builder, (gint64) stats->get_waits);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  return _pl_report_json_to_data (builder);
}

gchar *
_pl_report_json_to_data (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

/* Stage names are plain, but a sample is only a struct: quote when needed. */
static void
append_csv_field (GString     *out,
                  const gchar *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }

  g_string_append_c (out, '"');
  for (const gchar *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_csv_name (GString     *out,
                 const gchar *name,
                 const gchar *suffix)
{
  g_autofree gchar *field = g_strconcat (name, suffix, NULL);

  g_string_append_c (out, ',');
  append_csv_field (out, field);
}

/* CSV is read by programs: the decimal point is always a point. */
static void
append_csv_double (GString     *out,
                   const gchar *format,
                   gdouble      value)
{
  gchar buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, ',');
  g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, format,
                                         finite_or_zero (value)));
}

gchar *
pl_report_csv_header (const PlSample *sample)
{
  GString *out;

  g_return_val_if_fail (sample != NULL, NULL);

  out = g_string_new ("time_s,processed,throughput,cpu_s");

  for (guint i = 0; i < sample_n_queues (sample); i++)
    append_csv_name (out,
                     i < sample_n_stages (sample) ? sample->stages[i].name : "done",
                     "_queue_depth");

  for (guint i = 0; i < sample_n_stages (sample); i++)
    {
      append_csv_name (out, sample->stages[i].name, "_work_done");
      append_csv_name (out, sample->stages[i].name, "_polls");
      append_csv_name (out, sample->stages[i].name, "_cpu_s");
    }

  g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}

gchar *
pl_report_csv_row (const PlSample *sample)
{
  GString *out;
  gchar buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (sample != NULL, NULL);

  out = g_string_new (g_ascii_formatd (buffer, sizeof buffer, "%.3f",
                                       us_to_s (sample->elapsed_us)));
  g_string_append_printf (out, ",%" G_GUINT64_FORMAT, sample->processed);
  append_csv_double (out, "%.3f", pl_sample_throughput (sample));
  append_csv_double (out, "%.6f", ns_to_s (sample->process_cpu_ns));

  for (guint i = 0; i < sample_n_queues (sample); i++)
    g_string_append_printf (out, ",%u", sample->queues[i].stats.depth);

  for (guint i = 0; i < sample_n_stages (sample); i++)
    {
      const PlStageSample *stage = &sample->stages[i];

      g_string_append_printf (out, ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT,
                              stage->work_done, stage->polls);
      append_csv_double (out, "%.6f", ns_to_s (stage->cpu_ns));
    }

  g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}
