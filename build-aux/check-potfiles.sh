#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Keeps po/POTFILES.in honest: every listed file exists, every source file
# that marks strings for translation is listed, and the string extractor
# accepts the whole list. A string in an unlisted file would silently never
# reach translators.
#
# Usage: check-potfiles.sh SOURCE_ROOT
set -eu

srcroot=${1:?usage: check-potfiles.sh SOURCE_ROOT}
cd "$srcroot"

potfiles=po/POTFILES.in
if [ ! -f "$potfiles" ]; then
  echo "$potfiles: not found" >&2
  exit 1
fi

tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT

# The list without comments, blank lines or "[type: …]" prefixes.
sed -e 's/#.*//' -e 's/^\[[^]]*\]//' -e 's/[[:space:]]*$//' -e '/^$/d' \
  "$potfiles" | sort -u > "$tmpdir/listed"

status=0

while IFS= read -r path; do
  if [ ! -f "$path" ]; then
    echo "$potfiles lists $path, which does not exist" >&2
    status=1
  fi
done < "$tmpdir/listed"

# Sources that call the gettext macros or hold translatable template text.
for dir in core app ui data; do
  [ -d "$dir" ] || continue
  find "$dir" -type f \( -name '*.c' -o -name '*.h' -o -name '*.ui' \) -print
done | sort > "$tmpdir/sources"

while IFS= read -r path; do
  if grep -qE '(^|[^A-Za-z0-9_])(N?C?_|g_dngettext|g_dpgettext2|ngettext)[[:space:]]*\(|translatable="(yes|true)"' "$path"; then
    if ! grep -qxF "$path" "$tmpdir/listed"; then
      echo "$path marks strings for translation but is missing from $potfiles" >&2
      status=1
    fi
  fi
done < "$tmpdir/sources"

# Catches malformed markup and format strings the way the catalogue update
# would, without writing into the source tree.
if command -v xgettext > /dev/null 2>&1; then
  if [ "$status" -eq 0 ]; then
    if ! xgettext --from-code=UTF-8 --add-comments \
         --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
         --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
         --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format \
         --flag=NC_:2:pass-c-format --flag=g_dngettext:2:pass-c-format \
         --flag=g_strdup_printf:1:c-format --flag=g_set_error:4:c-format \
         --flag=g_printerr:1:c-format --flag=g_print:1:c-format \
         --directory=. --files-from="$tmpdir/listed" \
         --output="$tmpdir/check.pot"; then
      echo "the string extractor rejected a file listed in $potfiles" >&2
      status=1
    fi
  fi
else
  echo "xgettext not found: the extraction check was skipped" >&2
fi

if [ "$status" -eq 0 ]; then
  echo "$(wc -l < "$tmpdir/listed" | tr -d ' ') files listed, all present and extractable"
fi
exit "$status"
