#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what building and testing Pipeline Lab needs on Debian 12, and
# returns at once when all of it is already there. Runs as root, or through
# sudo otherwise. Set PL_NO_DEPS=1 to skip this step (for example offline, on
# a machine prepared by hand).
set -eu

# Build: compiler, meson, the libraries. Translations and data checks:
# gettext, desktop-file-utils, appstream, libglib2.0-bin. Window tests without
# a screen: xvfb, xauth, dbus. The live tests, which drive the real window
# and read it back through the accessibility tree: xdotool, at-spi2-core,
# python3-pyatspi (for the system python3), imagemagick for their
# screenshots. Model checking: spin. Fuzzing: clang.
# Test summaries: python3. Hangul glyphs for the Korean translation, in the
# window and in its screenshots: fonts-nanum (a tenth the size of Noto CJK).
packages="
  meson ninja-build pkg-config gcc libc6-dev
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libjson-glib-dev
  gettext desktop-file-utils appstream
  xvfb xauth dbus
  xdotool at-spi2-core python3-pyatspi imagemagick
  spin clang python3
  fonts-nanum
"

if [ "${PL_NO_DEPS:-0}" = 1 ]; then
  exit 0
fi

if ! command -v dpkg-query > /dev/null 2>&1 || ! command -v apt-get > /dev/null 2>&1; then
  echo "deps.sh: not a Debian system; make sure these are installed:" $packages >&2
  exit 0
fi

missing=
for package in $packages; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2> /dev/null || true)
  case $status in
    ii*) ;;
    *) missing="$missing $package" ;;
  esac
done

if [ -z "$missing" ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=
elif command -v sudo > /dev/null 2>&1; then
  as_root="sudo"
else
  echo "deps.sh: missing packages:$missing; run as root or install sudo" >&2
  exit 1
fi

echo "deps.sh: installing$missing" >&2
$as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q < /dev/null
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing < /dev/null
