#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `meson install` into a scratch DESTDIR, then checks that every file a
# desktop needs is there and valid, and that the installed program runs.
# Usage: tests/test-install.sh SOURCEDIR BUILDDIR
set -eu

srcdir=${1:?usage: test-install.sh SOURCEDIR BUILDDIR}
builddir=${2:?usage: test-install.sh SOURCEDIR BUILDDIR}
app_id=io.github.pipelinelab.PipelineLab

scratch=$(mktemp -d "${TMPDIR:-/tmp}/pipeline-lab-install.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM

fail () {
  echo "FAIL: $*" >&2
  exit 1
}

meson install -C "$builddir" --no-rebuild --quiet --destdir "$scratch" >"$scratch/install.log" 2>&1 ||
  { cat "$scratch/install.log" >&2; fail "meson install"; }

# The prefix the build was configured with, under the scratch root.
prefix=$(meson introspect "$builddir" --buildoptions |
         python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
root=$scratch$prefix
bin=$root/bin/pipeline-lab
share=$root/share

for file in \
  "$bin" \
  "$share/applications/$app_id.desktop" \
  "$share/metainfo/$app_id.metainfo.xml" \
  "$share/icons/hicolor/scalable/apps/$app_id.svg" \
  "$share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg" \
  "$share/glib-2.0/schemas/$app_id.gschema.xml"
do
  [ -s "$file" ] || fail "not installed: ${file#"$scratch"}"
done
[ -x "$bin" ] || fail "the installed program is not executable"

# Every language in po/LINGUAS has its catalogue installed.
for lang in $(grep -v '^#' "$srcdir/po/LINGUAS"); do
  [ -s "$share/locale/$lang/LC_MESSAGES/pipeline-lab.mo" ] ||
    fail "no installed catalogue for $lang"
done

# The installed data is valid as installed, not only in the tree.
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$share/applications/$app_id.desktop" || fail "desktop file"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net --strict "$share/metainfo/$app_id.metainfo.xml" >/dev/null ||
    fail "metainfo"
fi

# A DESTDIR install skips the post-install steps; compile the schema the
# way a package's trigger would.
glib-compile-schemas --strict "$share/glib-2.0/schemas" || fail "schema compile"
[ -s "$share/glib-2.0/schemas/gschemas.compiled" ] || fail "no compiled schema"

version=$("$bin" --version) || fail "--version exited with $?"
case $version in
  "pipeline-lab "[0-9]*) ;;
  *) fail "--version printed \"$version\"" ;;
esac

report=$(GSETTINGS_SCHEMA_DIR="$share/glib-2.0/schemas" \
         "$bin" --headless --preset=closable --items=40 --report=json) ||
  fail "--headless exited with $?"
echo "$report" | python3 -c '
import json, sys
report = json.load(sys.stdin)
assert report["items"] == 40, report["items"]
assert report["processed"] == 40, report["processed"]
assert report["workers_cancelled"] == 0, report["workers_cancelled"]
' || fail "the headless report is wrong: $report"

# The installed catalogues are the ones the program reads: with each
# language asked for, --help differs from what it prints with no catalogue
# of the program's own at hand (GLib's own words are translated either way).
mkdir "$scratch/no-catalogues"
for lang in $(grep -v '^#' "$srcdir/po/LINGUAS"); do
  translated=$(LANGUAGE=$lang LC_ALL=C.UTF-8 PL_LOCALEDIR="$share/locale" "$bin" --help) ||
    fail "--help with LANGUAGE=$lang exited with $?"
  untranslated=$(LANGUAGE=$lang LC_ALL=C.UTF-8 PL_LOCALEDIR="$scratch/no-catalogues" "$bin" --help)
  [ "$translated" != "$untranslated" ] ||
    fail "--help with LANGUAGE=$lang does not use the installed catalogue"
done

# Bad input still gets exit status 2 from the installed program.
status=0
"$bin" --items=zero >/dev/null 2>&1 || status=$?
[ "$status" -eq 2 ] || fail "--items=zero exited with $status, not 2"

echo "ok: installed into $prefix and ran $version"
