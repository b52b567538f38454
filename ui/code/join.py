# SPDX-License-Identifier: GPL-3.0-or-later
# task_done and join, with no end-of-stream marker
from queue import Queue
from threading import Thread

class Worker(Thread):
    def __init__(self, work, inbox, outbox):
        super().__init__(daemon=True)
        self.work, self.inbox, self.outbox = work, inbox, outbox

    def run(self):
        while True:  # nothing tells it to stop
            item = self.inbox.get()  # sleeps    #@get
            result = self.work(item)             #@work
            self.outbox.put(result)              #@put
            self.inbox.task_done()  # one less   #@task-done

def wait_line(queues):
    # Once every item is fed: front to back.
    for queue in queues:
        queue.join()  # until every item is done #@join
    # The workers still sleep in get.
