/* test-format.c: a user's text in a message, and text measured in cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib.h>

#include "pl-format.h"

static void
assert_user_text (const gchar *text,
                  const gchar *expected)
{
  g_autofree gchar *quoted = pl_format_user_text (text);

  g_assert_cmpstr (quoted, ==, expected);
}

static void
test_user_text_plain (void)
{
  assert_user_text ("abc", "\"abc\"");
  assert_user_text ("", "\"\"");
  assert_user_text (NULL, "\"\"");
  /* Letters beyond ASCII are the user's text, not escaped. */
  assert_user_text ("입력 큐", "\"입력 큐\"");
}

/* A message stays on one line, whatever the user typed. */
static void
test_user_text_control (void)
{
  assert_user_text ("a\nb", "\"a\\x0ab\"");
  assert_user_text ("\t\r\x1b[31m", "\"\\x09\\x0d\\x1b[31m\"");
  assert_user_text ("x\x7f", "\"x\\x7f\"");
  /* Quotes inside cannot end the quoted text early. */
  assert_user_text ("say \"hi\" \\o/", "\"say \\\"hi\\\" \\\\o/\"");
}

/* Cut after 48 characters, counted as characters, not bytes. */
static void
test_user_text_long (void)
{
  g_autoptr(GString) exact = g_string_new (NULL);
  g_autoptr(GString) longer = NULL;
  g_autofree gchar *expected_exact = NULL;
  g_autofree gchar *expected_cut = NULL;

  for (guint i = 0; i < 48; i++)
    g_string_append (exact, "é");
  longer = g_string_new (exact->str);
  g_string_append (longer, "éé");

  expected_exact = g_strdup_printf ("\"%s\"", exact->str);
  expected_cut = g_strdup_printf ("\"%s…\"", exact->str);
  assert_user_text (exact->str, expected_exact);
  assert_user_text (longer->str, expected_cut);
}

/* Bytes that are not UTF-8 would break the message; they are not shown. */
static void
test_user_text_not_utf8 (void)
{
  assert_user_text ("\377\376", "\"(not UTF-8)\"");
  assert_user_text ("ok\303", "\"(not UTF-8)\"");
}

/* Without quotes, for text the message sets apart in another way. */
static void
test_escaped_text (void)
{
  g_autofree gchar *plain = pl_format_escaped_text ("a \"b\"\nc", G_MAXUINT);
  g_autofree gchar *cut = pl_format_escaped_text ("abcdef", 3);
  g_autofree gchar *bad = pl_format_escaped_text ("\377", G_MAXUINT);
  g_autofree gchar *none = pl_format_escaped_text (NULL, 3);

  g_assert_cmpstr (plain, ==, "a \"b\"\\x0ac");
  g_assert_cmpstr (cut, ==, "abc…");
  g_assert_cmpstr (bad, ==, "(not UTF-8)");
  g_assert_cmpstr (none, ==, "");
}

/* Terminal cells: wide letters take two, combining marks none. */
static void
test_text_cells (void)
{
  g_assert_cmpuint (pl_format_text_cells (""), ==, 0);
  g_assert_cmpuint (pl_format_text_cells ("Stage"), ==, 5);
  g_assert_cmpuint (pl_format_text_cells ("단계"), ==, 4);
  g_assert_cmpuint (pl_format_text_cells ("e\u0301"), ==, 1);
  g_assert_cmpuint (pl_format_text_cells ("입력 → done"), ==, 11);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pl/format/user-text/plain", test_user_text_plain);
  g_test_add_func ("/pl/format/user-text/control", test_user_text_control);
  g_test_add_func ("/pl/format/user-text/long", test_user_text_long);
  g_test_add_func ("/pl/format/user-text/not-utf8", test_user_text_not_utf8);
  g_test_add_func ("/pl/format/escaped-text", test_escaped_text);
  g_test_add_func ("/pl/format/text-cells", test_text_cells);

  return g_test_run ();
}
