#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The reference point for the benchmark table: the same three-stage,
zero-delay pipeline as `pipeline-lab-bench throughput`, built from
Python's queue.Queue with threads.

A feeder thread puts N items into the first bounded queue; each stage
thread moves items from its queue to the next; the last stage puts into an
unbounded done queue. A sentinel travels down the line to stop the stages.
Prints one line: `items_per_s=<rate> seconds=<wall time> python=<version>`.
"""

import argparse
import platform
import queue
import threading
import time

END = object()


def stage(source, target):
    while True:
        item = source.get()
        if item is END:
            target.put(END)
            source.task_done()
            return
        item[1] += 1  # the stage index, as the engine's items record it
        target.put(item)
        source.task_done()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=200000)
    parser.add_argument("--capacity", type=int, default=64)
    parser.add_argument("--stages", type=int, default=3)
    args = parser.parse_args()

    queues = [queue.Queue(maxsize=args.capacity) for _ in range(args.stages)]
    done = queue.Queue()
    targets = queues[1:] + [done]
    threads = [threading.Thread(target=stage, args=(source, target))
               for source, target in zip(queues, targets)]

    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for seq in range(args.items):
        queues[0].put([seq, 0])
    queues[0].put(END)
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start

    if done.qsize() != args.items + 1:
        raise SystemExit(f"lost items: {done.qsize() - 1} of {args.items} arrived")
    print(f"items_per_s={args.items / seconds:.1f} seconds={seconds:.3f} "
          f"python={platform.python_version()}")


if __name__ == "__main__":
    main()
