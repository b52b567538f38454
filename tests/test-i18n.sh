#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks one message catalogue in po/.
#
#   test-i18n.sh complete SOURCE_ROOT LANG
#     Extracts a template afresh from the files in po/POTFILES.in, merges
#     po/LANG.po with it in a scratch folder, and fails when any message is
#     left untranslated or fuzzy, naming each one. So a new English string
#     fails here until it is translated, whether or not anyone refreshed the
#     catalogue.
#   test-i18n.sh format SOURCE_ROOT LANG
#     Compiles po/LANG.po the strict way: format directives, plural forms,
#     keyboard accelerators and the header must all agree with the English.
#
# Without the gettext tools the check is skipped (exit status 77).
set -eu

check=${1:?usage: test-i18n.sh complete|format SOURCE_ROOT LANG}
srcroot=${2:?usage: test-i18n.sh complete|format SOURCE_ROOT LANG}
lang=${3:?usage: test-i18n.sh complete|format SOURCE_ROOT LANG}

cd "$srcroot"
po=po/$lang.po

if [ ! -f "$po" ]; then
  echo "$po: not found, although po/LINGUAS lists $lang" >&2
  exit 1
fi

for tool in xgettext msgmerge msgattrib msgfmt; do
  if ! command -v "$tool" > /dev/null 2>&1; then
    echo "$tool not found: check skipped"
    exit 77
  fi
done

tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT

# Prints the messages of a catalogue, one "msgid" (and "msgctxt") line each.
list_messages () {
  grep -E '^(msgctxt|msgid) ' "$1" | grep -vx 'msgid ""' | sed 's/^/  /' || true
}

case $check in
  complete)
    # The same extraction as meson's "glib" gettext preset, which builds the
    # template for the pipeline-lab-pot target.
    xgettext --package-name=pipeline-lab -f po/POTFILES.in -D . -k_ \
      --from-code=UTF-8 --add-comments \
      --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
      --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 \
      --keyword=g_dpgettext2:2c,3 \
      --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format \
      --flag=NC_:2:pass-c-format --flag=g_dngettext:2:pass-c-format \
      --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format \
      --flag=g_string_append_printf:2:c-format --flag=g_error_new:3:c-format \
      --flag=g_set_error:4:c-format --flag=g_markup_printf_escaped:1:c-format \
      --flag=g_log:3:c-format --flag=g_print:1:c-format \
      --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
      --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format \
      --flag=g_snprintf:3:c-format \
      -o "$tmpdir/fresh.pot" 2> "$tmpdir/xgettext.log" || {
        cat "$tmpdir/xgettext.log" >&2
        echo "the string extractor failed on the files in po/POTFILES.in" >&2
        exit 1
      }

    total=$(grep -c '^msgid ' "$tmpdir/fresh.pot" || true)
    if [ "$total" -lt 2 ]; then
      echo "the fresh template holds no messages: is po/POTFILES.in empty?" >&2
      exit 1
    fi

    msgmerge --quiet --no-wrap "$po" "$tmpdir/fresh.pot" -o "$tmpdir/merged.po"
    msgattrib --untranslated --no-obsolete --no-wrap --no-location \
      "$tmpdir/merged.po" > "$tmpdir/untranslated.po"
    msgattrib --only-fuzzy --no-obsolete --no-wrap --no-location \
      "$tmpdir/merged.po" > "$tmpdir/fuzzy.po"

    untranslated=$(list_messages "$tmpdir/untranslated.po")
    fuzzy=$(list_messages "$tmpdir/fuzzy.po")
    status=0
    if [ -n "$untranslated" ]; then
      echo "$po lacks a translation for these messages of the current sources:" >&2
      echo "$untranslated" >&2
      status=1
    fi
    if [ -n "$fuzzy" ]; then
      echo "$po has only a fuzzy (unchecked) translation for these messages:" >&2
      echo "$fuzzy" >&2
      status=1
    fi
    if [ "$status" -ne 0 ]; then
      echo "Refresh it with: meson compile -C BUILDDIR pipeline-lab-update-po," >&2
      echo "then translate the messages above and remove their fuzzy flags." >&2
      exit "$status"
    fi
    echo "$po translates all $((total - 1)) messages of the current sources"
    ;;

  format)
    msgfmt --check --check-accelerators=_ --statistics \
      -o "$tmpdir/$lang.mo" "$po"

    # Korean, like the other languages without grammatical number, has one
    # plural form; a wrong header would pick a missing msgstr[1].
    if [ "$lang" = ko ] &&
       ! grep -qF '"Plural-Forms: nplurals=1; plural=0;\n"' "$po"; then
      echo "$po: the header must say Plural-Forms: nplurals=1; plural=0;" >&2
      exit 1
    fi
    if ! grep -qF "\"Language: $lang\\n\"" "$po"; then
      echo "$po: the header must say Language: $lang" >&2
      exit 1
    fi
    ;;

  *)
    echo "test-i18n.sh: unknown check $check (complete or format)" >&2
    exit 2
    ;;
esac
