/* pl-test-window.h: what the tests of the window share: a display, an
 * application, bounded waits and widgets found by type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Every wait is bounded: a stuck window fails the test instead of hanging. */
#define PL_TEST_WAIT_TIMEOUT_US (30 * G_USEC_PER_SEC)

typedef gboolean (*PlTestCondition) (gpointer data);

gboolean        pl_test_init            (gint           *argc,
                                         gchar        ***argv);
gboolean        pl_test_skip_without_display (void);
void            pl_test_needs_display   (void);
GtkApplication *pl_test_application_new (void);
GtkApplication *pl_test_init_windows    (gint           *argc,
                                         gchar        ***argv,
                                         const gchar    *skip_path);
gint            pl_test_run_windows     (GtkApplication *application);

void            pl_test_iterate         (gint64          deadline_us,
                                         const gchar    *what);
void            pl_test_wait_for        (PlTestCondition condition,
                                         gpointer        data,
                                         const gchar    *what);
void            pl_test_run_for         (guint           ms);
gboolean        pl_test_is_mapped       (gpointer        widget);
void            pl_test_present         (gpointer        window);
void            pl_test_wait_shown      (GtkWidget      *widget);

void            pl_test_collect         (GtkWidget      *root,
                                         GType           type,
                                         GPtrArray      *found);
GtkWidget      *pl_test_find_first      (GtkWidget      *root,
                                         GType           type);
void            pl_test_close_window    (gpointer        window);
gchar          *pl_test_window_lesson   (gpointer        window);
GtkEventController *pl_test_find_key_controller (GtkWidget *widget);

G_END_DECLS
