# SPDX-License-Identifier: GPL-3.0-or-later
# Python 3.13: shut a queue down at once
from queue import Queue, ShutDown
from threading import Thread

END = object()    # end-of-stream marker

class StoppableWorker(Thread):
    def __init__(self, work, inbox, outbox):
        super().__init__()
        self.work, self.inbox, self.outbox = work, inbox, outbox

    def run(self):
        try:
            while True:
                item = self.inbox.get()  # sleeps    #@get
                if item is END:
                    self.inbox.task_done()
                    return                           #@exit
                result = self.work(item)             #@work
                self.outbox.put(result)  # may sleep #@put
                self.inbox.task_done()               #@task-done
        except ShutDown:  # refused: shut down at once
            return                                   #@shut-down

def close_line(queues, stages):
    # Close Input: every queued item goes through first.
    for queue, workers in zip(queues, stages):
        for _ in workers:
            queue.put(END)  # a marker each         #@close
        queue.join()        # all items done        #@join

def shut_down_now(queues, workers):
    # Shut Down Now: drop what waits, refuse every put and get.
    for queue in queues[:-1]:
        queue.shutdown(immediate=True)
    for worker in workers:
        worker.join()  # each leaves at once        #@wait-exit
