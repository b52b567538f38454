/* pl-fuzz-common.h: what the fuzz targets and their regression replay feed the parsers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Makes every warning and critical abort, so that a fuzzer keeps the input
 * that caused it. The fuzz targets call it once, before the first input. */
void     pl_fuzz_init           (void);

/*
 * Splits @data on NUL and newline bytes into an argv led by the program's
 * name. Returns NULL for inputs that would leave the process (--help and
 * its short forms print and exit) or read a file (--scenario): those are not
 * the parser's bugs to find, and a fuzzer must stay in memory.
 */
gchar  **pl_fuzz_make_argv      (const guint8 *data,
                                 gsize         size);

/* Each feeds one input to one parser and aborts on a broken promise: a
 * failure without an error message, a multi-line message, a config that
 * changed on error, or a saved scenario that does not load back the same. */
void     pl_fuzz_options        (const guint8 *data,
                                 gsize         size);
void     pl_fuzz_scenario       (const guint8 *data,
                                 gsize         size);
/* The recording reader: a refusal must be one line; what loads must read
 * back whole, sample by sample, within a small memory bound. */
void     pl_fuzz_recording      (const guint8 *data,
                                 gsize         size);

G_END_DECLS
