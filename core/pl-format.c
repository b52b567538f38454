/* pl-format.c: how counts, queues and a user's text are written, and
 * numbers are read
 *
 * One home for each, so that the canvas, the panels, the charts and the
 * report name a queue or write a count the same way, and the command line
 * and scenario files accept the same numbers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pl-format.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

/**
 * pl_format_count:
 * @count: a count
 *
 * Writes @count in full, with thin spaces between thousands: the SI way,
 * which reads the same in every locale (200 000).
 *
 * Returns: (transfer full): the text
 */
gchar *
pl_format_count (guint64 count)
{
  g_autofree gchar *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, count);
  GString *text = g_string_new (NULL);
  gsize length = strlen (digits);

  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append (text, "\u2009");
      g_string_append_c (text, digits[i]);
    }

  return g_string_free (text, FALSE);
}

/* Counts from here on are shortened to a few digits and a unit. */
#define LARGE_COUNT G_GUINT64_CONSTANT (100000)

/**
 * pl_format_count_short:
 * @count: a count
 *
 * Writes @count in at most six characters, for the canvas and narrow
 * headers: counts below 100000 in full, larger ones with a unit (199.8k,
 * 171.2M).
 *
 * Returns: (transfer full): the text
 */
gchar *
pl_format_count_short (guint64 count)
{
  if (count < LARGE_COUNT)
    return g_strdup_printf ("%" G_GUINT64_FORMAT, count);
  /* Below what would round up to the next unit. */
  if (count < G_GUINT64_CONSTANT (999950))
    /* TRANSLATORS: thousands, as in "200.6k" polls */
    return g_strdup_printf (_("%.1fk"), count / 1e3);
  if (count < G_GUINT64_CONSTANT (999950000))
    /* TRANSLATORS: millions, as in "61.4M" polls */
    return g_strdup_printf (_("%.1fM"), count / 1e6);

  /* TRANSLATORS: thousands of millions, as in "2.1G" polls */
  return g_strdup_printf (_("%.1fG"), count / 1e9);
}

/**
 * pl_format_queue_title:
 * @queue: which queue: 0 is the input queue
 * @n_queues: how many the line has, the done queue included, or 0
 *   when the done queue need not be told apart
 *
 * Returns: (transfer full): the queue's name as a label or title:
 *   "Input queue", "Queue 2", "Done queue"
 */
gchar *
pl_format_queue_title (guint queue,
                       guint n_queues)
{
  if (queue == 0)
    return g_strdup (_("Input queue"));
  if (queue + 1 == n_queues)
    return g_strdup (_("Done queue"));

  return g_strdup_printf (_("Queue %u"), queue);
}

/**
 * pl_format_queue_in_sentence:
 * @queue: which queue: 0 is the input queue
 * @n_queues: how many the line has, the done queue included, or 0
 *
 * Returns: (transfer full): the queue's name inside a sentence:
 *   "the input queue", "queue 2", "the done queue"
 */
gchar *
pl_format_queue_in_sentence (guint queue,
                             guint n_queues)
{
  if (queue == 0)
    return g_strdup (_("the input queue"));
  if (queue + 1 == n_queues)
    return g_strdup (_("the done queue"));

  return g_strdup_printf (_("queue %u"), queue);
}

/* Control characters escaped, so that a message stays on one line; in
 * double quotes, with quotes and backslashes inside escaped, when @quote. */
static gchar *
escape_text (const gchar *text,
             gboolean     quote,
             guint        max_chars)
{
  GString *escaped = g_string_new (quote ? "\"" : NULL);
  guint n_chars = 0;

  if (text == NULL)
    text = "";

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_string_append (escaped, _("(not UTF-8)"));
      if (quote)
        g_string_append_c (escaped, '"');
      return g_string_free (escaped, FALSE);
    }

  for (const gchar *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n_chars++ == max_chars)
        {
          g_string_append (escaped, "…");
          break;
        }

      if (c < 0x20 || c == 0x7f)
        g_string_append_printf (escaped, "\\x%02x", c);
      else if (quote && (c == '"' || c == '\\'))
        g_string_append_printf (escaped, "\\%c", (gchar) c);
      else
        g_string_append_unichar (escaped, c);
    }

  if (quote)
    g_string_append_c (escaped, '"');

  return g_string_free (escaped, FALSE);
}

/**
 * pl_format_user_text:
 * @text: (nullable): text a user gave
 *
 * Writes @text for a one-line message: in double quotes, with control
 * characters escaped (\x0a), and quotes and backslashes too, so that a
 * newline in a value cannot split the line; cut with "…" after
 * %PL_FORMAT_USER_TEXT_MAX_CHARS characters. Text that is not UTF-8 is
 * not shown.
 *
 * Returns: (transfer full): the quoted text
 */
gchar *
pl_format_user_text (const gchar *text)
{
  return escape_text (text, TRUE, PL_FORMAT_USER_TEXT_MAX_CHARS);
}

/**
 * pl_format_escaped_text:
 * @text: (nullable): text from outside the program
 * @max_chars: how many characters to keep, or %G_MAXUINT for all
 *
 * Writes @text for a message, as pl_format_user_text() does, but without
 * quotes: for text the message already sets apart, such as a file name.
 *
 * Returns: (transfer full): the escaped text
 */
gchar *
pl_format_escaped_text (const gchar *text,
                        guint        max_chars)
{
  return escape_text (text, FALSE, max_chars);
}

/**
 * pl_format_text_cells:
 * @text: UTF-8 text
 *
 * Measures @text in terminal cells, not characters: Hangul and other wide
 * characters take two, so that translated tables still line up.
 *
 * Returns: the width of @text
 */
guint
pl_format_text_cells (const gchar *text)
{
  guint cells = 0;

  g_return_val_if_fail (text != NULL, 0);

  for (const gchar *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_iszerowidth (c))
        cells += g_unichar_iswide (c) ? 2 : 1;
    }

  return cells;
}

/**
 * pl_parse_unsigned:
 * @text: the text a user gave
 * @min: the least value accepted
 * @max: the largest value accepted
 * @value: (out): the value, set only on success
 *
 * Reads a whole number in decimal digits only: no sign, spaces or hex.
 *
 * Returns: whether @text is such a number within [@min, @max]
 */
gboolean
pl_parse_unsigned (const gchar *text,
                   guint64      min,
                   guint64      max,
                   guint64     *value)
{
  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;

  return g_ascii_string_to_unsigned (text, 10, min, max, value, NULL);
}

/**
 * pl_parse_decimal:
 * @text: the text a user gave
 * @min: the least value accepted
 * @max: the largest value accepted
 * @value: (out): the value, set only on success
 *
 * Reads a plain decimal: digits, one optional point and exponent; no sign,
 * spaces, hex, nan or inf. The same in every locale.
 *
 * Returns: whether @text is such a number within [@min, @max]
 */
gboolean
pl_parse_decimal (const gchar *text,
                  gdouble      min,
                  gdouble      max,
                  gdouble     *value)
{
  gchar *end = NULL;
  gdouble parsed;

  if (text == NULL || !(g_ascii_isdigit (text[0]) || text[0] == '.'))
    return FALSE;
  if (strspn (text, "0123456789.eE+-") != strlen (text))
    return FALSE;

  errno = 0;
  parsed = g_ascii_strtod (text, &end);
  if (errno != 0 || end == text || *end != '\0' || !isfinite (parsed) ||
      parsed < min || parsed > max)
    return FALSE;

  *value = parsed;

  return TRUE;
}

/**
 * pl_enum_to_nick:
 * @type: an enum type
 * @value: one of its values
 *
 * Returns: (transfer none): the nick of @value, or "unknown"
 */
const gchar *
pl_enum_to_nick (GType type,
                 gint  value)
{
  /* Static types keep their class for the life of the process. */
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);

  g_type_class_unref (klass);

  return enum_value != NULL ? enum_value->value_nick : "unknown";
}

/**
 * pl_enum_from_nick:
 * @type: an enum type
 * @nick: (nullable): text that may be one of its nicks
 * @value: (out): the value, set only on success
 *
 * Returns: whether @nick names a value of @type
 */
gboolean
pl_enum_from_nick (GType        type,
                   const gchar *nick,
                   gint        *value)
{
  GEnumClass *klass;
  GEnumValue *enum_value;

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (type);
  enum_value = g_enum_get_value_by_nick (klass, nick);
  g_type_class_unref (klass);
  if (enum_value == NULL)
    return FALSE;

  *value = enum_value->value;

  return TRUE;
}
