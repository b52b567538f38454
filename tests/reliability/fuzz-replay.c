/* fuzz-replay.c: every input that once broke a parser, fed to it again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: fuzz-replay DIR...
 *
 * Each file of each folder goes through every fuzzed parser, the command
 * line, the scenario file and the recording, with the checks the fuzzers
 * make; a broken promise aborts. The folders are tests/reliability/fuzz-regressions (what
 * the fuzzers found) and the fuzzers' seed corpora.
 */

#include "config.h"

#include <locale.h>

#include "pl-fuzz-common.h"

static void
test_replay (gconstpointer data)
{
  const gchar *path = data;
  g_autofree gchar *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("%s", error->message);

  pl_fuzz_options ((const guint8 *) contents, length);
  pl_fuzz_scenario ((const guint8 *) contents, length);
  pl_fuzz_recording ((const guint8 *) contents, length);
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const gchar *const *) a, *(const gchar *const *) b);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  for (gint i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) dir = g_dir_open (argv[i], 0, &error);
      g_autofree gchar *folder = g_path_get_basename (argv[i]);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const gchar *name;

      if (dir == NULL)
        g_error ("%s", error->message);

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          if (!g_str_has_prefix (name, "README") && name[0] != '.')
            g_ptr_array_add (names, g_strdup (name));
        }
      g_ptr_array_sort (names, compare_names);

      for (guint n = 0; n < names->len; n++)
        {
          const gchar *file = g_ptr_array_index (names, n);
          g_autofree gchar *test_path = g_strdup_printf ("/pl/fuzz-replay/%s/%s", folder, file);
          gchar *path = g_build_filename (argv[i], file, NULL);

          g_ptr_array_add (paths, path);
          g_test_add_data_func (test_path, path, test_replay);
        }
    }

  return g_test_run ();
}
