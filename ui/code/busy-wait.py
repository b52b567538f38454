# SPDX-License-Identifier: GPL-3.0-or-later
# Busy-wait: poll a deque behind a lock
from collections import deque
from threading import Lock, Thread
from time import sleep

BACKOFF = 0.010   # nap after an empty poll
END = object()    # end-of-stream marker

class PollingQueue:
    def __init__(self, capacity=0):
        self.items, self.lock = deque(), Lock()
        self.limit = capacity or float("inf")

    def try_get(self):  # IndexError if empty
        with self.lock:
            return self.items.popleft()

    def try_put(self, item):  # False if full
        with self.lock:
            full = len(self.items) >= self.limit
            if not full:
                self.items.append(item)
            return not full

class Worker(Thread):
    def __init__(self, work, inbox, outbox):
        super().__init__()
        self.work = work
        self.inbox, self.outbox = inbox, outbox
        self.polls = self.empty = self.done = 0

    def run(self):
        while True:
            self.polls += 1
            try:
                item = self.inbox.try_get()    #@get
            except IndexError:
                self.empty += 1
                sleep(BACKOFF)                 #@sleep
                continue
            if item is END:
                return                         #@exit
            result = self.work(item)           #@work
            while not self.outbox.try_put(result):
                sleep(BACKOFF)                 #@put
            self.done += 1                     #@task-done
