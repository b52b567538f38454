/* pl-test-run.h: running the program from a test, with a bound
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  gboolean  done;
  gboolean  timed_out;
  gchar    *out;
  gchar    *err;
  gint      status;      /* exit status, or -1 when killed by a signal */
} PlTestRun;

/* The program under test: $PL_BINARY when set, else the one built here. */
const gchar *pl_test_binary_path (void);

void pl_test_run_clear   (PlTestRun          *run);
void pl_test_run_program (PlTestRun          *run,
                          const gchar        *binary,
                          const gchar *const *env,
                          const gchar *const *args,
                          guint               timeout_s);

void pl_test_run_program_full (PlTestRun           *run,
                               const gchar         *binary,
                               const gchar *const  *env,
                               const gchar *const  *args,
                               guint                timeout_s,
                               GSpawnChildSetupFunc child_setup);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PlTestRun, pl_test_run_clear)

G_END_DECLS
