# SPDX-License-Identifier: GPL-3.0-or-later
# Blocking: get and put sleep until served
from queue import Queue
from threading import Thread

END = object()    # end-of-stream marker

class ClosableQueue(Queue):
    def close(self):
        self.put(END)  # waits for room too

class StoppableWorker(Thread):
    def __init__(self, work, inbox, outbox):
        super().__init__()
        self.work, self.inbox, self.outbox = work, inbox, outbox

    def run(self):
        while True:
            item = self.inbox.get()  # sleeps    #@get
            if item is END:
                self.inbox.task_done()
                return                           #@exit
            result = self.work(item)             #@work
            self.outbox.put(result)  # may sleep #@put
            self.inbox.task_done()               #@task-done

def close_line(queues, stages):
    # Once every item is fed: front to back, one queue at a time.
    for queue, workers in zip(queues, stages):
        for _ in workers:
            queue.close()  # a marker each      #@close
        queue.join()       # all items done     #@join
        for worker in workers:
            worker.join()  # thread has exited
