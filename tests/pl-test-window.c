/* pl-test-window.c: what the tests of the window share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pl-test-window.h"

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
  gboolean have_display = (x11 != NULL && x11[0] != '\0') ||
                          (wayland != NULL && wayland[0] != '\0');

  if (have_display)
    gtk_test_init (argc, argv, NULL);
  else
    g_test_init (argc, argv, NULL);

  return have_display;
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
