#!/usr/bin/env python3
"""tests/e2e/nginx_deploy.py — the python half of t_nginx_deploy.sh (stdlib only).

  conf DEPLOY OUT HTTP_PORT TLS_PORT APP1_PORT APP2_PORT DIR
      writes OUT, a runnable copy of deploy/nginx-datalots.conf: every
      directive kept as written except what cannot run here (listen ports →
      loopback ports, the upstream servers 8081 and 8082 and their
      /metrics/NNNN → APP1_PORT and APP2_PORT,
      certificate, log and cache paths → under DIR, IPv6 listens dropped);
      the directives the test measures must be there with the values it
      expects. Exit 1 (the reasons on stderr) when an expected line is gone.
  slow-headers PORT SRC N PATH
      N TLS connections from SRC that send a request line and then one
      header byte a second; prints one line per connection:
      "closed SECONDS_AFTER_CONNECT BYTES_SENT FIRST_LINE_RECEIVED".
  slow-body PORT SRC PATH TRICKLE
      one TLS connection: complete headers of a POST (Content-Length 1000),
      then one body byte a second for TRICKLE seconds, then silence; prints
      "closed SECONDS_AFTER_LAST_BYTE BYTES_SENT FIRST_LINE_RECEIVED".
  hold PORT SRC N PATH RATE
      N TLS connections from SRC (RATE a second), each sending the complete
      headers of a POST with a 5-byte body but not the body: nginx counts
      them for limit_conn while it waits for the bodies. Prints
      "early STATUS COUNT" for the answers that came before any body was
      sent, then sends the bodies and prints "late STATUS COUNT".
  total PORT N WAIT
      N plain TCP connections to datalots itself, idle; then one more that
      sends GET /healthz: prints "extra STATUS" (its answer within WAIT
      seconds, or none), closes 50 of the held ones and prints "after
      STATUS" (its answer within 10 s more).

Times are time.monotonic(); nothing is retried; every wait is bounded.
"""
import re
import select
import socket
import ssl
import sys
import time


def fail(msg):
    print(msg, file=sys.stderr)
    sys.exit(1)


# --- conf -------------------------------------------------------------------

# (what the test relies on, regular expression over the whole file, how many
# times it must match, replacement or None to keep it). A change of the
# deploy file that removes or alters one of these lines fails the test.
def conf(deploy, out, http_port, tls_port, app1, app2, d):
    # Comments out (they name /etc/… paths and directives in prose); the
    # rules see the directives only.
    text = re.sub(r"#[^\n]*", "", open(deploy, encoding="utf-8").read())
    rules = [
        # kept as written: what the test measures
        ("log format without the query", r"log_format datalots_noquery ", 1, None),
        ("limit_conn_zone per address", r"limit_conn_zone \$binary_remote_addr zone=datalots_conn:10m;", 1, None),
        ("limit_req_zone 50 r/s per address", r"limit_req_zone \$binary_remote_addr zone=datalots_req:10m rate=50r/s;", 1, None),
        ("client_max_body_size 1m", r"\n\s*client_max_body_size 1m;", 1, None),
        ("client_header_timeout 10s", r"\n\s*client_header_timeout 10s;", 1, None),
        ("client_body_timeout 10s", r"\n\s*client_body_timeout 10s;", 1, None),
        ("send_timeout 30s", r"\n\s*send_timeout 30s;", 1, None),
        ("keepalive_timeout 30s", r"\n\s*keepalive_timeout 30s;", 1, None),
        ("limit_conn 100", r"\n\s*limit_conn datalots_conn 100;", 1, None),
        ("limit_req burst 100 nodelay", r"\n\s*limit_req zone=datalots_req burst=100 nodelay;", 1, None),
        ("limit_conn_status 429", r"\n\s*limit_conn_status 429;", 1, None),
        ("limit_req_status 429", r"\n\s*limit_req_status 429;", 1, None),
        ("proxy_http_version 1.1", r"\n\s*proxy_http_version 1.1;", 1, None),
        ("X-Forwarded-For", r"proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;", 1, None),
        ("X-Forwarded-Proto", r"proxy_set_header X-Forwarded-Proto \$scheme;", 1, None),
        ("proxy_pass to the upstream", r"proxy_pass http://datalots;", 3, None),
        ("no proxy_request_buffering off", r"proxy_request_buffering\s+off", 0, None),
        ("no user directive", r"(^|\n)\s*user\s", 0, None),
        # rewritten: what cannot run here
        ("listen 80", r"\n(\s*)listen 80;", 1, r"\n\1listen 127.0.0.1:%s;" % http_port),
        ("listen [::]:80", r"\n\s*listen \[::\]:80;", 1, ""),
        ("listen 443 ssl http2", r"\n(\s*)listen 443 ssl http2;", 1, r"\n\1listen 127.0.0.1:%s ssl http2;" % tls_port),
        ("listen [::]:443", r"\n\s*listen \[::\]:443 ssl http2;", 1, ""),
        ("upstream server 8081", r"server 127\.0\.0\.1:8081 ", 1, "server 127.0.0.1:%s " % app1),
        ("upstream server 8082", r"server 127\.0\.0\.1:8082 ", 1, "server 127.0.0.1:%s " % app2),
        ("/metrics/8081", r"proxy_pass http://127\.0\.0\.1:8081/metrics;", 1, "proxy_pass http://127.0.0.1:%s/metrics;" % app1),
        ("/metrics/8082", r"proxy_pass http://127\.0\.0\.1:8082/metrics;", 1, "proxy_pass http://127.0.0.1:%s/metrics;" % app2),
        ("access_log path", r"access_log /var/log/nginx/datalots\.access\.log ", 1, "access_log %s/access.log " % d),
        ("error_log path", r"error_log /var/log/nginx/datalots\.error\.log ", 1, "error_log %s/error.log " % d),
        ("ssl_certificate", r"ssl_certificate\s+/etc/ssl/datalots/fullchain\.pem;", 1, "ssl_certificate %s/cert.pem;" % d),
        ("ssl_certificate_key", r"ssl_certificate_key\s+/etc/ssl/datalots/privkey\.pem;", 1,
         "ssl_certificate_key %s/key.pem;" % d),
        ("proxy_cache_path", r"proxy_cache_path /var/cache/nginx-datalots ", 1, "proxy_cache_path %s/cache " % d),
        ("acme root", r"root /var/www/acme;", 1, "root %s/acme;" % d),
    ]
    missing = []
    for what, rx, want, repl in rules:
        n = len(re.findall(rx, text))
        if n != want:
            missing.append("%s: /%s/ matches %d times, the test expects %d" % (what, rx, n, want))
        elif repl is not None:
            text = re.sub(rx, lambda m, r=repl: m.expand(r), text)
    # Anything else pointing outside DIR or at another port would not run here.
    for m in re.finditer(r"(/var/|/etc/|/usr/|/srv/|/run/|/opt/|/home/)\S*", text):
        missing.append("a path the transform does not know: %s" % m.group(0))
    for m in re.finditer(r"listen\s+(\S+)", text):
        if not m.group(1).startswith("127.0.0.1:"):
            missing.append("a listen the transform does not know: %s" % m.group(0))
    if missing:
        fail("deploy/nginx-datalots.conf changed:\n  " + "\n  ".join(missing))
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)


# --- clients ----------------------------------------------------------------

CTX = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
CTX.check_hostname = False
CTX.verify_mode = ssl.CERT_NONE
CTX.set_alpn_protocols(["http/1.1"])


def tls(port, src):
    s = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(src, 0))
    return CTX.wrap_socket(s, server_hostname="localhost")


def first_line(data):
    line = data.split(b"\r\n", 1)[0].decode("latin-1")
    return line.replace(" ", "_") if line else "nothing"


def readable(s, timeout):
    """s has something to read (or has closed) within timeout seconds;
    poll, not select: the total check holds fds past FD_SETSIZE."""
    if s.pending():
        return True
    p = select.poll()
    p.register(s, select.POLLIN)
    return bool(p.poll(max(0, int(timeout * 1000))))


def closed(s):
    """True when the peer has closed s (or reset it); what it sent is
    collected in s.got."""
    try:
        s.setblocking(False)
        while True:
            b = s.recv(4096)
            if not b:
                return True
            s.got += b
    except (ssl.SSLWantReadError, BlockingIOError):
        return False
    except OSError:
        return True
    finally:
        s.setblocking(True)


def slow_headers(port, src, n, path):
    conns = []
    for _ in range(n):
        t0 = time.monotonic()
        s = tls(port, src)
        s.t0, s.sent, s.got, s.done = t0, 0, b"", None
        s.sendall(("GET %s HTTP/1.1\r\nHost: localhost\r\nX-Slow: " % path).encode())
        conns.append(s)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(c.done is None for c in conns):
        for c in conns:
            if c.done is None and closed(c):
                c.done = time.monotonic() - c.t0
        for c in conns:
            if c.done is None:
                try:
                    c.sendall(b"a")
                    c.sent += 1
                except OSError:
                    c.done = time.monotonic() - c.t0
        # a second until the next byte, noting closes as they come
        tick = time.monotonic() + 1
        p = select.poll()
        waiting = {c.fileno(): c for c in conns if c.done is None}
        for fd in waiting:
            p.register(fd, select.POLLIN)
        while waiting and time.monotonic() < tick:
            for fd, _ in p.poll(max(1, int((tick - time.monotonic()) * 1000))):
                c = waiting.get(fd)
                if c is not None and closed(c):
                    c.done = time.monotonic() - c.t0
                    p.unregister(fd)
                    del waiting[fd]
            if waiting and time.monotonic() < tick:
                time.sleep(0.01)
    for c in conns:
        print("closed %s %d %s" % ("%.2f" % c.done if c.done is not None else "never", c.sent, first_line(c.got)))


def slow_body(port, src, path, trickle):
    s = tls(port, src)
    s.got = b""
    s.sendall(("POST %s HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
               "Content-Length: 1000\r\n\r\n" % path).encode())
    sent, last = 0, time.monotonic()
    for _ in range(trickle):
        time.sleep(1)
        if closed(s):
            break
        s.sendall(b"a")
        sent, last = sent + 1, time.monotonic()
    done = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if readable(s, 0.1) and closed(s):
            done = time.monotonic() - last
            break
    print("closed %s %d %s" % ("%.2f" % done if done is not None else "never", sent, first_line(s.got)))


def status_of(data):
    m = re.match(rb"HTTP/1\.[01] (\d{3})", data)
    return m.group(1).decode() if m else "none"


def tally(kind, statuses):
    counts = {}
    for st in statuses:
        counts[st] = counts.get(st, 0) + 1
    for st in sorted(counts):
        print("%s %s %d" % (kind, st, counts[st]))


def read_answer(s, wait):
    """What s has sent within wait seconds: at least the status line, or
    whatever came before it closed."""
    deadline = time.monotonic() + wait
    while b"\r\n" not in s.got and time.monotonic() < deadline:
        if readable(s, deadline - time.monotonic()) and closed(s):
            break
    return status_of(s.got)


def hold(port, src, n, path, rate):
    conns = []
    for i in range(n):
        t = time.monotonic()
        s = tls(port, src)
        s.got = b""
        s.sendall(("POST %s HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                   "Content-Length: 5\r\n\r\n" % path).encode())
        conns.append(s)
        time.sleep(max(0.0, 1.0 / rate - (time.monotonic() - t)))
    time.sleep(1)
    early = [c for c in conns if readable(c, 0) and (closed(c) or c.got)]
    tally("early", [read_answer(c, 2) for c in early])
    late = [c for c in conns if c not in early]
    for c in late:
        c.sendall(b"a=b&c")
    tally("late", [read_answer(c, 20) for c in late])


class Plain:
    """A plain TCP socket with what closed() and readable() use."""

    def __init__(self, s):
        self.s, self.got = s, b""

    def pending(self):
        return 0

    def __getattr__(self, name):
        return getattr(self.s, name)


def total(port, n, wait):
    held = []
    for _ in range(n):
        held.append(socket.create_connection(("127.0.0.1", port), timeout=10))
    time.sleep(1)
    extra = Plain(socket.create_connection(("127.0.0.1", port), timeout=10))
    extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    print("extra %s" % read_answer(extra, wait))
    for s in held[:50]:
        s.close()
    print("after %s" % read_answer(extra, 10))
    for s in held[50:]:
        s.close()


def main(a):
    if len(a) == 8 and a[0] == "conf":
        conf(*a[1:])
    elif len(a) == 5 and a[0] == "slow-headers":
        slow_headers(int(a[1]), a[2], int(a[3]), a[4])
    elif len(a) == 5 and a[0] == "slow-body":
        slow_body(int(a[1]), a[2], a[3], int(a[4]))
    elif len(a) == 6 and a[0] == "hold":
        hold(int(a[1]), a[2], int(a[3]), a[4], float(a[5]))
    elif len(a) == 4 and a[0] == "total":
        total(int(a[1]), int(a[2]), float(a[3]))
    else:
        fail(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
