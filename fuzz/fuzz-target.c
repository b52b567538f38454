/* fuzz-target.c: one parser under libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built once for each parser, with PL_FUZZ_TARGET naming the function of
 * pl-fuzz-common.h that feeds it: pl_fuzz_options (the command line, each
 * input split on NUL and newline bytes into arguments), pl_fuzz_scenario
 * (scenario files) or pl_fuzz_recording (the recording reader).
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "pl-fuzz-common.h"

#ifndef PL_FUZZ_TARGET
# error "PL_FUZZ_TARGET names the parser to fuzz (see fuzz/meson.build)"
#endif

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  pl_fuzz_init ();

  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  PL_FUZZ_TARGET (data, size);

  return 0;
}
