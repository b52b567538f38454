/* pl-code-listing.c: the Python listings of the code panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The listings live in the resources as plain Python. A line that a worker
 * can be on ends in a tag such as `#@get`; the tag is cut off when the
 * listing is read and remembered as that line's mark. The comments go
 * through the catalogue, so the listing reads in the user's language.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pl-code-listing.h"

#define RESOURCE_DIR "/io/github/pipelinelab/PipelineLab/code/"

/* The comments of the listings, so that they are translated with the rest.
 * Loading a listing warns about a comment missing here. */
static const gchar *const listing_comments[] = {
  N_("Busy-wait: poll a deque behind a lock"),
  N_("nap after an empty poll"),
  N_("end-of-stream marker"),
  N_("IndexError if empty"),
  N_("False if full"),
  N_("Blocking: get and put sleep until served"),
  N_("waits for room too"),
  N_("sleeps"),
  N_("may sleep"),
  N_("Front to back, one queue at a time."),
  N_("a marker each"),
  N_("all items done"),
  N_("thread has exited"),
  N_("Backlog: nothing pushes back on a fast stage"),
  N_("never full here"),
  N_("A small input buffer, then queues with no limit: the backlog."),
  N_("Once every item is fed: front to back, one queue at a time."),
  N_("Bounded: a full queue makes put wait"),
  N_("waits while empty"),
  N_("waits while full"),
  N_("The input buffer holds four, the queues between stages one each."),
  N_("nothing tells it to stop"),
  N_("refused: shut down at once"),
  N_("The main thread polls too, then leaves the workers polling."),
  N_("ClosableQueue and StoppableWorker"),
  N_("On Close Input: front to back, one queue at a time."),
  N_("task_done and join, with no end-of-stream marker"),
  N_("one less"),
  N_("Once every item is fed: front to back."),
  N_("until every item is done"),
  N_("The workers still sleep in get."),
  N_("Python 3.13: shut a queue down at once"),
  N_("Close Input: every queued item goes through first."),
  N_("Shut Down Now: drop what waits, refuse every put and get."),
  N_("each leaves at once"),
};

/* The lessons that have a listing of their own, by preset name. */
static const gchar *const lesson_listings[] = {
  "blocking", "bounded", "join", "closable", "backlog", "shutdown",
};

static const gchar *const keywords[] = {
  "class", "def", "while", "True", "False", "None", "try", "except", "if",
  "not", "is", "return", "continue", "for", "in", "with", "import", "from",
  "or", "and", "break", "yield", "finally", "self",
};

static const gchar *const mark_names[PL_CODE_N_MARKS] = {
  [PL_CODE_MARK_NONE] = "",
  [PL_CODE_MARK_GET] = "get",
  [PL_CODE_MARK_SLEEP] = "sleep",
  [PL_CODE_MARK_WORK] = "work",
  [PL_CODE_MARK_PUT] = "put",
  [PL_CODE_MARK_TASK_DONE] = "task-done",
  [PL_CODE_MARK_EXIT] = "exit",
  [PL_CODE_MARK_CLOSE] = "close",
  [PL_CODE_MARK_JOIN] = "join",
  [PL_CODE_MARK_SHUT_DOWN] = "shut-down",
  [PL_CODE_MARK_MAIN_POLL] = "main-poll",
  [PL_CODE_MARK_WAIT_EXIT] = "wait-exit",
};

typedef struct
{
  gchar  *text;
  GArray *spans;    /* of PlCodeSpan */
} Line;

struct _PlCodeListing
{
  GPtrArray *lines;                 /* of Line *, line 1 at index 0 */
  guint      marks[PL_CODE_N_MARKS]; /* 1-based line, 0 when absent */
};

/**
 * pl_code_listing_name:
 * @lesson: (nullable): the preset the line was opened from, "" or %NULL
 *   for a pipeline of its own
 * @mode: the workers' mode
 * @ending: how the line ends once its input is closed
 * @shut_down: whether the line was shut down at once
 *
 * The listing of the program the line runs: busy-waiting workers whatever
 * the lesson, the lesson's own blocking program otherwise, and the one
 * that knows `shutdown(immediate=True)` once the line was shut down.
 *
 * Returns: the resource name of the listing, e.g. "closable.py"
 */
const gchar *
pl_code_listing_name (const gchar *lesson,
                      PlMode       mode,
                      PlEnding     ending,
                      gboolean     shut_down)
{
  static const gchar *const files[] = {
    "blocking.py", "bounded.py", "join.py", "closable.py", "backlog.py", "shutdown.py",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (files) == G_N_ELEMENTS (lesson_listings));

  if (mode == PL_MODE_BUSY_WAIT)
    return "busy-wait.py";
  if (shut_down)
    return "shutdown.py";
  for (guint i = 0; lesson != NULL && i < G_N_ELEMENTS (lesson_listings); i++)
    if (g_str_equal (lesson, lesson_listings[i]))
      return ending == PL_ENDING_JOIN ? "join.py" : files[i];

  return ending == PL_ENDING_JOIN ? "join.py" : "blocking.py";
}

/**
 * pl_code_listing_get_title:
 * @name: a listing's resource name
 *
 * Returns: the translated heading of that listing
 */
const gchar *
pl_code_listing_get_title (const gchar *name)
{
  if (g_strcmp0 (name, "busy-wait.py") == 0)
    return _("Python: the busy-wait Worker");
  if (g_strcmp0 (name, "bounded.py") == 0)
    return _("Python: bounded queues, Queue(1)");
  if (g_strcmp0 (name, "join.py") == 0)
    return _("Python: task_done and join");
  if (g_strcmp0 (name, "closable.py") == 0)
    return _("Python: ClosableQueue and StoppableWorker");
  if (g_strcmp0 (name, "backlog.py") == 0)
    return _("Python: an unbounded backlog");
  if (g_strcmp0 (name, "shutdown.py") == 0)
    return _("Python 3.13: shutdown(immediate=True)");

  return _("Python: the blocking StoppableWorker");
}

/**
 * pl_code_mark_for_worker:
 * @mode: the mode the listing shows
 * @state: a worker's state
 * @shut_down: whether the line was shut down at once
 *
 * Like pl_code_mark_for_state(), but a worker that left because a shut
 * down queue refused its get or put is on the line that catches
 * `ShutDown`, not on the one that meets the end-of-stream marker. One
 * still working on an item finishes it on the line of the work.
 *
 * Returns: the mark of the worker's line
 */
PlCodeMark
pl_code_mark_for_worker (PlMode        mode,
                         PlWorkerState state,
                         gboolean      shut_down)
{
  if (shut_down && state == PL_WORKER_DONE)
    return PL_CODE_MARK_SHUT_DOWN;

  return pl_code_mark_for_state (mode, state);
}

/**
 * pl_code_mark_for_main_thread:
 * @mode: the mode the listing shows
 * @ending: how the line ends once its input is closed
 * @sample: (nullable): the latest sample
 *
 * While the line is closing, the main thread puts markers into the first
 * queue not yet closed, or waits for the join of the first one closed but
 * not yet joined. With no markers (the join ending) it only joins; with
 * busy-waiting workers it polls the done queue until every item is there;
 * after a shutdown it waits for the workers to leave.
 *
 * Returns: the mark of the main thread's line, or %PL_CODE_MARK_NONE when
 *   it is on none
 */
PlCodeMark
pl_code_mark_for_main_thread (PlMode          mode,
                              PlEnding        ending,
                              const PlSample *sample)
{
  if (sample == NULL || sample->state != PL_PIPELINE_CLOSING)
    return PL_CODE_MARK_NONE;

  if (sample->shut_down)
    return PL_CODE_MARK_WAIT_EXIT;

  if (mode == PL_MODE_BUSY_WAIT)
    {
      /* After the last item, nothing is left for it to do. */
      if (ending == PL_ENDING_CLOSE && sample->processed < sample->produced)
        return PL_CODE_MARK_MAIN_POLL;
      return PL_CODE_MARK_NONE;
    }

  for (guint q = 0; q < sample->n_stages; q++)
    {
      if (ending == PL_ENDING_CLOSE && !sample->queues[q].closed)
        return PL_CODE_MARK_CLOSE;
      if (!sample->queues[q].joined)
        return PL_CODE_MARK_JOIN;
    }

  return PL_CODE_MARK_NONE;
}

/**
 * pl_code_mark_for_state:
 * @mode: the mode the listing shows
 * @state: a worker's state
 *
 * Returns: the line a worker in @state is on, or %PL_CODE_MARK_NONE when it
 *   is on none (parked by pause, idle, cancelled)
 */
PlCodeMark
pl_code_mark_for_state (PlMode        mode,
                        PlWorkerState state)
{
  switch (state)
    {
    case PL_WORKER_WAITING_GET:
    case PL_WORKER_POLLING:
      return PL_CODE_MARK_GET;

    case PL_WORKER_BACKOFF:
      /* A worker still napping in blocking mode has not switched yet: it
       * is on its way to the next get. */
      return mode == PL_MODE_BUSY_WAIT ? PL_CODE_MARK_SLEEP : PL_CODE_MARK_GET;

    case PL_WORKER_WORKING:
      return PL_CODE_MARK_WORK;

    case PL_WORKER_WAITING_PUT:
      return PL_CODE_MARK_PUT;

    case PL_WORKER_TASK_DONE:
      return PL_CODE_MARK_TASK_DONE;

    case PL_WORKER_DONE:
      /* Busy-waiting workers are sent no marker: one meets it only when
       * the mode was switched after the markers went in, and the busy-wait
       * listing has no line for that. */
      return mode == PL_MODE_BUSY_WAIT ? PL_CODE_MARK_NONE : PL_CODE_MARK_EXIT;

    case PL_WORKER_IDLE:
    case PL_WORKER_PAUSED:
    case PL_WORKER_CANCELLED:
    case PL_WORKER_N_STATES:
    default:
      return PL_CODE_MARK_NONE;
    }
}

static void
line_free (gpointer data)
{
  Line *line = data;

  g_free (line->text);
  g_array_unref (line->spans);
  g_free (line);
}

void
pl_code_listing_free (PlCodeListing *listing)
{
  if (listing == NULL)
    return;

  g_ptr_array_unref (listing->lines);
  g_free (listing);
}

static gboolean
is_keyword (const gchar *start,
            gsize        length)
{
  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    if (strlen (keywords[i]) == length && strncmp (keywords[i], start, length) == 0)
      return TRUE;

  return FALSE;
}

static void
tokenize (Line *line)
{
  const gchar *text = line->text;
  gsize length = strlen (text);
  gsize i = 0;

  while (i < length)
    {
      gchar c = text[i];

      if (c == '#')
        {
          PlCodeSpan span = { i, length, PL_CODE_SPAN_COMMENT };

          g_array_append_val (line->spans, span);
          break;
        }
      else if (c == '"' || c == '\'')
        {
          gsize end = i + 1;
          PlCodeSpan span;

          while (end < length && text[end] != c)
            end++;
          span = (PlCodeSpan) { i, MIN (end + 1, length), PL_CODE_SPAN_STRING };
          g_array_append_val (line->spans, span);
          i = span.end;
        }
      else if (g_ascii_isalpha (c) || c == '_')
        {
          gsize end = i + 1;

          while (end < length && (g_ascii_isalnum (text[end]) || text[end] == '_'))
            end++;
          if (is_keyword (text + i, end - i))
            {
              PlCodeSpan span = { i, end, PL_CODE_SPAN_KEYWORD };

              g_array_append_val (line->spans, span);
            }
          i = end;
        }
      else
        {
          i++;
        }
    }
}

/* The comment's words go through the catalogue; the code does not. */
static gchar *
translate_comment (const gchar *line)
{
  const gchar *hash = NULL;
  const gchar *words;
  gboolean known = FALSE;
  gchar quote = 0;

  for (const gchar *p = line; *p != '\0'; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
        }
      else if (*p == '"' || *p == '\'')
        quote = *p;
      else if (*p == '#')
        {
          hash = p;
          break;
        }
    }

  if (hash == NULL)
    return g_strdup (line);

  words = hash + 1;
  while (*words == ' ')
    words++;
  if (*words == '\0')
    return g_strdup (line);

  for (guint i = 0; i < G_N_ELEMENTS (listing_comments); i++)
    if (g_str_equal (listing_comments[i], words))
      known = TRUE;
  if (!known)
    g_warning ("Listing comment not marked for translation: “%s”", words);

  return g_strdup_printf ("%.*s%s", (gint) (words - line), line, _(words));
}

/**
 * pl_code_listing_load:
 * @mode: the mode whose general listing to read (busy-wait or blocking)
 *
 * Returns: (transfer full) (nullable): the listing, or %NULL (with a
 *   critical warning) when the resources lack it
 */
PlCodeListing *
pl_code_listing_load (PlMode mode)
{
  return pl_code_listing_load_named (mode == PL_MODE_BUSY_WAIT ? "busy-wait.py" : "blocking.py");
}

/**
 * pl_code_listing_load_named:
 * @name: a listing's resource name, from pl_code_listing_name()
 *
 * Returns: (transfer full) (nullable): the listing, or %NULL (with a
 *   critical warning) when the resources lack it
 */
PlCodeListing *
pl_code_listing_load_named (const gchar *name)
{
  g_autofree gchar *path = g_strconcat (RESOURCE_DIR, name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) raw = NULL;
  g_autofree gchar *text = NULL;
  PlCodeListing *listing;
  gsize size;

  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      g_critical ("Could not read the listing %s: %s", path, error->message);
      return NULL;
    }

  text = g_strndup (g_bytes_get_data (bytes, &size), g_bytes_get_size (bytes));
  raw = g_strsplit (text, "\n", -1);

  listing = g_new0 (PlCodeListing, 1);
  listing->lines = g_ptr_array_new_with_free_func (line_free);

  for (guint i = 0; raw[i] != NULL; i++)
    {
      gchar *tag;
      Line *line;

      if (g_str_has_prefix (raw[i], "# SPDX-License-Identifier:"))
        continue;
      if (raw[i + 1] == NULL && raw[i][0] == '\0')
        break;

      tag = strstr (raw[i], "#@");
      if (tag != NULL)
        {
          const gchar *tag_name = g_strstrip (tag + 2);
          gboolean known = FALSE;

          for (guint m = PL_CODE_MARK_NONE + 1; m < PL_CODE_N_MARKS; m++)
            if (g_str_equal (mark_names[m], tag_name))
              {
                listing->marks[m] = listing->lines->len + 1;
                known = TRUE;
              }
          if (!known)
            g_warning ("Listing %s: unknown line tag “%s”", path, tag_name);
          *tag = '\0';
          g_strchomp (raw[i]);
        }

      line = g_new0 (Line, 1);
      line->text = translate_comment (raw[i]);
      line->spans = g_array_new (FALSE, FALSE, sizeof (PlCodeSpan));
      tokenize (line);
      g_ptr_array_add (listing->lines, line);
    }

  return listing;
}


guint
pl_code_listing_get_n_lines (PlCodeListing *listing)
{
  g_return_val_if_fail (listing != NULL, 0);

  return listing->lines->len;
}

/**
 * pl_code_listing_get_line:
 * @listing: a listing
 * @line: a line number, from 1
 * @spans: (out) (optional) (array length=n_spans): the line's coloured spans
 * @n_spans: (out) (optional): how many
 *
 * Returns: (nullable): the line's text, with its comment translated
 */
const gchar *
pl_code_listing_get_line (PlCodeListing     *listing,
                          guint              line,
                          const PlCodeSpan **spans,
                          guint             *n_spans)
{
  const Line *entry;

  g_return_val_if_fail (listing != NULL, NULL);

  if (line == 0 || line > listing->lines->len)
    return NULL;

  entry = g_ptr_array_index (listing->lines, line - 1);
  if (spans != NULL)
    *spans = (const PlCodeSpan *) (gpointer) entry->spans->data;
  if (n_spans != NULL)
    *n_spans = entry->spans->len;

  return entry->text;
}

/**
 * pl_code_listing_get_mark_line:
 * @listing: a listing
 * @mark: a mark
 *
 * Returns: the line with that mark, from 1, or 0 when the listing has none
 */
guint
pl_code_listing_get_mark_line (PlCodeListing *listing,
                               PlCodeMark     mark)
{
  g_return_val_if_fail (listing != NULL, 0);
  g_return_val_if_fail (mark < PL_CODE_N_MARKS, 0);

  return mark == PL_CODE_MARK_NONE ? 0 : listing->marks[mark];
}
