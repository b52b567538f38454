/* pl-compare.c: a second line, the first with a few settings changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pl-compare.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "pl-format.h"
#include "pl-report-private.h"

#define KNOWN_KEYS "mode, capacity, backoff-ms, work, items, stageN.delay, stageN.workers"

/* A text report's column is wrapped past this many cells, so that two fit
 * side by side in a wide terminal. */
#define COLUMN_CELLS 72

typedef enum {
  KEY_MODE,
  KEY_ITEMS,
  KEY_BACKOFF,
  KEY_WORK,
  KEY_CAPACITY,
  KEY_STAGE_DELAY,
  KEY_STAGE_WORKERS,
} KeyKind;

typedef struct
{
  KeyKind  kind;
  guint    stage;        /* 0-based, for the stage keys */
  gchar   *name;         /* as typed: "stage2.delay" */
} CompareKey;

struct _PlCompare
{
  PlConfig  configs[2];
  GArray   *keys;        /* of CompareKey */
};

static void
compare_key_clear (gpointer data)
{
  CompareKey *key = data;

  g_free (key->name);
}

/* "stage12.workers": a plain number from 1, no sign or leading zero. */
static gboolean
parse_stage_key (const gchar  *name,
                 guint64      *number,
                 KeyKind      *kind)
{
  const gchar *digits;
  const gchar *dot;
  g_autofree gchar *number_text = NULL;

  /* The prefix first: a shorter name has no digits to look at. */
  if (!g_str_has_prefix (name, "stage"))
    return FALSE;

  digits = name + strlen ("stage");
  dot = strchr (digits, '.');
  if (dot == NULL || dot == digits || digits[0] == '0')
    return FALSE;

  number_text = g_strndup (digits, dot - digits);
  for (const gchar *p = number_text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  if (!g_ascii_string_to_unsigned (number_text, 10, 1, G_MAXUINT, number, NULL))
    return FALSE;

  if (g_str_equal (dot + 1, "delay"))
    *kind = KEY_STAGE_DELAY;
  else if (g_str_equal (dot + 1, "workers"))
    *kind = KEY_STAGE_WORKERS;
  else
    return FALSE;

  return TRUE;
}

static gboolean
parse_key (const gchar     *name,
           const PlConfig  *first,
           CompareKey      *key,
           GError         **error)
{
  guint64 number = 0;

  key->stage = 0;
  if (g_str_equal (name, "mode"))
    key->kind = KEY_MODE;
  else if (g_str_equal (name, "items"))
    key->kind = KEY_ITEMS;
  else if (g_str_equal (name, "backoff-ms"))
    key->kind = KEY_BACKOFF;
  else if (g_str_equal (name, "work"))
    key->kind = KEY_WORK;
  else if (g_str_equal (name, "capacity"))
    key->kind = KEY_CAPACITY;
  else if (parse_stage_key (name, &number, &key->kind))
    {
      if (number > first->n_stages)
        {
          /* TRANSLATORS: the key, e.g. stage5.delay, then the number of
           * stages twice. */
          g_set_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID,
                       ngettext ("--compare: %s: the line has %u stage, so N in stageN runs from 1 to %u",
                                 "--compare: %s: the line has %u stages, so N in stageN runs from 1 to %u",
                                 first->n_stages),
                       name, first->n_stages, first->n_stages);
          return FALSE;
        }
      key->stage = (guint) number - 1;
    }
  else
    {
      g_autofree gchar *quoted = pl_format_user_text (name);

      g_set_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID,
                   _("--compare: %s is not a key the second line can change (keys: %s)"),
                   quoted, KNOWN_KEYS);
      return FALSE;
    }

  key->name = g_strdup (name);

  return TRUE;
}

/* Where the key lives in a scenario file. */
static void
scenario_place (const CompareKey  *key,
                gchar            **group,
                const gchar      **name)
{
  static const gchar *const names[] = {
    [KEY_MODE] = "mode", [KEY_ITEMS] = "items", [KEY_BACKOFF] = "backoff-ms",
    [KEY_WORK] = "work", [KEY_CAPACITY] = "capacities",
    [KEY_STAGE_DELAY] = "mean-ms", [KEY_STAGE_WORKERS] = "workers",
  };

  *name = names[key->kind];
  if (key->kind == KEY_STAGE_DELAY || key->kind == KEY_STAGE_WORKERS)
    *group = g_strdup_printf ("stage %u", key->stage + 1);
  else
    *group = g_strdup ("pipeline");
}

static void
copy_field (const CompareKey *key,
            const PlConfig   *from,
            PlConfig         *to)
{
  switch (key->kind)
    {
    case KEY_MODE:
      to->mode = from->mode;
      break;
    case KEY_ITEMS:
      to->items = from->items;
      break;
    case KEY_BACKOFF:
      to->backoff_ms = from->backoff_ms;
      break;
    case KEY_WORK:
      to->work = from->work;
      break;
    case KEY_CAPACITY:
      memcpy (to->capacities, from->capacities, sizeof to->capacities);
      break;
    case KEY_STAGE_DELAY:
      to->stages[key->stage].mean_ms = from->stages[key->stage].mean_ms;
      break;
    case KEY_STAGE_WORKERS:
      to->stages[key->stage].workers = from->stages[key->stage].workers;
      break;
    default:
      g_assert_not_reached ();
    }
}

/*
 * The value goes through the scenario reader, one key at a time on a copy
 * of the first line written as a scenario: the same parsers and ranges
 * judge it, and its message (less the scenario's own place in it) names
 * what the key accepts.
 */
static gboolean
apply_value (PlConfig          *second,
             const PlConfig    *first,
             const CompareKey  *key,
             const gchar       *value,
             GError           **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree gchar *base = NULL;
  g_autofree gchar *data = NULL;
  g_autofree gchar *group = NULL;
  g_autofree gchar *stripped = g_strstrip (g_strdup (value));
  g_autofree gchar *marker = NULL;
  const gchar *scenario_key;
  const gchar *detail;
  gsize length;
  PlConfig loaded = *first;

  /* The command line takes no spaces around a value; the scenario reader
   * would strip them. */
  if (!g_str_equal (stripped, value) || value[0] == '\0')
    {
      g_autofree gchar *quoted = pl_format_user_text (value);

      g_set_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID,
                   _("--compare: %s: %s is not a value (give it with no spaces around it)"),
                   key->name, quoted);
      return FALSE;
    }

  scenario_place (key, &group, &scenario_key);
  base = pl_config_to_data (first, NULL);
  if (!g_key_file_load_from_data (key_file, base, (gsize) -1, G_KEY_FILE_NONE, NULL))
    g_assert_not_reached ();
  g_key_file_set_string (key_file, group, scenario_key, value);
  data = g_key_file_to_data (key_file, &length, NULL);

  if (!pl_config_load_from_data (&loaded, data, length, &local_error))
    {
      marker = g_strdup_printf ("%s: ", scenario_key);
      detail = strstr (local_error->message, marker);
      detail = detail != NULL ? detail + strlen (marker) : local_error->message;
      g_set_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID,
                   "--compare: %s: %s", key->name, detail);
      return FALSE;
    }

  copy_field (key, &loaded, second);

  return TRUE;
}

PlCompare *
pl_compare_new (const PlConfig  *first,
                const gchar     *spec,
                GError         **error)
{
  g_autoptr(PlCompare) self = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (first != NULL, NULL);
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (spec, -1, NULL) || spec[0] == '\0')
    {
      g_autofree gchar *quoted = pl_format_user_text (spec);

      g_set_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID,
                   _("--compare: %s is not KEY=VALUE[,KEY=VALUE…] (keys: %s)"),
                   quoted, KNOWN_KEYS);
      return NULL;
    }

  /* A part with no `=` continues the capacity list before it. */
  parts = g_strsplit (spec, ",", 0);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const gchar *equals = strchr (parts[i], '=');

      if (equals == NULL && names->len > 0 &&
          g_str_equal (g_ptr_array_index (names, names->len - 1), "capacity"))
        {
          gchar **last = (gchar **) &g_ptr_array_index (values, values->len - 1);
          gchar *longer = g_strconcat (*last, ",", parts[i], NULL);

          g_free (*last);
          *last = longer;
          continue;
        }
      if (equals == NULL)
        {
          g_autofree gchar *quoted = pl_format_user_text (parts[i]);

          g_set_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID,
                       _("--compare: %s is not KEY=VALUE[,KEY=VALUE…] (keys: %s)"),
                       quoted, KNOWN_KEYS);
          return NULL;
        }
      g_ptr_array_add (names, g_strndup (parts[i], equals - parts[i]));
      g_ptr_array_add (values, g_strdup (equals + 1));
    }

  self = g_new0 (PlCompare, 1);
  self->configs[PL_COMPARE_LINE_A] = *first;
  self->configs[PL_COMPARE_LINE_B] = *first;
  self->keys = g_array_new (FALSE, TRUE, sizeof (CompareKey));
  g_array_set_clear_func (self->keys, compare_key_clear);

  for (guint i = 0; i < names->len; i++)
    {
      const gchar *name = g_ptr_array_index (names, i);
      const gchar *value = g_ptr_array_index (values, i);
      g_autofree gchar *same = NULL;
      g_autofree gchar *changed = NULL;
      CompareKey key = { 0 };

      for (guint j = 0; j < self->keys->len; j++)
        {
          if (g_str_equal (g_array_index (self->keys, CompareKey, j).name, name))
            {
              g_set_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID,
                           _("--compare: %s is given twice; give each key once"),
                           name);
              return NULL;
            }
        }

      if (!parse_key (name, first, &key, error))
        return NULL;
      g_array_append_val (self->keys, key);

      if (!apply_value (&self->configs[PL_COMPARE_LINE_B], first, &key, value, error))
        return NULL;

      same = pl_compare_format_value (self, self->keys->len - 1, PL_COMPARE_LINE_A);
      changed = pl_compare_format_value (self, self->keys->len - 1, PL_COMPARE_LINE_B);
      if (g_str_equal (same, changed))
        {

          /* TRANSLATORS: the key, then its value on the first line. */
          g_set_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID,
                       _("--compare: %s: the first line has %s already; give a value that differs"),
                       name, same);
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

static void
add_key (PlCompare   *self,
         KeyKind      kind,
         guint        stage,
         const gchar *name)
{
  CompareKey key = { kind, stage, g_strdup (name) };

  g_array_append_val (self->keys, key);
}

PlCompare *
pl_compare_new_from_configs (const PlConfig *first,
                             const PlConfig *second)
{
  PlCompare *self;

  g_return_val_if_fail (first != NULL, NULL);
  g_return_val_if_fail (second != NULL, NULL);

  if (first->n_stages != second->n_stages || first->n_stages > PL_MAX_STAGES)
    return NULL;
  for (guint i = 0; i < first->n_stages; i++)
    if (strcmp (first->stages[i].name, second->stages[i].name) != 0)
      return NULL;

  self = g_new0 (PlCompare, 1);
  self->configs[PL_COMPARE_LINE_A] = *first;
  self->configs[PL_COMPARE_LINE_B] = *second;
  self->keys = g_array_new (FALSE, TRUE, sizeof (CompareKey));
  g_array_set_clear_func (self->keys, compare_key_clear);

  if (first->mode != second->mode)
    add_key (self, KEY_MODE, 0, "mode");
  if (memcmp (first->capacities, second->capacities,
              first->n_stages * sizeof first->capacities[0]) != 0)
    add_key (self, KEY_CAPACITY, 0, "capacity");
  if (first->backoff_ms != second->backoff_ms)
    add_key (self, KEY_BACKOFF, 0, "backoff-ms");
  if (first->work != second->work)
    add_key (self, KEY_WORK, 0, "work");
  if (first->items != second->items)
    add_key (self, KEY_ITEMS, 0, "items");
  for (guint i = 0; i < first->n_stages; i++)
    {
      g_autofree gchar *delay = g_strdup_printf ("stage%u.delay", i + 1);
      g_autofree gchar *workers = g_strdup_printf ("stage%u.workers", i + 1);

      if (first->stages[i].mean_ms != second->stages[i].mean_ms)
        add_key (self, KEY_STAGE_DELAY, i, delay);
      if (first->stages[i].workers != second->stages[i].workers)
        add_key (self, KEY_STAGE_WORKERS, i, workers);
    }

  return self;
}

void
pl_compare_free (PlCompare *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->keys, g_array_unref);
  g_free (self);
}

const PlConfig *
pl_compare_get_config (PlCompare     *self,
                       PlCompareLine  line)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (line == PL_COMPARE_LINE_A || line == PL_COMPARE_LINE_B, NULL);

  return &self->configs[line];
}

guint
pl_compare_get_n_keys (PlCompare *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->keys->len;
}

const gchar *
pl_compare_get_key (PlCompare *self,
                    guint      index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->keys->len, NULL);

  return g_array_index (self->keys, CompareKey, index).name;
}

static gchar *
format_double (gdouble value)
{
  gchar buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value));
}

static gboolean
capacities_uniform (const PlConfig *config)
{
  for (guint i = 1; i < config->n_stages; i++)
    if (config->capacities[i] != config->capacities[0])
      return FALSE;

  return TRUE;
}

gchar *
pl_compare_format_value (PlCompare     *self,
                         guint          index,
                         PlCompareLine  line)
{
  const CompareKey *key;
  const PlConfig *config;
  GString *list;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->keys->len, NULL);

  key = &g_array_index (self->keys, CompareKey, index);
  config = pl_compare_get_config (self, line);

  switch (key->kind)
    {
    case KEY_MODE:
      return g_strdup (pl_mode_to_string (config->mode));
    case KEY_ITEMS:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, config->items);
    case KEY_BACKOFF:
      return format_double (config->backoff_ms);
    case KEY_WORK:
      return g_strdup (pl_work_to_string (config->work));
    case KEY_CAPACITY:
      if (capacities_uniform (config))
        return g_strdup_printf ("%u", config->capacities[0]);
      list = g_string_new (NULL);
      for (guint i = 0; i < config->n_stages; i++)
        g_string_append_printf (list, "%s%u", i > 0 ? "," : "", config->capacities[i]);
      return g_string_free (list, FALSE);
    case KEY_STAGE_DELAY:
      return format_double (config->stages[key->stage].mean_ms);
    case KEY_STAGE_WORKERS:
      return g_strdup_printf ("%u", config->stages[key->stage].workers);
    default:
      g_assert_not_reached ();
    }
}

gchar *
pl_compare_describe (PlCompare     *self,
                     PlCompareLine  line)
{
  GString *text;

  g_return_val_if_fail (self != NULL, NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < self->keys->len; i++)
    {
      g_autofree gchar *value = pl_compare_format_value (self, i, line);

      g_string_append_printf (text, "%s%s=%s", i > 0 ? ", " : "",
                              pl_compare_get_key (self, i), value);
    }

  return g_string_free (text, FALSE);
}

gchar *
pl_compare_label (PlCompare     *self,
                  PlCompareLine  line)
{
  g_autofree gchar *what = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  what = pl_compare_describe (self, line);

  /* TRANSLATORS: %s says what the line has that the other has not, as
   * keys and values: "mode=busy-wait, stage2.delay=10". */
  return line == PL_COMPARE_LINE_A ? g_strdup_printf (_("Line A: %s"), what)
                                   : g_strdup_printf (_("Line B: %s"), what);
}

static void
add_json_value (JsonBuilder       *builder,
                const CompareKey  *key,
                const PlConfig    *config)
{
  switch (key->kind)
    {
    case KEY_MODE:
      json_builder_add_string_value (builder, pl_mode_to_string (config->mode));
      break;
    case KEY_ITEMS:
      json_builder_add_int_value (builder, (gint64) config->items);
      break;
    case KEY_BACKOFF:
      json_builder_add_double_value (builder, config->backoff_ms);
      break;
    case KEY_WORK:
      json_builder_add_string_value (builder, pl_work_to_string (config->work));
      break;
    case KEY_CAPACITY:
      json_builder_begin_array (builder);
      for (guint i = 0; i < config->n_stages; i++)
        json_builder_add_int_value (builder, config->capacities[i]);
      json_builder_end_array (builder);
      break;
    case KEY_STAGE_DELAY:
      json_builder_add_double_value (builder, config->stages[key->stage].mean_ms);
      break;
    case KEY_STAGE_WORKERS:
      json_builder_add_int_value (builder, config->stages[key->stage].workers);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
add_report (JsonBuilder    *builder,
            const gchar    *member,
            const PlConfig *config,
            const PlSample *sample)
{
  g_autofree gchar *report = pl_report_to_json (config, sample);
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (report, &error);

  g_assert_no_error (error);
  json_builder_set_member_name (builder, member);
  json_builder_add_value (builder, node);
}

gchar *
pl_compare_report_to_json (PlCompare      *self,
                           const PlSample *sample_a,
                           const PlSample *sample_b)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (sample_a != NULL, NULL);
  g_return_val_if_fail (sample_b != NULL, NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_report (builder, "a", &self->configs[PL_COMPARE_LINE_A], sample_a);
  add_report (builder, "b", &self->configs[PL_COMPARE_LINE_B], sample_b);

  json_builder_set_member_name (builder, "differs");
  json_builder_begin_object (builder);
  for (guint i = 0; i < self->keys->len; i++)
    {
      const CompareKey *key = &g_array_index (self->keys, CompareKey, i);

      json_builder_set_member_name (builder, key->name);
      json_builder_begin_array (builder);
      add_json_value (builder, key, &self->configs[PL_COMPARE_LINE_A]);
      add_json_value (builder, key, &self->configs[PL_COMPARE_LINE_B]);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return _pl_report_json_to_data (builder);
}

/* A report's lines, each long sentence wrapped at spaces into a column. */
static GPtrArray *
column_lines (const gchar *title,
              const gchar *report)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) rows = g_strsplit (report, "\n", 0);

  g_ptr_array_add (lines, g_strdup (title));
  g_ptr_array_add (lines, g_strdup (""));

  for (guint i = 0; rows[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;
      g_autoptr(GString) line = NULL;

      /* Tables (columns apart by runs of spaces) keep their rows whole. */
      if (pl_format_text_cells (rows[i]) <= COLUMN_CELLS || strstr (rows[i], "  ") != NULL)
        {
          g_ptr_array_add (lines, g_strdup (rows[i]));
          continue;
        }

      words = g_strsplit (rows[i], " ", 0);
      line = g_string_new (NULL);
      for (guint w = 0; words[w] != NULL; w++)
        {
          if (line->len > 0 &&
              pl_format_text_cells (line->str) + 1 + pl_format_text_cells (words[w]) > COLUMN_CELLS)
            {
              g_ptr_array_add (lines, g_strdup (line->str));
              g_string_truncate (line, 0);
            }
          if (line->len > 0)
            g_string_append_c (line, ' ');
          g_string_append (line, words[w]);
        }
      g_ptr_array_add (lines, g_strdup (line->str));
    }

  /* The report ends in a newline: no empty row for it. */
  while (lines->len > 0 &&
         ((const gchar *) g_ptr_array_index (lines, lines->len - 1))[0] == '\0')
    g_ptr_array_remove_index (lines, lines->len - 1);

  return lines;
}

static guint64
total_polls (const PlSample *sample)
{
  guint64 polls = 0;

  for (guint i = 0; i < MIN (sample->n_stages, PL_MAX_STAGES); i++)
    polls += sample->stages[i].polls;

  return polls;
}

static gdouble
throughput (const PlSample *sample)
{
  gdouble value = pl_sample_throughput (sample);

  return value == value ? value : 0.0;
}

gchar *
pl_compare_report_to_text (PlCompare      *self,
                           const PlSample *sample_a,
                           const PlSample *sample_b)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GPtrArray) right = NULL;
  g_autofree gchar *text_a = NULL;
  g_autofree gchar *text_b = NULL;
  g_autofree gchar *label_a = NULL;
  g_autofree gchar *label_b = NULL;
  g_autofree gchar *polls_a = NULL;
  g_autofree gchar *polls_b = NULL;
  guint width = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (sample_a != NULL, NULL);
  g_return_val_if_fail (sample_b != NULL, NULL);

  text_a = pl_report_to_text (&self->configs[PL_COMPARE_LINE_A], sample_a);
  text_b = pl_report_to_text (&self->configs[PL_COMPARE_LINE_B], sample_b);
  label_a = pl_compare_label (self, PL_COMPARE_LINE_A);
  label_b = pl_compare_label (self, PL_COMPARE_LINE_B);
  left = column_lines (label_a, text_a);
  right = column_lines (label_b, text_b);

  for (guint i = 0; i < left->len; i++)
    width = MAX (width, pl_format_text_cells (g_ptr_array_index (left, i)));

  for (guint i = 0; i < MAX (left->len, right->len); i++)
    {
      const gchar *a = i < left->len ? g_ptr_array_index (left, i) : "";
      const gchar *b = i < right->len ? g_ptr_array_index (right, i) : "";

      g_string_append (out, a);
      for (guint pad = pl_format_text_cells (a); pad < width; pad++)
        g_string_append_c (out, ' ');
      g_string_append (out, " │ ");
      g_string_append (out, b);
      g_string_append_c (out, '\n');
    }

  polls_a = g_strdup_printf ("%" G_GUINT64_FORMAT, total_polls (sample_a));
  polls_b = g_strdup_printf ("%" G_GUINT64_FORMAT, total_polls (sample_b));

  g_string_append_c (out, '\n');
  /* TRANSLATORS: items per second on line A, then on line B. */
  g_string_append_printf (out, _("Throughput: %.1f items/s on line A, %.1f items/s on line B.\n"),
                          throughput (sample_a), throughput (sample_b));
  /* TRANSLATORS: busy-wait polls on line A, then on line B. */
  g_string_append_printf (out, _("Polls: %s on line A, %s on line B.\n"), polls_a, polls_b);
  /* TRANSLATORS: CPU seconds of the line's own threads on A, then on B. */
  g_string_append_printf (out, _("CPU of the line's own threads: %.3f s on line A, %.3f s on line B.\n"),
                          sample_a->pipeline_cpu_ns / 1e9, sample_b->pipeline_cpu_ns / 1e9);
  g_string_append (out, _("Both lines ran in one process at the same time, with the same seed: "
                          "each report's whole-process CPU and memory count both lines.\n"));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
pl_compare_measure (const PlSample   *earlier,
                    const PlSample   *sample,
                    PlCompareMeasure *measure)
{
  gint64 from_us = 0;
  guint64 from_processed = 0;
  guint64 from_polls = 0;
  gint64 from_cpu_ns = 0;
  gdouble seconds;

  g_return_if_fail (sample != NULL);
  g_return_if_fail (measure != NULL);

  if (earlier != NULL && earlier->elapsed_us < sample->elapsed_us)
    {
      from_us = earlier->elapsed_us;
      from_processed = earlier->processed;
      from_polls = total_polls (earlier);
      from_cpu_ns = earlier->pipeline_cpu_ns;
    }

  seconds = (sample->elapsed_us - from_us) / (gdouble) G_USEC_PER_SEC;
  memset (measure, 0, sizeof *measure);
  measure->window_s = MAX (seconds, 0.0);
  measure->held_bytes = sample->held_bytes;
  measure->held_items = sample->held;
  if (seconds <= 0.0)
    return;

  measure->throughput = (sample->processed - MIN (from_processed, sample->processed)) / seconds;
  measure->polls_per_s = (total_polls (sample) - MIN (from_polls, total_polls (sample))) / seconds;
  measure->cpu_cores = MAX (sample->pipeline_cpu_ns - from_cpu_ns, 0) / 1e9 / seconds;
}
