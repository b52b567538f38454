/* pl-window-trace.c: the window's run, written as a trace
 *
 * The threads of the traced line write their own tracks, as they do with
 * no window. Once the line is over (finished, replaced, or the window
 * closed) every thread of it is joined, and the tracer is handed to a
 * GTask: writing what is left can take a while for a long run, and the
 * window goes on meanwhile. Only the task's callback, on the main thread,
 * touches widgets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pl-window-trace.h"

#include <glib/gi18n.h>

#include "pl-window-private.h"

#define TRACING_KEY "pl-window-tracing"

typedef struct
{
  PlPipeline   *pipeline;      /* the traced line, until its trace is taken */
  PlMonitor    *monitor;
  GApplication *application;   /* held until the file is written */
  guint         finish_id;
  GtkWidget    *status_bar;
  GtkWidget    *status_label;
  GTask        *task;          /* reports to the caller once written */
} Tracing;

typedef struct
{
  PlTracer *tracer;
  gint64    end_us;
} Writing;

static void
writing_free (gpointer data)
{
  Writing *writing = data;

  /* Only set when the task never ran. */
  g_clear_pointer (&writing->tracer, pl_tracer_abandon);
  g_free (writing);
}

static void
write_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Writing *writing = task_data;
  GError *error = NULL;

  if (pl_tracer_finish (g_steal_pointer (&writing->tracer), writing->end_us, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
status_response_cb (GtkInfoBar *bar,
                    gint        response)
{
  if (response == GTK_RESPONSE_CLOSE)
    gtk_info_bar_set_revealed (bar, FALSE);
}

/* A line above the canvas, where the held-items warning shows. */
static void
show_status (PlWindow    *self,
             Tracing     *tracing,
             const gchar *text)
{
  GtkWidget *anchor = GTK_WIDGET (self->held_cap_bar);

  if (tracing->status_bar == NULL)
    {
      tracing->status_bar = gtk_info_bar_new ();
      gtk_info_bar_set_message_type (GTK_INFO_BAR (tracing->status_bar), GTK_MESSAGE_INFO);
      gtk_info_bar_set_show_close_button (GTK_INFO_BAR (tracing->status_bar), TRUE);
      tracing->status_label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (tracing->status_label), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (tracing->status_label), TRUE);
      gtk_label_set_selectable (GTK_LABEL (tracing->status_label), TRUE);
      gtk_widget_set_hexpand (tracing->status_label, TRUE);
      gtk_info_bar_add_child (GTK_INFO_BAR (tracing->status_bar), tracing->status_label);
      g_signal_connect (tracing->status_bar, "response", G_CALLBACK (status_response_cb), NULL);
      gtk_widget_insert_after (tracing->status_bar, gtk_widget_get_parent (anchor), anchor);
    }

  gtk_label_set_text (GTK_LABEL (tracing->status_label), text);
  gtk_info_bar_set_revealed (GTK_INFO_BAR (tracing->status_bar), TRUE);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) reply = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlWindow) window = g_weak_ref_get (g_task_get_task_data (reply));
  g_autoptr(GApplication) application = g_object_ref (G_APPLICATION (g_task_get_source_object (reply)));
  const gchar *path = g_object_get_data (G_OBJECT (reply), "path");
  g_autofree gchar *display = g_filename_display_name (path);

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree gchar *text = g_strdup_printf (_("The run’s trace is in “%s”: open it at ui.perfetto.dev"),
                                                display);

      g_printerr ("pipeline-lab: ");
      g_printerr (_("--trace: wrote the window’s run to “%s”"), display);
      g_printerr ("\n");
      if (window != NULL && !gtk_widget_in_destruction (GTK_WIDGET (window)))
        {
          Tracing *tracing = g_object_get_data (G_OBJECT (window), TRACING_KEY);

          if (tracing != NULL)
            show_status (window, tracing, text);
        }
      g_task_return_boolean (reply, TRUE);
    }
  else
    {
      g_printerr ("pipeline-lab: ");
      g_printerr (_("--trace: could not write “%s”: %s"), display, error->message);
      g_printerr ("\n");
      if (window != NULL && !gtk_widget_in_destruction (GTK_WIDGET (window)))
        {
          g_autoptr(GError) shown = g_error_new (error->domain, error->code, "%s: %s",
                                                 display, error->message);

          _pl_window_show_error (window, _("Could not write the trace"), shown);
        }
      g_task_return_error (reply, g_steal_pointer (&error));
    }

  g_application_release (application);
}

/* The line is over: its threads are joined, and what is left of the file
 * is written on another thread. */
static void
finish_tracing (Tracing *tracing)
{
  g_autoptr(GTask) writer = NULL;
  Writing *writing;
  GTask *reply;
  PlTracer *tracer;
  gint64 end_us = 0;

  g_clear_handle_id (&tracing->finish_id, g_source_remove);
  if (tracing->monitor != NULL)
    g_signal_handlers_disconnect_by_data (tracing->monitor, tracing);
  g_clear_object (&tracing->monitor);
  if (tracing->pipeline == NULL)
    return;

  tracer = pl_pipeline_take_tracer (tracing->pipeline, &end_us);
  g_clear_object (&tracing->pipeline);
  reply = g_steal_pointer (&tracing->task);
  if (tracer == NULL)
    {
      g_task_return_boolean (reply, TRUE);
      g_application_release (tracing->application);
      g_object_unref (reply);
      return;
    }

  writing = g_new0 (Writing, 1);
  writing->tracer = tracer;
  writing->end_us = end_us;
  writer = g_task_new (NULL, NULL, written_cb, reply);
  g_task_set_task_data (writer, writing, writing_free);
  g_task_run_in_thread (writer, write_in_thread);
}

static gboolean
finish_idle_cb (gpointer data)
{
  Tracing *tracing = data;

  tracing->finish_id = 0;
  finish_tracing (tracing);

  return G_SOURCE_REMOVE;
}

/* A line that ended by itself: every thread of it has exited. Its trace is
 * finished from an idle, outside the monitor's own dispatch. */
static void
monitor_sample_cb (PlMonitor *monitor,
                   PlSample  *sample,
                   gpointer   user_data)
{
  Tracing *tracing = user_data;

  if (tracing->finish_id == 0
      && (sample->state == PL_PIPELINE_FINISHED || sample->state == PL_PIPELINE_CANCELLED))
    tracing->finish_id = g_idle_add (finish_idle_cb, tracing);
}

static void
pipeline_changed_cb (PlWindow *self)
{
  Tracing *tracing = g_object_get_data (G_OBJECT (self), TRACING_KEY);

  if (tracing->pipeline != NULL && tracing->pipeline != self->pipeline)
    finish_tracing (tracing);
}

static void
window_destroy_cb (PlWindow *self)
{
  Tracing *tracing = g_object_get_data (G_OBJECT (self), TRACING_KEY);

  finish_tracing (tracing);
  tracing->status_bar = NULL;
  tracing->status_label = NULL;
}

static void
tracing_free (gpointer data)
{
  Tracing *tracing = data;

  /* The window went without its destroy signal: never, but nothing is
   * left unreleased then either. */
  finish_tracing (tracing);
  g_clear_object (&tracing->application);
  g_free (tracing);
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

gboolean
pl_window_trace (PlWindow             *self,
                 const gchar          *path,
                 gboolean              all,
                 GAsyncReadyCallback   done,
                 gpointer              user_data,
                 GError              **error)
{
  GApplication *application;
  Tracing *tracing;
  PlTracer *tracer;
  PlConfig config;
  GWeakRef *window_ref;

  g_return_val_if_fail (PL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (g_object_get_data (G_OBJECT (self), TRACING_KEY) == NULL, FALSE);
  g_return_val_if_fail (pl_pipeline_get_state (self->pipeline) == PL_PIPELINE_READY, FALSE);

  application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_return_val_if_fail (application != NULL, FALSE);

  tracer = pl_tracer_new (path, error);
  if (tracer == NULL)
    return FALSE;

  pl_pipeline_get_config (self->pipeline, &config);
  if (config.items > PL_TRACE_ITEMS_IN_FULL && !all)
    {
      pl_tracer_set_limit (tracer, PL_TRACE_LIMIT_S * G_USEC_PER_SEC);
      g_printerr ("pipeline-lab: ");
      g_printerr (_("--trace: a run of more than %u items is traced for its first %u seconds only; give --trace-all for all of it"),
                  (guint) PL_TRACE_ITEMS_IN_FULL, (guint) PL_TRACE_LIMIT_S);
      g_printerr ("\n");
    }
  pl_pipeline_set_tracer (self->pipeline, tracer);

  tracing = g_new0 (Tracing, 1);
  tracing->pipeline = g_object_ref (self->pipeline);
  tracing->monitor = g_object_ref (self->monitor);
  tracing->application = g_object_ref (application);

  window_ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (window_ref, self);
  tracing->task = g_task_new (application, NULL, done, user_data);
  g_task_set_task_data (tracing->task, window_ref, free_weak_ref);
  g_object_set_data_full (G_OBJECT (tracing->task), "path", g_strdup (path), g_free);
  g_application_hold (application);

  g_object_set_data_full (G_OBJECT (self), TRACING_KEY, tracing, tracing_free);
  g_signal_connect (tracing->monitor, "sample", G_CALLBACK (monitor_sample_cb), tracing);
  g_signal_connect (self, "notify::pipeline", G_CALLBACK (pipeline_changed_cb), NULL);
  g_signal_connect (self, "destroy", G_CALLBACK (window_destroy_cb), NULL);

  return TRUE;
}

gboolean
pl_window_trace_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
