/* pl-sysinfo.c: CPU time and memory, per thread and per process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pl-sysinfo.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#ifdef __linux__
# include <sys/syscall.h>
#endif

static gint64
timespec_to_ns (const struct timespec *ts)
{
  return (gint64) ts->tv_sec * G_GINT64_CONSTANT (1000000000) + ts->tv_nsec;
}

gint
pl_sysinfo_thread_id (void)
{
#if defined(__linux__) && defined(SYS_gettid)
  return (gint) syscall (SYS_gettid);
#else
  return 0;
#endif
}

gint64
pl_sysinfo_thread_cpu_ns (gint tid)
{
#ifdef __linux__
  struct timespec ts;
  /* The kernel's encoding of a per-thread CPU clock (CPUCLOCK_SCHED on a
   * thread), the same value pthread_getcpuclockid () builds. Going through
   * the id lets the sampler read a thread it holds no pthread_t for, and a
   * thread that has gone simply yields EINVAL. */
  clockid_t clock = (clockid_t) (((unsigned int) ~tid) << 3 | 6);

  if (tid <= 0)
    return -1;
  if (clock_gettime (clock, &ts) != 0)
    return -1;

  return timespec_to_ns (&ts);
#else
  return -1;
#endif
}

gint64
pl_sysinfo_current_thread_cpu_ns (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;

  return timespec_to_ns (&ts);
}

gint64
pl_sysinfo_process_cpu_ns (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
    return 0;

  return timespec_to_ns (&ts);
}

gsize
pl_sysinfo_rss_bytes (void)
{
#ifdef __linux__
  FILE *file;
  unsigned long size = 0;
  unsigned long resident = 0;
  long page_size;
  int n;

  file = fopen ("/proc/self/statm", "re");
  if (file == NULL)
    return 0;
  n = fscanf (file, "%lu %lu", &size, &resident);
  fclose (file);

  page_size = sysconf (_SC_PAGESIZE);
  if (n != 2 || page_size <= 0)
    return 0;

  return (gsize) resident * (gsize) page_size;
#else
  return 0;
#endif
}
