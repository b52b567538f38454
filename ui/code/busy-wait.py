# SPDX-License-Identifier: GPL-3.0-or-later
# Busy-wait: poll a deque behind a lock
from collections import deque
from queue import ShutDown
from threading import Lock, Thread
from time import sleep

BACKOFF = 0.010   # nap after an empty poll

class PollingQueue:
    def __init__(self, capacity=0):
        self.items, self.lock = deque(), Lock()
        self.limit = capacity or float("inf")
        self.is_shut = False

    def try_get(self):  # IndexError if empty
        with self.lock:
            if self.is_shut:
                raise ShutDown
            return self.items.popleft()

    def try_put(self, item):  # False if full
        with self.lock:
            if self.is_shut:
                raise ShutDown
            full = len(self.items) >= self.limit
            if not full:
                self.items.append(item)
            return not full

class Worker(Thread):
    def __init__(self, work, inbox, outbox):
        super().__init__(daemon=True)
        self.work, self.inbox, self.outbox = work, inbox, outbox
        self.polls = self.empty = self.done = 0

    def run(self):
        try:
            while True:  # nothing tells it to stop
                self.polls += 1
                try:
                    item = self.inbox.try_get()  #@get
                except IndexError:
                    self.empty += 1
                    sleep(BACKOFF)               #@sleep
                    continue
                result = self.work(item)         #@work
                while not self.outbox.try_put(result):
                    sleep(BACKOFF)               #@put
                self.done += 1                   #@task-done
        except ShutDown:  # refused: shut down at once
            return                               #@shut-down

def wait_for(done, count):
    # The main thread polls too, then leaves the workers polling.
    while len(done.items) < count:
        sleep(BACKOFF)                           #@main-poll
