/* pl-mnemonic.c: labels without their mnemonics, for screen readers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pl-mnemonic.h"

/**
 * pl_strip_mnemonic:
 * @label: a label with a mnemonic, such as "_Start", or "시작(_S)" as
 *   translations write it
 *
 * Returns: (transfer full): the label as a screen reader should say it:
 *   "Start", "시작"; a doubled underscore stands for one
 */
gchar *
pl_strip_mnemonic (const gchar *label)
{
  GString *text = g_string_new (NULL);

  for (const gchar *p = label; p != NULL && *p != '\0'; p++)
    {
      if (p[0] == '(' && p[1] == '_' && p[2] != '\0' && p[3] == ')')
        {
          p += 3;
          continue;
        }
      if (p[0] == '_' && p[1] == '_')
        p++;
      else if (p[0] == '_')
        continue;
      g_string_append_c (text, *p);
    }

  return g_strstrip (g_string_free (text, FALSE));
}

static void
name_one (GtkWidget   *widget,
          const gchar *name)
{
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

/**
 * pl_name_accessible:
 * @widget: a button, menu button or drop-down
 * @label: its label, mnemonic and all
 *
 * Gives @widget one accessible name. GTK names a button by its label
 * property, raw mnemonic included, and then by the widgets that label it
 * (its label child; for the button inside a menu button or a drop-down,
 * the outer widget): "B_usy-wait Busy-wait", or a class name such as
 * "GtkImage" when the button shows an icon.
 */
void
pl_name_accessible (GtkWidget   *widget,
                    const gchar *label)
{
  g_autofree gchar *name = pl_strip_mnemonic (label);
  GtkWidget *inner = gtk_widget_get_first_child (widget);

  name_one (widget, name);
  /* Announced through the toggle button inside them. */
  if ((GTK_IS_MENU_BUTTON (widget) || GTK_IS_DROP_DOWN (widget)) && GTK_IS_BUTTON (inner))
    name_one (inner, name);
}
