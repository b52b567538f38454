/* pl-options.h: the command line, parsed into a config and a run plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-compare.h"
#include "pl-config.h"

G_BEGIN_DECLS

typedef enum {
  PL_REPORT_TEXT,
  PL_REPORT_JSON,
} PlReportFormat;

/* Which options shaping the pipeline were given on the command line. */
typedef enum {
  PL_OPTION_GIVEN_PRESET   = 1 << 0,
  PL_OPTION_GIVEN_SCENARIO = 1 << 1,
  PL_OPTION_GIVEN_MODE     = 1 << 2,
  PL_OPTION_GIVEN_ITEMS    = 1 << 3,
  PL_OPTION_GIVEN_STAGES   = 1 << 4,
  PL_OPTION_GIVEN_CAPACITY = 1 << 5,
  PL_OPTION_GIVEN_BACKOFF  = 1 << 6,
  PL_OPTION_GIVEN_WORK     = 1 << 7,
  PL_OPTION_GIVEN_SEED     = 1 << 8,
  PL_OPTION_GIVEN_DURATION = 1 << 9,
} PlOptionGiven;

typedef struct
{
  PlConfig        config;
  gboolean        headless;
  PlReportFormat  report;
  gchar          *screenshot;      /* FILE.png | FILE.svg, or NULL */
  gchar          *export_path;     /* FILE.png | FILE.svg, or NULL */
  gchar          *scenario;        /* --scenario=FILE, or NULL */
  gdouble         after_s;         /* --after, default 1 */
  gint            width;           /* --size, default 1280×800 */
  gint            height;
  gboolean        version;
  gboolean        print_scenario;  /* --print-scenario */
  gchar          *trace;           /* --trace=FILE.json, or NULL */
  gboolean        trace_all;       /* --trace-all: no 10 s limit on long runs */
  /* Which options the user gave explicitly, so a preset's values do not
   * silently override them (and the window knows what to restore). */
  gboolean        explicit_preset;
  PlOptionGiven   given;           /* so that these beat saved settings */
  gchar          *record_path;     /* --record=FILE.plrec, or NULL */
  gboolean        overwrite;       /* --overwrite: --record may replace a file */
  gchar          *replay_path;     /* --replay=FILE.plrec, or NULL */
  gdouble         at_s;            /* --at: seconds into a replay, or -1 for its end */
  PlCompare      *compare;         /* --compare: a second line, or NULL */
} PlOptions;

/*
 * Parses argv (argv[0] included). On bad input it returns FALSE with an error
 * whose message is a single line that names the option and what it accepts;
 * the caller prints it and exits with status 2. `--help` is handled by
 * GOptionContext and exits 0 there.
 */
gboolean pl_options_parse (PlOptions   *options,
                           gint        *argc,
                           gchar     ***argv,
                           GError     **error);
void     pl_options_clear (PlOptions   *options);

G_END_DECLS
