# SPDX-License-Identifier: GPL-3.0-or-later
# Bounded: a full queue makes put wait
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
            item = self.inbox.get()  # waits while empty   #@get
            if item is END:
                self.inbox.task_done()
                return                                     #@exit
            result = self.work(item)                       #@work
            self.outbox.put(result)  # waits while full    #@put
            self.inbox.task_done()                         #@task-done

# The input buffer holds four, the queues between stages one each.
queues = [ClosableQueue(4), ClosableQueue(1), ClosableQueue(1), Queue()]

def close_line(queues, stages):
    for queue, workers in zip(queues, stages):
        for _ in workers:
            queue.close()  # a marker each                #@close
        queue.join()       # all items done               #@join
