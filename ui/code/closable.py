# SPDX-License-Identifier: GPL-3.0-or-later
# ClosableQueue and StoppableWorker
from queue import Queue
from threading import Thread

END = object()    # end-of-stream marker

class ClosableQueue(Queue):
    def close(self):
        self.put(END)  # waits for room too

    def __iter__(self):
        while True:
            item = self.get()  # sleeps          #@get
            try:
                if item is END:
                    return                       #@exit
                yield item
            finally:
                self.task_done()                 #@task-done

class StoppableWorker(Thread):
    def __init__(self, work, inbox, outbox):
        super().__init__()
        self.work, self.inbox, self.outbox = work, inbox, outbox

    def run(self):
        for item in self.inbox:
            result = self.work(item)             #@work
            self.outbox.put(result)  # may sleep #@put

def close_line(queues, stages):
    # On Close Input: front to back, one queue at a time.
    for queue, workers in zip(queues, stages):
        for _ in workers:
            queue.close()  # a marker each      #@close
        queue.join()       # all items done     #@join
        for worker in workers:
            worker.join()  # thread has exited
