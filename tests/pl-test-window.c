/* pl-test-window.c: what the tests of the window share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pl-test-window.h"

static gboolean have_display;

/**
 * pl_test_init:
 *
 * Initialises the test program, with GTK when there is a display to open
 * windows on; the tests that need one skip without it.
 *
 * Returns: whether there is a display
 */
gboolean
pl_test_init (gint    *argc,
              gchar ***argv)
{
  const gchar *x11 = g_getenv ("DISPLAY");
  const gchar *wayland = g_getenv ("WAYLAND_DISPLAY");

  have_display = (x11 != NULL && x11[0] != '\0') ||
                 (wayland != NULL && wayland[0] != '\0');

  if (have_display)
    gtk_test_init (argc, argv, NULL);
  else
    g_test_init (argc, argv, NULL);

  return have_display;
}

/* Skips the running test when pl_test_init() found no display; returns
 * whether it did, for the test to return at once. */
gboolean
pl_test_skip_without_display (void)
{
  if (!have_display)
    g_test_skip ("needs a display");

  return !have_display;
}

/* The one test a program of window tests has without a display. */
void
pl_test_needs_display (void)
{
  g_test_skip ("no display to open a window on");
}

/* An application for the windows, registered with no id, so that the
 * tests stay off the session bus. */
GtkApplication *
pl_test_application_new (void)
{
  g_autoptr(GError) error = NULL;
  GtkApplication *application;

  application = gtk_application_new (NULL, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);

  return application;
}

/**
 * pl_test_init_windows:
 * @skip_path: the path of the test that says why the others did not run
 *
 * Initialises a program of window tests. Without a display it adds the
 * test @skip_path, which skips, and returns NULL: the program adds what
 * needs no display and runs. With one, it returns the application for the
 * windows, for pl_test_run_windows().
 *
 * Returns: (transfer full) (nullable): the application
 */
GtkApplication *
pl_test_init_windows (gint         *argc,
                      gchar      ***argv,
                      const gchar  *skip_path)
{
  if (!pl_test_init (argc, argv))
    {
      g_test_add_func (skip_path, pl_test_needs_display);
      return NULL;
    }

  return pl_test_application_new ();
}

/* Runs the tests added, then lets @application go; returns the status
 * of the run. */
gint
pl_test_run_windows (GtkApplication *application)
{
  gint status = g_test_run ();

  g_object_unref (application);

  return status;
}

/* One turn of the main loop while waiting until @what; fails the test
 * once @deadline_us (monotonic time) has passed. */
void
pl_test_iterate (gint64       deadline_us,
                 const gchar *what)
{
  if (g_get_monotonic_time () > deadline_us)
    g_error ("Timed out waiting until %s", what);
  g_main_context_iteration (NULL, FALSE);
  g_usleep (1000);
}

/* Runs the main loop until @condition holds, PL_TEST_WAIT_TIMEOUT_US at
 * the most. */
void
pl_test_wait_for (PlTestCondition  condition,
                  gpointer         data,
                  const gchar     *what)
{
  gint64 deadline = g_get_monotonic_time () + PL_TEST_WAIT_TIMEOUT_US;

  while (!condition (data))
    pl_test_iterate (deadline, what);
}

/* Runs the main loop for @ms milliseconds, for what has no event to wait
 * for: that nothing happens. */
void
pl_test_run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* A condition: @widget is mapped. */
gboolean
pl_test_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

/* Presents @window and waits until it is shown. */
void
pl_test_present (gpointer window)
{
  gtk_window_present (GTK_WINDOW (window));
  pl_test_wait_for (pl_test_is_mapped, window, "the window is shown");
}

static gboolean
is_shown (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

/* Waits until @widget is shown and has been given its width. */
void
pl_test_wait_shown (GtkWidget *widget)
{
  g_autofree gchar *what = g_strdup_printf ("%s is shown", G_OBJECT_TYPE_NAME (widget));

  pl_test_wait_for (is_shown, widget, what);
}

/* Adds @root and every widget under it that is a @type to @found, in
 * the order of the widget tree. */
void
pl_test_collect (GtkWidget *root,
                 GType      type,
                 GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    pl_test_collect (child, type, found);
}

/* The first widget of @type in @root's tree, or NULL. */
GtkWidget *
pl_test_find_first (GtkWidget *root,
                    GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  pl_test_collect (root, type, found);

  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

/* Destroys @window, a GtkWindow the test holds a reference to, and checks
 * that nothing else keeps it alive. */
void
pl_test_close_window (gpointer window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* The lesson the window shows: its "lesson" property. */
gchar *
pl_test_window_lesson (gpointer window)
{
  gchar *lesson = NULL;

  g_object_get (window, "lesson", &lesson, NULL);

  return lesson;
}

/* The key handler @widget has of its own, the one in the capture phase,
 * which sees a key before the focused widget; or NULL. */
GtkEventController *
pl_test_find_key_controller (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        return controller;
    }

  return NULL;
}
