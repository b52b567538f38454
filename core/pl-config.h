/* pl-config.h: what a pipeline is made of, presets, and validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PL_MAX_STAGES        16
#define PL_MAX_WORKERS       32
#define PL_MAX_QUEUES        (PL_MAX_STAGES + 1)   /* input, between stages, done */
#define PL_MAX_DELAY_MS      10000.0
#define PL_MAX_BACKOFF_MS    1000.0
#define PL_MAX_ITEMS         G_GUINT64_CONSTANT (100000000)
#define PL_MAX_CAPACITY      1000000
#define PL_MAX_DURATION_S    86400.0
#define PL_STAGE_NAME_LEN    32

#define PL_CONFIG_ERROR (pl_config_error_quark ())

typedef enum {
  PL_CONFIG_ERROR_INVALID,   /* a value is malformed or out of range */
  PL_CONFIG_ERROR_PRESET,    /* no preset of that name */
  PL_CONFIG_ERROR_FILE,      /* a scenario file could not be read or is malformed */
} PlConfigError;

typedef enum {
  PL_MODE_BUSY_WAIT,
  PL_MODE_BLOCKING,
} PlMode;

typedef enum {
  PL_DIST_FIXED,
  PL_DIST_UNIFORM,           /* uniform on 0..2×mean */
  PL_DIST_EXPONENTIAL,
} PlDistribution;

typedef enum {
  PL_WORK_SLEEP,             /* blocking I/O, the seed's case */
  PL_WORK_SPIN,              /* CPU-bound work */
} PlWorkKind;

/* How the run ends once the input is closed. */
typedef enum {
  PL_ENDING_CLOSE,           /* blocking: close → join each queue in turn, and
                              * the workers exit on the marker; busy-wait: poll
                              * the done queue, then cancel the workers */
  PL_ENDING_JOIN,            /* join each queue in turn with no marker; the
                              * workers, still blocked in get, are cancelled */
} PlEnding;

typedef struct
{
  gchar          name[PL_STAGE_NAME_LEN];
  gdouble        mean_ms;    /* 0 … PL_MAX_DELAY_MS */
  PlDistribution distribution;
  guint          workers;    /* 1 … PL_MAX_WORKERS */
} PlStageConfig;

/*
 * A plain value: copy it with `=`. Queue i (0 ≤ i < n_stages) is the input of
 * stage i; queue n_stages is the done queue, which is always unbounded.
 */
typedef struct
{
  gchar         preset[32];  /* the preset it came from, "" when none */
  PlMode        mode;
  guint64       items;       /* 1 … PL_MAX_ITEMS */
  guint         n_stages;    /* 1 … PL_MAX_STAGES */
  PlStageConfig stages[PL_MAX_STAGES];
  guint         capacities[PL_MAX_STAGES];   /* 0 = unbounded */
  gdouble       backoff_ms;  /* busy-wait sleep after an empty poll; 0 spins */
  PlWorkKind    work;
  guint64       seed;
  gdouble       duration_s;  /* 0 = run until every item is done */
  gboolean      auto_close;  /* close the input once every item is fed */
  guint64       max_held;    /* the producer stops feeding when this many items are held; 0 = no cap */
  PlEnding      ending;
  gdouble       shutdown_after_s; /* headless runs shut the whole line down at once
                                   * this long after the start; 0 = never (the
                                   * window leaves it to the teacher) */
  gboolean      linger;      /* when the line ends without markers (busy-wait, or
                              * the join ending), leave the workers running as
                              * the book's program does, until cancel, instead
                              * of cancelling them: the window shows this */
} PlConfig;

GQuark       pl_config_error_quark        (void);

void         pl_config_init_default       (PlConfig       *config);
gboolean     pl_config_apply_preset       (PlConfig       *config,
                                           const gchar    *name,
                                           GError        **error);
/* The lessons in teaching order: Item 39 from busy-waiting to closing the
 * line, then the immediate shutdown beyond the book. */
const gchar *const *pl_config_list_presets (void);
/* The least time, in seconds, a lesson opened in the window runs before it
 * ends by itself. */
#define PL_CLASS_MIN_SECONDS 30.0
gboolean     pl_config_apply_lesson       (PlConfig       *config,
                                           const gchar    *name,
                                           GError        **error);
const gchar *pl_config_preset_title       (const gchar    *name);   /* translated, one line */
const gchar *pl_config_preset_summary     (const gchar    *name);   /* translated, a few lines */
/* Translated: one question to put to the class during the lesson, or NULL
 * when @name is not a preset. */
const gchar *pl_config_preset_question    (const gchar    *name);

/* Parsers for the command line and scenario files. Errors name the option
 * (`option` is used verbatim, e.g. "--stage") and what it accepts. */
gboolean     pl_config_parse_stage        (PlStageConfig  *stage,
                                           const gchar    *option,
                                           const gchar    *text,
                                           GError        **error);
gboolean     pl_config_parse_capacities   (PlConfig       *config,
                                           const gchar    *option,
                                           const gchar    *text,
                                           GError        **error);
gboolean     pl_config_parse_mode         (const gchar    *text, PlMode *mode);
gboolean     pl_config_parse_distribution (const gchar    *text, PlDistribution *distribution);
gboolean     pl_config_parse_work         (const gchar    *text, PlWorkKind *work);
gboolean     pl_config_parse_ending       (const gchar    *text, PlEnding *ending);
const gchar *pl_mode_to_string            (PlMode          mode);      /* "busy-wait" | "blocking" */
const gchar *pl_distribution_to_string    (PlDistribution  distribution);
const gchar *pl_work_to_string            (PlWorkKind      work);
const gchar *pl_ending_to_string          (PlEnding        ending);   /* "close" | "join" */

/* Checks every range; the message names the field and its range. */
gboolean     pl_config_validate           (const PlConfig *config,
                                           GError        **error);

/* Scenario files (GKeyFile). Loading never changes `config` on error. */
gboolean     pl_config_load_from_data     (PlConfig       *config,
                                           const gchar    *data,
                                           gsize           length,
                                           GError        **error);
gboolean     pl_config_load_from_file     (PlConfig       *config,
                                           const gchar    *path,
                                           GError        **error);
gchar       *pl_config_to_data            (const PlConfig *config,
                                           gsize          *length);
gboolean     pl_config_save_to_file       (const PlConfig *config,
                                           const gchar    *path,
                                           GError        **error);

G_END_DECLS
