#!/usr/bin/python3
"""tests/smtp_server.py — a tiny SMTP server for the mail tests, on Debian's
python3-aiosmtpd. Listens on 127.0.0.1:PORT and writes each message it
accepts into DIR as one file, *.eml (written aside and renamed, so a file
that exists is whole): the envelope as X-Envelope-From / X-Envelope-To
lines, then the message exactly as received. Tests count the files and read
them. Stop it with SIGTERM; start it again on the same DIR and it adds to it.

  /usr/bin/python3 tests/smtp_server.py --port P --dir DIR [--delay S]
      [--reject TEXT] [--pidfile FILE]

--delay S      wait S seconds after the message before answering 250 (a slow
               server, to kill a sender in the middle; DIR/.in-progress.*
               exists meanwhile); a message whose client went away
               meanwhile is not kept — it was never accepted, as with a
               real mail server.
--reject TEXT  answer 550 to every recipient containing TEXT.
Prints "listening on 127.0.0.1:P" once it accepts connections.
"""
import argparse
import asyncio
import itertools
import os
import signal
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Keeper:
    def __init__(self, directory, delay, reject):
        self.directory = directory
        self.delay = delay
        self.reject = reject
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and self.reject in address:
            return '550 5.1.1 no such mailbox here'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            marker = os.path.join(self.directory, '.in-progress.%d-%d' % (os.getpid(), next(self.counter)))
            open(marker, 'w').close()
            try:
                await asyncio.sleep(self.delay)
            finally:
                os.unlink(marker)
            transport = getattr(server, 'transport', None)
            if transport is None or transport.is_closing():
                return '451 gone'
        head = 'X-Envelope-From: %s\r\nX-Envelope-To: %s\r\n' % (envelope.mail_from, ','.join(envelope.rcpt_tos))
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode('utf-8', 'surrogateescape')
        name = '%d-%d-%d' % (time.time_ns(), os.getpid(), next(self.counter))
        tmp = os.path.join(self.directory, '.' + name + '.tmp')
        with open(tmp, 'wb') as f:
            f.write(head.encode('ascii') + data)
        os.rename(tmp, os.path.join(self.directory, name + '.eml'))
        return '250 OK kept as ' + name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--port', type=int, required=True)
    ap.add_argument('--dir', required=True)
    ap.add_argument('--delay', type=float, default=0)
    ap.add_argument('--reject', default='')
    ap.add_argument('--pidfile')
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    controller = Controller(Keeper(a.dir, a.delay, a.reject), hostname='127.0.0.1', port=a.port)
    controller.start()
    if a.pidfile:
        with open(a.pidfile, 'w') as f:
            f.write('%d\n' % os.getpid())
    print('listening on 127.0.0.1:%d' % a.port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.2):
        pass
    controller.stop()
    return 0


if __name__ == '__main__':
    sys.exit(main())
