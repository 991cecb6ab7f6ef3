#!/usr/bin/python3
"""bench/soak_load.py — the soak's load generator and its mail tally
(bench/soak.sh runs both; python3's standard library only).

  soak_load.py load --base URL --seconds S --rate R --facts FILE --out DIR
      Mixed traffic at a fixed rate: R actions a second for S seconds, each
      started on schedule (a pool of threads; never as fast as possible). An
      action is one request, or two where a form must be read first. Every
      write the server acknowledged is one line of DIR/acked.tsv:
        case      CASE-ID   -            a request sent (303 /cases/ID)
        event     CASE-ID   EVENT        a case step taken (303)
        reg       E-MAIL    EVENT-ID     an event registration (200, "Du är anmäld")
        obstacle  SHA-256   -            an obstacle report (303 /hinder/folj?t=T; the store keeps T's hash)
      DIR/requests.tsv has one line per request: action, method, status
      (000 when no answer), milliseconds, seconds since the start. FILE is JSON from soak.sh: the ids
      the traffic needs (org, unit, event, guide items, users, password).

  soak_load.py mail --outbox FILE --inbox DIR
      FILE: psql -At lines "id|message_id|state|attempts[|kind]" of the outbox;
      DIR: the .eml files the test SMTP server kept. Prints "queued N",
      "delivered N", "lost N", "doubled N", "states ...", "kinds ..." lines and the ids
      of lost and doubled mails.
"""
import argparse
import collections
import hashlib
import http.cookiejar
import json
import os
import random
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

TIMEOUT = 30


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Browser:
    """One cookie jar: a visitor, or a signed-in person (user set)."""

    def __init__(self, soak, user=None):
        self.soak = soak
        self.user = user
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
        self.csrf = None
        self.signed_in = False
        self.lock = threading.Lock()

    def request(self, action, method, path, form=None):
        """Returns (status, body text, Location)."""
        data = None
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
        req = urllib.request.Request(self.soak.base + path, data=data, method=method)
        t0 = time.monotonic()
        status, body, loc = 0, '', ''
        try:
            with self.opener.open(req, timeout=TIMEOUT) as r:
                status = r.status
                body = r.read().decode('utf-8', 'replace')
                loc = r.headers.get('Location', '')
        except urllib.error.HTTPError as e:
            status = e.code
            loc = e.headers.get('Location', '') if e.headers else ''
            try:
                body = e.read().decode('utf-8', 'replace')
            except Exception:
                body = ''
        except Exception:
            status = 0
        self.soak.log_request(action, method, status, (time.monotonic() - t0) * 1000)
        return status, body, loc

    def token(self, action, page='/login'):
        if self.csrf:
            return self.csrf
        st, body, _ = self.request(action, 'GET', page)
        m = re.search(r'name="csrf" value="([0-9a-f]+)"', body)
        if st == 200 and m:
            self.csrf = m.group(1)
        return self.csrf

    def sign_in(self, action):
        self.jar.clear()
        self.csrf = None
        self.signed_in = False
        tok = self.token(action)
        if not tok:
            return False
        st, _, _ = self.request(action, 'POST', '/login',
                                {'username': self.user, 'password': self.soak.facts['password'], 'csrf': tok})
        self.csrf = None  # the session's own token from now on
        if st in (302, 303):
            self.signed_in = True
            return self.token(action, '/mina-arenden' if self.user == 'sokande' else '/cases') is not None
        return False

    def ready(self, action):
        """Signed in (again, when the session was lost) for a user's browser."""
        if self.user and not self.signed_in:
            return self.sign_in(action)
        if not self.user:
            return self.token(action) is not None
        return True

    def forget(self):
        """A 403 or a sign-in page instead of the answer: start again."""
        self.csrf = None
        self.signed_in = False


class Soak:
    def __init__(self, a):
        self.base = a.base.rstrip('/')
        self.facts = json.load(open(a.facts))
        self.seconds = a.seconds
        self.rate = a.rate
        self.out = a.out
        self.rnd = random.Random(20261207)
        self.wlock = threading.Lock()
        self.req_f = open(os.path.join(a.out, 'requests.tsv'), 'w')
        self.ack_f = open(os.path.join(a.out, 'acked.tsv'), 'w')
        self.visitors = [Browser(self) for _ in range(8)]
        self.applicants = [Browser(self, 'sokande') for _ in range(3)]
        self.coordinators = [Browser(self, 'samordnare') for _ in range(2)]
        self.cases = collections.deque()  # (case id, next step)
        self.clock = threading.Lock()
        self.seq = 0
        self.late = 0
        self.actions = collections.Counter()
        self.t0 = time.monotonic()

    def log_request(self, action, method, status, ms):
        with self.wlock:
            self.req_f.write('%s\t%s\t%03d\t%.1f\t%.1f\n' % (action, method, status, ms, time.monotonic() - self.t0))

    def acked(self, *fields):
        with self.wlock:
            self.ack_f.write('\t'.join(str(f) for f in fields) + '\n')
            self.ack_f.flush()

    def next_seq(self):
        with self.clock:
            self.seq += 1
            return self.seq

    # ---- the actions ----------------------------------------------------------

    def browse(self, b):
        f = self.facts
        path = self.rnd.choice(['/', '/guide', '/guide/' + self.rnd.choice(f['guide']), '/kalender',
                                '/kalender/%d' % f['event'], '/beslut', '/nyheter', '/utlysningar', '/guide/map',
                                '/hinder/ny', '/natverk'])
        b.request('browse', 'GET', path)

    def search(self, b):
        w = self.rnd.choice(self.facts['words'])
        if self.rnd.random() < 0.5:
            b.request('search', 'GET', '/guide?q=' + urllib.parse.quote(w))
        else:
            b.request('search', 'GET', '/api/v1/search?q=' + urllib.parse.quote(w))

    def sign_in(self, b):
        who = self.rnd.choice(self.applicants + self.coordinators)
        with who.lock:
            who.sign_in('signin')

    def submit(self, _):
        b = self.rnd.choice(self.applicants)
        with b.lock:
            if not b.ready('submit'):
                return
            f = self.facts
            n = self.next_seq()
            form = dict(f['request'])
            form.update({'org': f['org'], 'target_node': f['unit'], 'contacts_patients': '1', 'delivery': 'paper',
                         'wished_date': '2027-03-01', 'send': '1', 'title': 'Soak %d: diabetes i primärvården' % n,
                         'csrf': b.csrf})
            st, _, loc = b.request('submit', 'POST', '/cases', form)
            m = re.match(r'^/cases/(\d+)$', loc)
            if st == 303 and m:
                self.acked('case', m.group(1), '-')
                with self.clock:
                    self.cases.append((int(m.group(1)), 0))
            elif st == 403:
                b.forget()

    # Each case goes: received -> completion requested -> completed ->
    # awaiting the samråd; who takes each step and with what.
    STEPS = [
        ('request_completion', 'coordinator', {'text': 'Bifoga etikprövningsmyndighetens beslut.'}),
        ('complete', 'applicant', {'text': 'Beslutet bifogas (dnr 2024-01234-01).'}),
        ('accept_complete', 'coordinator', {'process': '1', 'check_applicant': '1', 'check_ethics': '1',
                                            'check_legal': '1', 'check_population': '1', 'check_security': '1',
                                            'check_delivery': '1'}),
    ]

    def step(self, _):
        with self.clock:
            if not self.cases:
                return
            case_id, k = self.cases.popleft()
        ev, role, fields = self.STEPS[k]
        b = self.rnd.choice(self.coordinators if role == 'coordinator' else self.applicants)
        with b.lock:
            if not b.ready('step'):
                with self.clock:
                    self.cases.append((case_id, k))
                return
            st, body, _ = b.request('step', 'GET', '/cases/%d' % case_id)
            m = re.search(r'data-version="(\d+)"', body)
            if st != 200 or not m:
                if st in (200, 303):
                    b.forget()
                if st != 404:
                    with self.clock:
                        self.cases.append((case_id, k))
                return
            form = dict(fields)
            form.update({'version': m.group(1), 'csrf': b.csrf})
            st, _, _ = b.request('step', 'POST', '/cases/%d/events/%s' % (case_id, ev), form)
            if st == 303:
                self.acked('event', case_id, ev)
                if k + 1 < len(self.STEPS):
                    with self.clock:
                        self.cases.append((case_id, k + 1))
            elif st in (0, 502, 503, 504):
                # no answer, or the store was away: the step may or may
                # not have happened; the case page will say next time
                with self.clock:
                    self.cases.append((case_id, k))
            elif st == 403:
                b.forget()
                with self.clock:
                    self.cases.append((case_id, k))
            # 409 (another version) or 422: this case leaves the soak

    def register(self, b):
        with b.lock:
            if not b.ready('register'):
                return
            n = self.next_seq()
            email = 'soak-%d-%d@example.se' % (os.getpid(), n)
            form = {'namn': 'Soak Besökare %d' % n, 'organisation': 'Soak AB', 'epost': email, 'csrf': b.csrf}
            st, body, _ = b.request('register', 'POST', '/kalender/%d/anmalan' % self.facts['event'], form)
            if st == 200 and 'Du är anmäld' in body:
                self.acked('reg', email, self.facts['event'])
            elif st == 403:
                b.forget()

    def report(self, b):
        with b.lock:
            if not b.ready('obstacle'):
                return
            n = self.next_seq()
            form = {'what': 'Soak %d: uttaget väntade i åtta månader på en men-prövning.' % n,
                    'category': 'lead_times', 'consequence': 'delayed', 'email': 'hinder-%d@example.org' % n,
                    'actor_type': 'researcher', 'website': '', 'csrf': b.csrf}
            st, _, loc = b.request('obstacle', 'POST', '/hinder', form)
            m = re.match(r'^/hinder/folj\?t=([0-9a-f]{64})', loc)
            if st == 303 and m:
                self.acked('obstacle', hashlib.sha256(m.group(1).encode()).hexdigest(), '-')
            elif st == 403:
                b.forget()

    MIX = [('browse', 35), ('search', 15), ('signin', 3), ('submit', 10), ('step', 17), ('register', 10),
           ('obstacle', 10)]

    def one(self, action):
        b = self.rnd.choice(self.visitors)
        {'browse': self.browse, 'search': self.search, 'signin': self.sign_in, 'submit': self.submit,
         'step': self.step, 'register': self.register, 'obstacle': self.report}[action](b)

    def run(self):
        names = [n for n, w in self.MIX for _ in range(w)]
        total = int(self.seconds * self.rate)
        t0 = self.t0 = time.monotonic()
        with ThreadPoolExecutor(max_workers=48) as pool:
            for i in range(total):
                due = t0 + i / self.rate
                now = time.monotonic()
                if due > now:
                    time.sleep(due - now)
                elif now - due > 1:
                    self.late += 1
                action = self.rnd.choice(names)
                self.actions[action] += 1
                pool.submit(self.safe, action)
        self.req_f.close()
        self.ack_f.close()
        with open(os.path.join(self.out, 'actions.tsv'), 'w') as f:
            for k, v in sorted(self.actions.items()):
                f.write('%s\t%d\n' % (k, v))
            f.write('late\t%d\n' % self.late)

    def safe(self, action):
        try:
            self.one(action)
        except Exception as e:  # a bug here must not stop the schedule
            self.log_request(action, 'ERR', 0, 0)
            print('soak_load: %s: %r' % (action, e), file=sys.stderr)


def mail_tally(a):
    queued = {}
    states = collections.Counter()
    kinds = collections.Counter()
    for line in open(a.outbox, encoding='utf-8'):
        parts = line.rstrip('\n').split('|')
        if len(parts) < 4:
            continue
        queued[parts[1].strip('<>')] = parts[0]
        states[parts[2]] += 1
        if len(parts) > 4:
            kinds[parts[4]] += 1
    caught = collections.Counter()
    for name in os.listdir(a.inbox):
        if not name.endswith('.eml'):
            continue
        with open(os.path.join(a.inbox, name), 'rb') as f:
            head = f.read(65536).split(b'\r\n\r\n', 1)[0].decode('utf-8', 'replace')
        m = re.search(r'^Message-ID:\s*<?([^>\r\n]+)>?', head, re.I | re.M)
        caught[m.group(1) if m else 'none:' + name] += 1
    lost = [queued[k] for k in queued if caught[k] == 0]
    doubled = [queued.get(k, k) for k, n in caught.items() if n > 1]
    strangers = [k for k in caught if k not in queued]
    print('queued %d' % len(queued))
    print('delivered %d' % sum(1 for k in queued if caught[k] > 0))
    print('lost %d' % len(lost))
    print('doubled %d' % len(doubled))
    print('unknown %d' % len(strangers))
    print('states %s' % ' '.join('%s=%d' % kv for kv in sorted(states.items())))
    if kinds:
        print('kinds %s' % ' '.join('%s=%d' % kv for kv in sorted(kinds.items())))
    if lost:
        print('lost-ids %s' % ' '.join(sorted(lost, key=int)[:50]))
    if doubled:
        print('doubled-ids %s' % ' '.join(sorted(doubled)[:50]))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest='cmd', required=True)
    lp = sub.add_parser('load')
    lp.add_argument('--base', required=True)
    lp.add_argument('--seconds', type=float, required=True)
    lp.add_argument('--rate', type=float, required=True)
    lp.add_argument('--facts', required=True)
    lp.add_argument('--out', required=True)
    mp = sub.add_parser('mail')
    mp.add_argument('--outbox', required=True)
    mp.add_argument('--inbox', required=True)
    a = ap.parse_args()
    if a.cmd == 'load':
        Soak(a).run()
    else:
        mail_tally(a)
    return 0


if __name__ == '__main__':
    sys.exit(main())
