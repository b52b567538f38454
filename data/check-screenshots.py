#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every screenshot the AppStream metadata names is a real file in docs/,
# made by the program's own --screenshot command, with the size it claims.
# Usage: check-screenshots.py METAINFO DOCSDIR

import os
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

    for failure in failures:
        print(f'FAIL: {failure}', file=sys.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
