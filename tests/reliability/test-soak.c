/* test-soak.c: the window's memory stays flat through a lesson
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A class runs lessons for half an hour: the line animating, panels shown
 * and hidden, lessons switched, pictures saved. Once warmed up (every
 * lesson and panel drawn once) the window's resident memory must stay
 * flat. This is the short version for CI: SOAK_S seconds of that use, in
 * which the resident set may grow by at most GROWTH_MAX_MIB after the
 * WARM_S warm-up, under whatever renderer the display gives (GL on Mesa's
 * llvmpipe under Xvfb). Each picture used to be rendered off screen by the
 * window's GL renderer, which kept memory from every one: the same run
 * grew by 34 MiB. One texture or one text layout kept per frame would be
 * far more: a 1280×800 frame is 4 MB, sixty a second. PL_SOAK_SECONDS
 * lengthens the run; the benchmark `window-memory` runs the long one.
 */

#include "config.h"

#include <stdlib.h>

#include <gtk/gtk.h>

#include "pl-lesson-soak.h"

#define WARM_S          40.0
#define SOAK_S          100.0
#define STEP_S          1.5
#define GROWTH_MAX_MIB  24

static void
test_soak (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer) data);
  g_autoptr(GError) error = NULL;
  const gchar *seconds = g_getenv ("PL_SOAK_SECONDS");
  gdouble total_s = seconds != NULL ? MAX (atof (seconds), WARM_S + 10 * STEP_S) : SOAK_S;
  PlLessonSoak soak;
  gdouble growth_mib;
  gboolean ok;

  if (application == NULL)
    {
      g_test_skip ("needs a display");
      return;
    }

  ok = pl_lesson_soak_run (application, WARM_S, total_s, STEP_S, &soak, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  growth_mib = ((gdouble) soak.rss_end - (gdouble) soak.rss_warm) / (1024.0 * 1024.0);
  g_test_message ("%.0f s, %u steps (%u lessons, %u panel toggles, %u pictures): resident "
                  "%.1f MiB after %.0f s, %.1f MiB at the end (peak %.1f MiB), growth %+.1f MiB",
                  total_s, soak.steps, soak.lessons, soak.toggles, soak.exports,
                  soak.rss_warm / (1024.0 * 1024.0), WARM_S, soak.rss_end / (1024.0 * 1024.0),
                  soak.rss_peak / (1024.0 * 1024.0), growth_mib);

  /* Every kind of use happened. */
  g_assert_cmpuint (soak.lessons, >=, 7);
  g_assert_cmpuint (soak.toggles, >=, 4);
  g_assert_cmpuint (soak.exports, >=, 2);
  g_assert_cmpfloat (growth_mib, <=, GROWTH_MAX_MIB);
}

int
main (int   argc,
      char *argv[])
{
  const gchar *x11 = g_getenv ("DISPLAY");
  const gchar *wayland = g_getenv ("WAYLAND_DISPLAY");
  gboolean have_display = (x11 != NULL && x11[0] != '\0') || (wayland != NULL && wayland[0] != '\0');
  g_autoptr(GtkApplication) application = NULL;
  g_autoptr(GError) error = NULL;

  if (have_display)
    {
      gtk_test_init (&argc, &argv, NULL);
      application = gtk_application_new (NULL, G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (application), NULL, &error);
      g_assert_no_error (error);
    }
  else
    {
      g_test_init (&argc, &argv, NULL);
    }

  g_test_add_data_func ("/pl/reliability/soak", application, test_soak);

  return g_test_run ();
}
