#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every screenshot the AppStream metadata names is a real file in docs/,
# made by the program's own --screenshot command, with the size it claims.
# Every picture the README shows is a PNG in docs/, every picture in docs/
# is shown there, and build-aux/screenshots.sh makes each of them.
# Usage: check-screenshots.py METAINFO DOCSDIR

import os
import re
import struct
import sys
import xml.etree.ElementTree as ElementTree

URL_PREFIX = 'https://raw.githubusercontent.com/pipelinelab/pipeline-lab/main/docs/'


def png_size(path):
    with open(path, 'rb') as png:
        header = png.read(24)
    if header[:8] != b'\x89PNG\r\n\x1a\n' or header[12:16] != b'IHDR':
        raise ValueError('not a PNG file')
    return struct.unpack('>II', header[16:24])


def check_readme(docs):
    root = os.path.dirname(os.path.abspath(docs))
    failures = []
    with open(os.path.join(root, 'README.md'), encoding='utf-8') as readme:
        shown = set(re.findall(r'\]\(docs/([^)/]+\.png)\)', readme.read()))
    with open(os.path.join(root, 'build-aux', 'screenshots.sh'), encoding='utf-8') as script:
        made = script.read()
    present = {name for name in os.listdir(docs) if name.endswith('.png')}

    for name in sorted(shown - present):
        failures.append(f'README.md shows docs/{name}, which does not exist')
    for name in sorted(present - shown):
        failures.append(f'docs/{name} is shown nowhere in README.md')
    for name in sorted(present & shown):
        path = os.path.join(docs, name)
        stem = name[:-len('.png')]
        if not re.search(r'(^|\s)shot ' + re.escape(stem) + r'\s|docs/' + re.escape(name), made, re.M):
            failures.append(f'{path}: build-aux/screenshots.sh does not make it')
            continue
        try:
            width, height = png_size(path)
        except (OSError, ValueError) as error:
            failures.append(f'{path}: {error}')
            continue
        print(f'ok: {path} {width}x{height}, in README.md')

    return failures


def main():
    metainfo, docs = sys.argv[1], sys.argv[2]
    screenshots = ElementTree.parse(metainfo).getroot().findall('screenshots/screenshot')
    failures = []

    if not screenshots:
        failures.append('no screenshots listed')
    for screenshot in screenshots:
        if not (screenshot.findtext('caption') or '').strip():
            failures.append('a screenshot has no caption')
        for image in screenshot.findall('image'):
            url = (image.text or '').strip()
            if not url.startswith(URL_PREFIX):
                failures.append(f'{url}: not under {URL_PREFIX}')
                continue
            path = os.path.join(docs, url[len(URL_PREFIX):])
            try:
                width, height = png_size(path)
            except (OSError, ValueError) as error:
                failures.append(f'{path}: {error}')
                continue
            claimed = (int(image.get('width', 0)), int(image.get('height', 0)))
            if claimed != (width, height):
                failures.append(f'{path}: {width}x{height}, but the metadata says '
                                f'{claimed[0]}x{claimed[1]}')
            else:
                print(f'ok: {path} {width}x{height}')

    failures += check_readme(docs)

    for failure in failures:
        print(f'FAIL: {failure}', file=sys.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
