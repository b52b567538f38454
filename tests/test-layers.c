/* test-layers.c: the engine and the scene library are compiled without
 * GTK's headers in reach, read from the build's own compile commands
 *
 * meson setup already refuses dependencies that would reach them
 * (core/meson.build, ui/scene/meson.build); this checks the commands the
 * build really runs, whatever added them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

typedef struct
{
  const gchar        *folder;     /* sources in this folder of the tree */
  const gchar *const *forbidden;  /* include folders their commands must not name */
  guint               at_least;   /* so that the check cannot pass on nothing */
} Layer;

static const gchar *const engine_forbidden[] = { "/gtk-4.0", "/include/cairo", NULL };
static const gchar *const scene_forbidden[] = { "/gtk-4.0", NULL };

static const Layer engine = { "core/", engine_forbidden, 10 };
static const Layer scene = { "ui/scene/", scene_forbidden, 9 };

/* Whether the command puts a folder ending in `forbidden` on the include
 * path, as -I/usr/include/gtk-4.0 or -isystem /usr/include/gtk-4.0. */
static gboolean
names_include_folder (const gchar *command,
                      const gchar *forbidden)
{
  g_auto(GStrv) words = g_strsplit (command, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      const gchar *folder = NULL;

      if (g_str_has_prefix (words[i], "-I"))
        folder = words[i] + 2;
      else if (g_str_equal (words[i], "-isystem") && words[i + 1] != NULL)
        folder = words[i + 1];
      else if (g_str_has_prefix (words[i], "-isystem"))
        folder = words[i] + strlen ("-isystem");

      if (folder != NULL && g_str_has_suffix (folder, forbidden))
        return TRUE;
    }

  return FALSE;
}

static void
test_layer (gconstpointer data)
{
  const Layer *layer = data;
  g_autofree gchar *path = g_build_filename (g_getenv ("PL_BUILD_ROOT"), "compile_commands.json", NULL);
  g_autofree gchar *source_root = g_canonicalize_filename (g_getenv ("PL_SOURCE_ROOT"), NULL);
  g_autofree gchar *folder = g_build_filename (source_root, layer->folder, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *commands;
  guint checked = 0;

  g_assert_nonnull (g_getenv ("PL_BUILD_ROOT"));
  g_assert_nonnull (g_getenv ("PL_SOURCE_ROOT"));
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  commands = json_node_get_array (json_parser_get_root (parser));

  for (guint i = 0; i < json_array_get_length (commands); i++)
    {
      JsonObject *entry = json_array_get_object_element (commands, i);
      const gchar *directory = json_object_get_string_member (entry, "directory");
      const gchar *file = json_object_get_string_member (entry, "file");
      const gchar *command = json_object_get_string_member_with_default (entry, "command", NULL);
      g_autofree gchar *source = g_canonicalize_filename (file, directory);

      /* Sources of the layer itself, not the tests in the tree below it. */
      if (!g_str_has_prefix (source, folder) || strchr (source + strlen (folder), '/') != NULL)
        continue;
      g_assert_nonnull (command);
      for (guint f = 0; layer->forbidden[f] != NULL; f++)
        if (names_include_folder (command, layer->forbidden[f]))
          g_error ("%s is compiled with a folder ending in %s on its include path: %s",
                   source, layer->forbidden[f], command);
      checked++;
    }

  g_test_message ("%u compile commands in %s checked", checked, layer->folder);
  g_assert_cmpuint (checked, >=, layer->at_least);
}

/* The check itself: it sees an include folder however it is given. */
static void
test_names_include_folder (void)
{
  g_assert_true (names_include_folder ("cc -I/usr/include/gtk-4.0 -c a.c", "/gtk-4.0"));
  g_assert_true (names_include_folder ("cc -isystem /usr/include/gtk-4.0 -c a.c", "/gtk-4.0"));
  g_assert_true (names_include_folder ("cc -isystem/usr/include/gtk-4.0 -c a.c", "/gtk-4.0"));
  g_assert_true (names_include_folder ("cc -I/usr/include/cairo -c a.c", "/include/cairo"));
  g_assert_false (names_include_folder ("cc -I/usr/include/pango-1.0 -c a.c", "/gtk-4.0"));
  g_assert_false (names_include_folder ("cc -DNAME=/gtk-4.0 -c a.c", "/gtk-4.0"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pl/layers/check-reads-include-folders", test_names_include_folder);
  g_test_add_data_func ("/pl/layers/engine-without-cairo-or-gtk", &engine, test_layer);
  g_test_add_data_func ("/pl/layers/scene-without-gtk", &scene, test_layer);

  return g_test_run ();
}
