#!/usr/bin/env python3
# test-design-doc.py: docs/DESIGN.md names functions that exist
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The section "The path of one sample" is a numbered list, one hop per
# item, each naming its function and the file that defines it. This checks
# that the path has at most MAX_HOPS hops, that each hop's function is
# defined in the file named with it, and that every other function the
# section names is defined somewhere in core/, ui/ or app/. A rename or a
# move that leaves the document behind fails here. Output is TAP.
#
# Usage: test-design-doc.py SOURCE_ROOT

import pathlib
import re
import sys

MAX_HOPS = 7
SECTION = "## The path of one sample"
FUNCTION = re.compile(r"`([A-Za-z_][A-Za-z0-9_]*)\(\)`")
SOURCE_FILE = re.compile(r"`((?:core|ui|app)/[A-Za-z0-9_./-]+\.c)`")


def defines(path, name):
    """Whether @path holds the definition of @name, in GNU style: the
    function's name at the start of a line, then its parameters."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return False
    return re.search(r"^" + re.escape(name) + r"\s*\(", text, re.MULTILINE) is not None


def section_text(document):
    start = document.find(SECTION + "\n")
    if start < 0:
        return None
    end = document.find("\n## ", start + len(SECTION))
    return document[start:end if end >= 0 else len(document)]


def hops_of(section):
    """The numbered items, each joined into one line."""
    items = []
    for line in section.splitlines():
        if re.match(r"^\d+\. ", line):
            items.append(line)
        elif items and line.startswith("   ") and line.strip():
            items[-1] += " " + line.strip()
    return items


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    sources = [p for folder in ("core", "ui", "app") for p in sorted((root / folder).rglob("*.c"))]
    results = []

    document = (root / "docs" / "DESIGN.md").read_text(encoding="utf-8")
    section = section_text(document)
    if section is None:
        print("1..1")
        print(f"not ok 1 - docs/DESIGN.md has a section “{SECTION[3:]}”")
        return 1

    hops = hops_of(section)
    results.append((1 <= len(hops) <= MAX_HOPS,
                    f"the sample path has {len(hops)} hops, at least 1 and at most {MAX_HOPS}"))

    on_path = set()
    for number, item in enumerate(hops, 1):
        function = FUNCTION.search(item)
        source = SOURCE_FILE.search(item)
        if function is None or source is None:
            results.append((False, f"hop {number} names its function and its file: {item[:60]}…"))
            continue
        name, path = function.group(1), source.group(1)
        on_path.add(name)
        results.append((defines(root / path, name), f"hop {number}: {name}() is defined in {path}"))

    for name in sorted(set(FUNCTION.findall(section)) - on_path):
        found = [p for p in sources if defines(p, name)]
        results.append((len(found) > 0, f"{name}() named on the sample path is defined in core/, ui/ or app/"))

    print(f"1..{len(results)}")
    for number, (passed, what) in enumerate(results, 1):
        print(f"{'ok' if passed else 'not ok'} {number} - {what}")

    return 0 if all(passed for passed, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
