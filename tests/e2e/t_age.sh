#!/usr/bin/env bash
# t_age.sh — `datalots age` (the age file format, src/crypto/age.h and
# src/cli/cmd_age.c): interoperability with Debian's age and age-keygen both
# ways (sizes 0, 1, 64 KiB, 64 KiB + 1, 5 MiB; X25519 with several
# recipients and passphrases; binary and armored), usage errors, damaged and
# hostile files (each: its own message, the exit status of its kind, no -o file left),
# constant memory on 200 MiB, and the /account/age-key page.
# age -p reads the passphrase from the terminal: a small pty driver feeds it.
. "$(dirname "$0")/lib.sh"

A=$T/age
mkdir -p "$A"
REL=${DATALOTS_REL_BIN:-$E2E_ROOT/datalots} # release build: ASan's shadow memory would swamp the RSS check
PW='korrekt häst batteri häftklammer'

# dla ARGS… — datalots age ARGS; RC, ERR; stdout in $A/stdout.
dla() {
    "$DL" age "$@" >"$A/stdout" 2>"$A/stderr"
    RC=$?
    ERR=$(cat "$A/stderr")
    cat "$A/stderr" >>"$T/cli.err"
}

# same OUT EXPECTED — OUT holds the bytes of EXPECTED (age -o creates no file for
# an empty plaintext: a missing OUT is fine when EXPECTED is empty).
same() { if [ -e "$1" ]; then cmp -s "$1" "$2"; else [ ! -s "$2" ]; fi; }

# pty_run PASS [PASS2] -- CMD… — runs CMD on a fresh pseudo-terminal and types
# PASS at every "…passphrase…:" prompt (PASS2 from the second prompt on, when
# given). The exit status is CMD's; the transcript goes to $A/pty.log.
cat >"$A/ptydrive.py" <<'EOF'
import os, pty, re, select, signal, sys
sep = sys.argv.index("--")
answers = [a.encode() for a in sys.argv[1:sep]]
cmd = sys.argv[sep + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)
buf, sent = b"", 0
while True:
    r, _, _ = select.select([fd], [], [], 120)
    if not r:
        os.kill(pid, signal.SIGKILL); break
    try:
        data = os.read(fd, 65536)
    except OSError:
        break
    if not data:
        break
    buf += data
    n = len(re.findall(rb"passphrase[^\n:]*:", buf, re.I))
    while sent < n:
        os.write(fd, answers[min(sent, len(answers) - 1)] + b"\n"); sent += 1
_, st = os.waitpid(pid, 0)
open(os.environ["PTY_LOG"], "wb").write(buf)
sys.exit(os.waitstatus_to_exitcode(st))
EOF
pty_run() {
    local args=()
    while [ "$1" != -- ]; do args+=("$1"); shift; done
    PTY_LOG=$A/pty.log python3 "$A/ptydrive.py" "${args[@]}" "$@"
}

# craft.py — writes age files with python (hashlib.scrypt, a small pure-python
# ChaCha20-Poly1305) so the payload can be chunked wrongly on purpose:
#   craft.py MODE PASSPHRASE PLAINTEXT OUT
#   normal      the right chunking (control: both tools must open it)
#   emptyfinal  64 KiB plaintext as a full non-final chunk + an empty final one
#   trailing    a final chunk followed by another chunk
#   nofinal     the last chunk is not marked final (cut at a chunk boundary)
#   shortchunk  a short non-final chunk followed by the final one
cat >"$A/craft.py" <<'EOF'
import base64, hashlib, hmac, os, struct, sys
M = 0xffffffff
def rotl(v, c): return ((v << c) & M) | (v >> (32 - c))
def block(key, ctr, nonce):
    st = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574] + list(struct.unpack("<8I", key)) + [ctr] + list(struct.unpack("<3I", nonce))
    w = st[:]
    def qr(a, b, c, d):
        w[a] = (w[a] + w[b]) & M; w[d] = rotl(w[d] ^ w[a], 16)
        w[c] = (w[c] + w[d]) & M; w[b] = rotl(w[b] ^ w[c], 12)
        w[a] = (w[a] + w[b]) & M; w[d] = rotl(w[d] ^ w[a], 8)
        w[c] = (w[c] + w[d]) & M; w[b] = rotl(w[b] ^ w[c], 7)
    for _ in range(10):
        qr(0, 4, 8, 12); qr(1, 5, 9, 13); qr(2, 6, 10, 14); qr(3, 7, 11, 15)
        qr(0, 5, 10, 15); qr(1, 6, 11, 12); qr(2, 7, 8, 13); qr(3, 4, 9, 14)
    return struct.pack("<16I", *[(a + b) & M for a, b in zip(w, st)])
def chacha(key, ctr, nonce, data):
    out = bytearray()
    for i in range(0, len(data), 64):
        c = data[i:i + 64]
        ks = block(key, ctr + i // 64, nonce)[:len(c)]
        out += (int.from_bytes(c, "little") ^ int.from_bytes(ks, "little")).to_bytes(len(c), "little")
    return bytes(out)
def poly(key, msg):
    r = int.from_bytes(key[:16], "little") & 0x0ffffffc0ffffffc0ffffffc0fffffff
    s = int.from_bytes(key[16:], "little"); p = (1 << 130) - 5; a = 0
    for i in range(0, len(msg), 16):
        a = (a + int.from_bytes(msg[i:i + 16] + b"\x01", "little")) * r % p
    return ((a + s) & ((1 << 128) - 1)).to_bytes(16, "little")
def seal(key, nonce, pt):
    ct = chacha(key, 1, nonce, pt)
    pad = b"\0" * (-len(ct) % 16)
    return ct + poly(block(key, 0, nonce)[:32], ct + pad + struct.pack("<QQ", 0, len(ct)))
def hkdf(ikm, salt, info):
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()
def b64(b): return base64.b64encode(b).rstrip(b"=")
mode, pw, src, dst = sys.argv[1:5]
pt = open(src, "rb").read()
C = 65536
if mode == "normal":
    chunks = [(pt[i:i + C], 0) for i in range(0, len(pt), C)] or [(b"", 1)]
    chunks[-1] = (chunks[-1][0], 1)
elif mode == "emptyfinal": chunks = [(pt[:C], 0), (b"", 1)]
elif mode == "trailing": chunks = [(pt[:C], 1), (pt[C:C + 100], 0)]
elif mode == "nofinal": chunks = [(pt[:C], 0), (pt[C:2 * C], 0)]
elif mode == "shortchunk": chunks = [(pt[:100], 0), (pt[100:200], 1)]
else: sys.exit("unknown mode")
fk, salt, log_n = os.urandom(16), os.urandom(16), 10
wrap = hashlib.scrypt(pw.encode(), salt=b"age-encryption.org/v1/scrypt" + salt, n=1 << log_n, r=8, p=1, dklen=32)
hdr = b"age-encryption.org/v1\n-> scrypt " + b64(salt) + b" %d\n" % log_n + b64(seal(wrap, b"\0" * 12, fk)) + b"\n---"
mac = hmac.new(hkdf(fk, b"", b"header"), hdr, hashlib.sha256).digest()
nonce = os.urandom(16)
pk = hkdf(fk, nonce, b"payload")
out = hdr + b" " + b64(mac) + b"\n" + nonce
for i, (c, final) in enumerate(chunks):
    out += seal(pk, i.to_bytes(11, "big") + bytes([final]), c)
open(dst, "wb").write(out)
EOF

# edit.py MODE IN OUT — damages a binary age file in one precise way.
cat >"$A/edit.py" <<'EOF'
import re, sys
mode, src, dst = sys.argv[1:4]
d = bytearray(open(src, "rb").read())
mac_at = d.index(b"\n--- ") + 5
body = d.index(b"\n", mac_at) + 1 + 16           # first chunk, after the 16-byte nonce
CH = 65536 + 16
def flip(i): d[i] ^= 0x01
if mode == "truncate": d = d[:-100]
elif mode == "cut-header": d = d[:40]
elif mode == "cut-final": d = d[:body + CH * ((len(d) - body - 1) // CH)]
elif mode == "flip-chunk1": flip(body + 1000)
elif mode == "flip-chunk2": flip(body + CH + 1000)
elif mode == "flip-tag": flip(body + 65536 + 7)
elif mode == "flip-nonce": flip(body - 3)
elif mode == "mac": d[mac_at] = ord("B") if d[mac_at] != ord("B") else ord("C")
elif mode == "bad-base64":                        # a character outside base64 in the stanza body
    i = d.index(b"\n", d.index(b"\n-> ") + 1) + 1
    d[i + 5] = ord("!")
elif mode == "noncanonical-base64":               # last char of the 43-char body with a padding bit set
    i = d.index(b"\n", d.index(b"\n-> ") + 1) + 1
    j = d.index(b"\n", i) - 1
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    d[j] = alphabet[alphabet.index(d[j]) | 1]
    if bytes(d) == open(src, "rb").read(): d[j] = alphabet[alphabet.index(d[j]) ^ 2]
elif mode == "long-line":                         # a 2 MiB stanza argument line
    i = d.index(b"\n-> ") + 1
    d[i:i] = b"-> junk " + b"A" * (2 << 20) + b"\n\n"
elif mode == "long-body-line":                    # a 65-column stanza body line
    i = d.index(b"\n", d.index(b"\n-> ") + 1) + 1
    d[i:i] = b"A" * 65 + b"\n"
elif mode == "work-factor-30":
    d = bytearray(re.sub(rb"(-> scrypt \S+) \d+\n", rb"\1 30\n", bytes(d), count=1))
elif mode == "append-byte": d += b"\0"
elif mode == "append-chunk": d += bytes(range(256)) * 2
elif mode == "version": d[:21] = b"age-encryption.org/v2"
else: sys.exit("unknown mode " + mode)
open(dst, "wb").write(bytes(d))
EOF

if ! command -v age >/dev/null || ! command -v age-keygen >/dev/null || ! command -v python3 >/dev/null; then
    not_ok "age, age-keygen and python3 are installed" "install Debian's age package (scripts/install-deps.sh)"
    finish
fi

# --- help and usage -----------------------------------------------------------
for sub in "" keygen encrypt decrypt; do
    # shellcheck disable=SC2086
    dla $sub --help
    expect_eq 0 "$RC" "datalots age ${sub:+$sub }--help exits 0"
    expect_match '^usage:' "$(cat "$A/stdout")" "datalots age ${sub:+$sub }--help prints its usage"
done
dla
expect_eq 2 "$RC" "datalots age without a subcommand: exit 2"
dla frobnicate
expect_eq 2 "$RC" "an unknown subcommand: exit 2"
expect_match 'unknown subcommand "frobnicate"' "$ERR" "an unknown subcommand is named"
head -c 100 /dev/urandom >"$A/small"
dla encrypt "$A/small"
expect_eq 2 "$RC" "encrypt without -r/-R/-p: exit 2"
expect_match '\-r RECIPIENT, -R FILE or -p' "$ERR" "encrypt without a recipient names -r, -R and -p"
dla encrypt -r nonsense -o "$A/x.age" "$A/small"
expect_eq 2 "$RC" "encrypt -r nonsense: exit 2"
expect_match '^datalots age encrypt: -r: this is not an age public key' "$ERR" "a bad -r value names -r (and is not echoed: it could be a damaged secret)"
dla encrypt -o "$A/x.age" -r
expect_eq 2 "$RC" "-r without a value: exit 2"
expect_match 'option -r needs a value' "$ERR" "-r without a value is named"
dla encrypt --frob -p "$A/small"
expect_eq 2 "$RC" "an unknown option: exit 2"
expect_match 'unknown option "--frob"' "$ERR" "an unknown option is named"
dla decrypt -i "$A/no-such-file" "$A/small"
expect_eq 1 "$RC" "decrypt -i with a missing file: exit 1"
expect_match '\-i .*no-such-file' "$ERR" "the missing identity file is named"
printf 'not a key\n' >"$A/junk-id.txt"
dla decrypt -i "$A/junk-id.txt" "$A/small"
expect_eq 2 "$RC" "decrypt -i with a file of junk: exit 2"
expect_match "\-i .*junk-id.txt, line 1 is not an age secret key" "$ERR" "the bad identity line is named by file and line"
DATALOTS_PASSPHRASE='' dla encrypt -p -o "$A/x.age" "$A/small"
expect_eq 2 "$RC" "an empty DATALOTS_PASSPHRASE: exit 2"
RC=0
setsid -w "$DL" age encrypt -p -o "$A/x.age" "$A/small" </dev/null >"$A/stdout" 2>"$A/stderr" || RC=$?
expect_eq 2 "$RC" "encrypt -p without a terminal or DATALOTS_PASSPHRASE: exit 2"
expect_match 'no terminal' "$(cat "$A/stderr")" "… and says there is no terminal"
if [ -e "$A/x.age" ]; then not_ok "no output after usage errors"; else ok "no output after usage errors"; fi

# --- keys -------------------------------------------------------------------------
age-keygen -o "$A/k1.txt" 2>/dev/null
R1=$(age-keygen -y "$A/k1.txt")
dla keygen -o "$A/k2.txt"
expect_eq 0 "$RC" "datalots age keygen -o: exit 0"
R2=$(sed -n 's/^# public key: //p' "$A/k2.txt")
expect_match '^age1[02-9ac-hj-np-z]{58}$' "$R2" "keygen writes '# public key: age1…'"
expect_eq "Public key: $R2" "$ERR" "keygen prints 'Public key: age1…' on stderr"
expect_match '^# created: [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})$' \
    "$(sed -n 1p "$A/k2.txt")" "keygen's first line is '# created: <RFC 3339 time>'"
expect_match '^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$' "$(sed -n 3p "$A/k2.txt")" "keygen's third line is the secret key"
expect_eq 600 "$(stat -c %a "$A/k2.txt")" "the key file has mode 0600"
expect_eq "$R2" "$(age-keygen -y "$A/k2.txt")" "age-keygen -y derives the same recipient from datalots' key"
cp "$A/k2.txt" "$A/k2.copy"
dla keygen -o "$A/k2.txt"
expect_eq 1 "$RC" "keygen -o an existing file: exit 1"
expect_match 'already exists' "$ERR" "keygen refuses to overwrite"
check "the existing key file is unchanged" cmp -s "$A/k2.txt" "$A/k2.copy"
dla keygen
expect_match '^# created: .*# public key: age1.*AGE-SECRET-KEY-1' "$(tr '\n' ' ' <"$A/stdout")" "keygen without -o writes the key to stdout"
age-keygen -o "$A/k3.txt" 2>/dev/null # a key nobody encrypts to
SECRET1=$(grep '^AGE-SECRET-KEY-1' "$A/k1.txt")
dla encrypt -r "$SECRET1" -o "$A/x.age" "$A/small"
expect_eq 2 "$RC" "encrypt -r with a secret key: exit 2"
expect_match 'that is a secret key' "$ERR" "encrypt -r with a secret key says so"
case $ERR in *"${SECRET1#AGE-SECRET-KEY-1}"*) not_ok "the secret key is not echoed" ;; *) ok "the secret key is not echoed" ;; esac
printf '# a comment\n\n%s\n  \n%s\n' "$R1" "$R2" >"$A/recipients.txt"

# The file-format checks from here to the web page touch no store: they run
# in the SQLite suite only, and the PostgreSQL suite goes on to the page.
if on_pg; then
    ok "the age file-format checks run in the SQLite suite (they use no store)"
else
# --- interoperability: X25519, two recipients -----------------------------------------
for size in 0 1 65536 65537 5242880; do
    head -c "$size" /dev/urandom >"$A/p.$size"
    for armor in "" -a; do
        what="$size bytes${armor:+, armored}"
        rm -f "$A/f.age" "$A/f.dl" "$A/o1" "$A/o2"
        if age -r "$R1" -r "$R2" $armor -o "$A/f.age" "$A/p.$size"; then
            dla decrypt -i "$A/k1.txt" -o "$A/o1" "$A/f.age"
            r1=$RC
            dla decrypt -i "$A/k2.txt" -o "$A/o2" "$A/f.age"
            if [ "$r1$RC" = 00 ] && cmp -s "$A/o1" "$A/p.$size" && cmp -s "$A/o2" "$A/p.$size"; then
                ok "age → datalots, X25519, $what: both identities decrypt it"
            else
                not_ok "age → datalots, X25519, $what: both identities decrypt it" "exit $r1/$RC: $ERR"
            fi
        else
            not_ok "age -r -r $armor encrypts $what"
        fi
        dla encrypt -r "$R1" -R "$A/recipients.txt" $armor -o "$A/f.dl" "$A/p.$size"
        if [ "$RC" = 0 ] && age -d -i "$A/k1.txt" -o "$A/o1" "$A/f.dl" 2>"$A/age.err" &&
            age -d -i "$A/k2.txt" -o "$A/o2" "$A/f.dl" 2>>"$A/age.err" &&
            same "$A/o1" "$A/p.$size" && same "$A/o2" "$A/p.$size"; then
            ok "datalots → age, X25519, $what: both identities decrypt it"
        else
            not_ok "datalots → age, X25519, $what: both identities decrypt it" "datalots exit $RC: $ERR; age: $(cat "$A/age.err")"
        fi
    done
done
expect_eq 600 "$(stat -c %a "$A/o1")" "-o files have mode 0600"
if [ -n "$armor" ] && head -1 "$A/f.dl" | grep -qx -- '-----BEGIN AGE ENCRYPTED FILE-----'; then
    ok "-a writes the PEM armor"
else
    not_ok "-a writes the PEM armor"
fi
head -c 70000 /dev/urandom >"$A/p.pipe"
"$DL" age encrypt -r "$R1" <"$A/p.pipe" 2>>"$T/cli.err" | "$DL" age decrypt -i "$A/k1.txt" >"$A/o.pipe" 2>>"$T/cli.err"
check "encrypt and decrypt through stdin and stdout" cmp -s "$A/o.pipe" "$A/p.pipe"
printf '# two keys in one file\n%s\n%s\n' "$(grep '^AGE' "$A/k3.txt")" "$SECRET1" >"$A/k31.txt"
age -r "$R1" -o "$A/f.age" "$A/p.65537"
dla decrypt -i "$A/k3.txt" -i "$A/k31.txt" -o "$A/o1" "$A/f.age"
if [ "$RC" = 0 ] && cmp -s "$A/o1" "$A/p.65537"; then ok "decrypt tries every identity of every -i file"; else not_ok "decrypt tries every identity of every -i file" "$ERR"; fi

# --- interoperability: passphrases ------------------------------------------------------
export DATALOTS_PASSPHRASE=$PW
for size in 0 1 65536 65537 5242880; do
    for armor in "" -a; do
        case $size$armor in 0 | 1 | 65536 | 65537 | 5242880 | 0-a | 65537-a) ;; *) continue ;; esac
        what="$size bytes${armor:+, armored}"
        rm -f "$A/f.age" "$A/f.dl" "$A/o1" "$A/o2"
        if pty_run "$PW" -- age -p $armor -o "$A/f.age" "$A/p.$size"; then
            dla decrypt -o "$A/o1" "$A/f.age"
            if [ "$RC" = 0 ] && cmp -s "$A/o1" "$A/p.$size"; then ok "age -p → datalots, $what"
            else not_ok "age -p → datalots, $what" "exit $RC: $ERR"; fi
        else
            not_ok "age -p $armor encrypts $what" "$(tr -d '\r' <"$A/pty.log" | tail -3)"
        fi
        dla encrypt -p $armor -o "$A/f.dl" "$A/p.$size"
        if [ "$RC" = 0 ] && pty_run "$PW" -- age -d -o "$A/o2" "$A/f.dl" && same "$A/o2" "$A/p.$size"; then
            ok "datalots -p → age, $what"
        else
            not_ok "datalots -p → age, $what" "datalots exit $RC: $ERR; age: $(tr -d '\r' <"$A/pty.log" | tail -3)"
        fi
    done
done
expect_match '^-> scrypt [A-Za-z0-9+/]{22} 18$' "$(sed -n 2p "$A/f.dl")" "-p uses work factor 18 by default"
dla encrypt -p --work-factor 12 -o "$A/f.wf" "$A/p.1"
expect_match '^-> scrypt [A-Za-z0-9+/]{22} 12$' "$(sed -n 2p "$A/f.wf")" "--work-factor 12 is written into the stanza"
dla encrypt -p --work-factor 23 -o "$A/f.wf" "$A/p.1"
expect_eq 2 "$RC" "--work-factor 23 (above the decryption limit): exit 2"
unset DATALOTS_PASSPHRASE
rm -f "$A/f.dl" "$A/o1"
if pty_run "$PW" -- "$DL" age encrypt -p -o "$A/f.dl" "$A/p.65537" && pty_run "$PW" -- "$DL" age decrypt -o "$A/o1" "$A/f.dl" &&
    cmp -s "$A/o1" "$A/p.65537"; then
    ok "datalots asks for the passphrase on the terminal (twice to encrypt, once to decrypt)"
else
    not_ok "datalots asks for the passphrase on the terminal" "$(tr -d '\r' <"$A/pty.log" | tail -3)"
fi
pty_run "$PW" -- "$DL" age encrypt -p -o "$A/f2.dl" "$A/p.1"
expect_match '^Enter passphrase: *Confirm passphrase: *$' "$(tr -d '\r' <"$A/pty.log" | tr '\n' ' ')" \
    "encrypting asks twice: Enter passphrase, Confirm passphrase"
rm -f "$A/f2.dl"
RC=0
pty_run "$PW" "not the same" -- "$DL" age encrypt -p -o "$A/f2.dl" "$A/p.1" || RC=$?
expect_eq 1 "$RC" "two different passphrases on the terminal: exit 1"
expect_match 'do not match' "$(cat "$A/pty.log")" "… says the passphrases do not match"
if [ -e "$A/f2.dl" ]; then not_ok "… and writes nothing"; else ok "… and writes nothing"; fi
if grep -q "$PW" "$A/pty.log"; then not_ok "the passphrase is not echoed on the terminal"; else ok "the passphrase is not echoed on the terminal"; fi
age -r "$R1" -o "$A/f.age" "$A/p.1"
dla decrypt -o "$A/o1" "$A/f.age"
expect_eq 2 "$RC" "decrypting a file for keys without -i: exit 2"
expect_match 'give the identity file with -i' "$ERR" "… says to give -i"

# --- crafted payloads (python writes the age file itself) -------------------------------
export DATALOTS_PASSPHRASE=$PW
head -c 131072 /dev/urandom >"$A/p.128k"
python3 "$A/craft.py" normal "$PW" "$A/p.128k" "$A/c.normal"
dla decrypt -o "$A/o1" "$A/c.normal"
if [ "$RC" = 0 ] && cmp -s "$A/o1" "$A/p.128k" && pty_run "$PW" -- age -d -o "$A/o2" "$A/c.normal" && same "$A/o2" "$A/p.128k"; then
    ok "control: both tools open the file the python writer makes"
else
    not_ok "control: both tools open the file the python writer makes" "exit $RC: $ERR; age: $(tr -d '\r' <"$A/pty.log" | tail -2)"
fi

# status_of ERE — the exit status datalots age decrypt gives for the failure
# whose message starts ERE (datalots age --help lists them).
status_of() {
    case $1 in
    "the file's header is malformed"*) echo 3 ;;
    'no identity matches'*) echo 4 ;;
    'the header MAC does not match'*) echo 5 ;;
    'the payload is damaged or truncated'*) echo 6 ;;
    'the armor is malformed'*) echo 7 ;;
    'work factor too high'*) echo 9 ;;
    'the file uses a feature'*) echo 8 ;;
    *) echo 1 ;;
    esac
}
# bad_file DESC FILE ERE [decrypt options…] — decrypt must fail with the
# status of its kind and the message ERE, and leave no -o file and no
# temporary file behind.
bad_file() {
    local desc=$1 f=$2 re=$3 want
    shift 3
    want=$(status_of "$re")
    rm -f "$A/out.bad"
    dla decrypt "$@" -o "$A/out.bad" "$f"
    if [ "$RC" = "$want" ] && printf '%s' "$ERR" | grep -Eq -- "$re" && [ ! -e "$A/out.bad" ] &&
        [ -z "$(find "$A" -maxdepth 1 -name '.out.bad.*')" ]; then
        ok "$desc: exit $want, \"$re\", no output file"
    else
        not_ok "$desc: exit $want, \"$re\", no output file" "exit $RC, out.bad $([ -e "$A/out.bad" ] && echo "exists ($(stat -c %s "$A/out.bad") bytes)" || echo absent); stderr: $ERR"
    fi
}
PAYLOAD='the payload is damaged or truncated'
HEADER="the file's header is malformed"
for mode in emptyfinal trailing nofinal shortchunk; do
    python3 "$A/craft.py" "$mode" "$PW" "$A/p.128k" "$A/c.$mode"
    bad_file "a crafted file ($mode)" "$A/c.$mode" "$PAYLOAD"
done

# --- damaged files ---------------------------------------------------------------
head -c $((3 * 65536 + 100)) /dev/urandom >"$A/p.bad"
age -r "$R1" -o "$A/b.age" "$A/p.bad"
for mode in truncate cut-final flip-chunk1 flip-chunk2 flip-tag flip-nonce append-byte append-chunk; do
    python3 "$A/edit.py" "$mode" "$A/b.age" "$A/b.$mode"
    bad_file "a damaged file ($mode)" "$A/b.$mode" "$PAYLOAD" -i "$A/k1.txt"
done
for mode in cut-header bad-base64 noncanonical-base64 long-line long-body-line version; do
    python3 "$A/edit.py" "$mode" "$A/b.age" "$A/b.$mode"
    bad_file "a damaged header ($mode)" "$A/b.$mode" "$HEADER" -i "$A/k1.txt"
done
python3 "$A/edit.py" mac "$A/b.age" "$A/b.mac"
bad_file "a flipped bit in the header MAC" "$A/b.mac" 'the header MAC does not match' -i "$A/k1.txt"
bad_file "the wrong key" "$A/b.age" 'no identity matches' -i "$A/k3.txt"
head -c 5000 /dev/urandom >"$A/b.random"
bad_file "random bytes" "$A/b.random" "$HEADER \\(this is not an age file" -i "$A/k1.txt"
: >"$A/b.empty"
bad_file "an empty file" "$A/b.empty" "$HEADER" -i "$A/k1.txt"
pty_run "$PW" -- age -p -o "$A/s.age" "$A/p.bad"
DATALOTS_PASSPHRASE="not $PW" bad_file "the wrong passphrase" "$A/s.age" 'no identity matches: the passphrase is wrong'
python3 "$A/edit.py" work-factor-30 "$A/s.age" "$A/s.wf30"
expect_match '^-> scrypt \S+ 30$' "$(sed -n 2p "$A/s.wf30")" "the crafted stanza says work factor 30"
bad_file "scrypt work factor 30" "$A/s.wf30" 'work factor too high'
sed '2s/ 30$/ 100/' "$A/s.wf30" >"$A/s.wf100"
bad_file "scrypt work factor 100 (three digits)" "$A/s.wf100" 'work factor too high'

# -o through a symbolic link writes where the link points and keeps the link
head -c 1000 /dev/urandom >"$A/p.link"
age -r "$R1" -o "$A/c.link" "$A/p.link"
: >"$A/real.out"
ln -sf real.out "$A/link.out"
dla decrypt -i "$A/k1.txt" -o "$A/link.out" "$A/c.link"
if [ "$RC" = 0 ] && [ -L "$A/link.out" ] && cmp -s "$A/real.out" "$A/p.link"; then ok "-o a symbolic link: the link stays, its target gets the data"
else not_ok "-o a symbolic link: the link stays, its target gets the data" "exit $RC; $(ls -l "$A/link.out" "$A/real.out")"; fi
ln -sf /proc/self/fd/1 "$A/fd1.out"
"$DL" age decrypt -i "$A/k1.txt" -o "$A/fd1.out" "$A/c.link" >"$A/redir.out" 2>>"$T/cli.err"
rc=$?
if [ "$rc" = 0 ] && [ -L "$A/fd1.out" ] && cmp -s "$A/redir.out" "$A/p.link"; then ok "-o a link to /proc/self/fd/1: written through, the link stays"
else not_ok "-o a link to /proc/self/fd/1: written through, the link stays" "exit $rc; $(ls -l "$A/fd1.out" "$A/redir.out")"; fi
# -o under /dev: only a device, FIFO or descriptor is written straight
# through; a regular file in a directory under /dev (/dev/shm) goes through
# a temporary file and a rename, as anywhere else
if SHM=$(mktemp -d /dev/shm/dl-e2e-age.XXXXXX 2>/dev/null); then
    dla encrypt -r "$R1" -o "$SHM/out.age" "$A/p.link"
    expect_eq 0 "$RC" "-o a new file under /dev/shm: exit 0"
    expect_eq "" "$ERR" "… nothing on stderr"
    if age -d -i "$A/k1.txt" -o "$A/o.shm" "$SHM/out.age" 2>/dev/null && cmp -s "$A/o.shm" "$A/p.link"; then
        ok "… and age decrypts it"
    else not_ok "… and age decrypts it" "$(ls -la "$SHM")"; fi
    expect_eq 600 "$(stat -c %a "$SHM/out.age" 2>/dev/null)" "… with mode 0600 (made by the temporary file)"
    printf 'earlier result\n' >"$SHM/keep.out"
    ino=$(stat -c %i "$SHM/keep.out")
    dla decrypt -i "$A/k1.txt" -o "$SHM/keep.out" "$A/b.flip-chunk2"
    expect_eq 6 "$RC" "-o an existing file under /dev/shm, damaged input: exit 6"
    expect_eq "earlier result" "$(cat "$SHM/keep.out")" "… the file under /dev/shm keeps its content"
    dla decrypt -i "$A/k1.txt" -o "$SHM/keep.out" "$A/c.link"
    if [ "$RC" = 0 ] && cmp -s "$SHM/keep.out" "$A/p.link" && [ "$(stat -c %i "$SHM/keep.out")" != "$ino" ]; then
        ok "-o an existing file under /dev/shm: replaced by a rename"
    else not_ok "-o an existing file under /dev/shm: replaced by a rename" "exit $RC: $ERR"; fi
    expect_eq "keep.out out.age" "$(cd "$SHM" && echo $(ls -A))" "no temporary file is left under /dev/shm"
    rm -rf "$SHM"
else
    not_ok "a directory under /dev/shm for the -o tests" "mktemp -d /dev/shm/… failed"
fi
dla encrypt -r "$R1" -o /dev/null "$A/p.link"
expect_eq 0 "$RC" "-o /dev/null: exit 0"
check "… /dev/null is still a character device" test -c /dev/null
ln -sf /dev/null "$A/null.link"
dla encrypt -r "$R1" -o "$A/null.link" "$A/p.link"
if [ "$RC" = 0 ] && [ -L "$A/null.link" ] && [ -c /dev/null ]; then ok "-o a link to /dev/null: written through, the link stays"
else not_ok "-o a link to /dev/null: written through, the link stays" "exit $RC: $ERR; $(ls -l "$A/null.link")"; fi
"$DL" age decrypt -i "$A/k1.txt" -o /dev/stdout "$A/c.link" >"$A/stdout.file" 2>>"$T/cli.err"
rc=$?
if [ "$rc" = 0 ] && cmp -s "$A/stdout.file" "$A/p.link"; then ok "-o /dev/stdout, standard output a file: written there"
else not_ok "-o /dev/stdout, standard output a file: written there" "exit $rc"; fi
"$DL" age decrypt -i "$A/k1.txt" -o /dev/stdout "$A/c.link" 2>>"$T/cli.err" | cat >"$A/stdout.pipe"
if [ "${PIPESTATUS[0]}" = 0 ] && cmp -s "$A/stdout.pipe" "$A/p.link"; then ok "-o /dev/stdout, standard output a pipe: written there"
else not_ok "-o /dev/stdout, standard output a pipe: written there"; fi
rm -f "$A/out.fifo"
mkfifo "$A/out.fifo"
cat "$A/out.fifo" >"$A/out.fifo.data" &
reader=$!
dla decrypt -i "$A/k1.txt" -o "$A/out.fifo" "$A/c.link"
wait "$reader"
if [ "$RC" = 0 ] && [ -p "$A/out.fifo" ] && cmp -s "$A/out.fifo.data" "$A/p.link"; then ok "-o a FIFO: written through, the FIFO stays"
else not_ok "-o a FIFO: written through, the FIFO stays" "exit $RC: $ERR"; fi
ln -sf missing.out "$A/dangling.out"
dla decrypt -i "$A/k1.txt" -o "$A/dangling.out" "$A/c.link"
expect_eq 1 "$RC" "-o a link to a missing file: exit 1"
expect_match 'symbolic link to a missing file' "$ERR" "… says so"

# secret keys are never echoed, wherever they stand in a recipient
SECRET2=$(grep '^AGE-SECRET-KEY-1' "$A/k2.txt")
dla encrypt -a -r " $SECRET2" "$A/p.link"
expect_eq 2 "$RC" "-r with a secret key after a space: exit 2"
expect_no_match "${SECRET2#AGE-SECRET-KEY-1}" "$ERR" "… the secret key is not echoed"
printf 'x%s\n' "$SECRET2" >"$A/secret-recipients.txt"
dla encrypt -a -R "$A/secret-recipients.txt" "$A/p.link"
expect_eq 2 "$RC" "-R with a mangled secret key: exit 2"
expect_no_match "${SECRET2#AGE-SECRET-KEY-1}" "$ERR" "… not echoed either"
printf '\xef\xbb\xbf%s\r\n' "$R1" >"$A/bom-recipients.txt"
dla encrypt -R "$A/bom-recipients.txt" -o "$A/c.bom" "$A/p.link"
expect_eq 0 "$RC" "-R a recipients file with a byte-order mark and CRLF (Windows): exit 0"
# key files are read line by line within a bound, whatever their size
dla decrypt -i /dev/zero "$A/c.link"
expect_eq 2 "$RC" "-i /dev/zero: exit 2 at once"
expect_match 'line 1 is longer than 4096 bytes' "$ERR" "… the line is too long"
dla decrypt -i "$A/k1.txt" -o "$A/out.bad" "$A/s.age"
expect_match 'passphrase-encrypted: leave out -i' "$ERR" "decrypt -i of a passphrase file says to leave out -i"
age -r "$R1" -a -o "$A/a.age" "$A/p.bad"
sed '3s/^./*/' "$A/a.age" >"$A/a.star"
bad_file "armor with a character outside base64" "$A/a.star" 'the armor is malformed' -i "$A/k1.txt"
sed '$d' "$A/a.age" >"$A/a.noend"
bad_file "armor without its END line" "$A/a.noend" 'the armor is malformed' -i "$A/k1.txt"
{ cat "$A/a.age"; echo "trailing words"; } >"$A/a.trail"
bad_file "text after the armor" "$A/a.trail" 'the armor is malformed' -i "$A/k1.txt"
# a file for a post-quantum (ML-KEM hybrid) key: its own status, not "wrong key"
sed '2s/^-> X25519 /-> mlkem768x25519 /' "$A/b.age" >"$A/b.pq"
bad_file "a file for an ML-KEM hybrid key" "$A/b.pq" 'the file uses a feature datalots does not support.*post-quantum' -i "$A/k1.txt"
# a damaged second chunk on stdout: at most the authenticated first chunk comes out
python3 "$A/edit.py" flip-chunk2 "$A/b.age" "$A/b.flip2"
dla decrypt -i "$A/k1.txt" "$A/b.flip2"
if [ "$RC" = 6 ] && [ "$(stat -c %s "$A/stdout")" -le 65536 ]; then
    ok "a damaged second chunk to stdout: exit 6, nothing past the first chunk written"
else
    not_ok "a damaged second chunk to stdout: exit 6, nothing past the first chunk written" "exit $RC, $(stat -c %s "$A/stdout") bytes"
fi
# an existing OUT survives a failed decryption untouched
echo "keep me" >"$A/keep"
dla decrypt -i "$A/k1.txt" -o "$A/keep" "$A/b.flip-chunk2"
expect_eq "keep me" "$(cat "$A/keep")" "a failed decryption leaves an existing -o file untouched"

# --- memory and interruption (release binary) ---------------------------------------
# peak_rss_kb CMD… — runs CMD, prints its peak RSS in KiB (GNU time, else VmHWM polling).
peak_rss_kb() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v "$@" 2>"$A/time.err" >/dev/null || { echo "failed: $(tail -3 "$A/time.err")" >&2; echo 0; return; }
        awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$A/time.err"
    else
        "$@" >/dev/null 2>"$A/time.err" &
        local pid=$! hwm=0 v
        while kill -0 "$pid" 2>/dev/null; do
            v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
            [ -n "$v" ] && [ "$v" -gt "$hwm" ] && hwm=$v
            sleep 0.02
        done
        wait "$pid" || { echo 0; return; }
        echo "$hwm"
    fi
}
if [ -x "$REL" ]; then
    # Streaming: 200 MiB costs at most 4 MiB more than 1 byte does (the
    # program's own baseline — its shared libraries, the PDF ones among
    # them — measured the same way, in the same run).
    head -c 1 /dev/urandom >"$A/tiny"
    base=$(peak_rss_kb "$REL" age encrypt -r "$R1" -o "$A/tiny.age" "$A/tiny")
    limit=$(( ${base:-0} + 4096 ))
    check "the baseline peak RSS is measured (${base:-?} KiB for 1 byte)" test "${base:-0}" -gt 0
    head -c $((200 << 20)) /dev/urandom >"$A/big"
    kb=$(peak_rss_kb "$REL" age encrypt -r "$R1" -o "$A/big.age" "$A/big")
    if [ "${kb:-0}" -gt 0 ] && [ "$kb" -lt "$limit" ]; then ok "encrypting 200 MiB peaks at ${kb} KiB RSS (< 1 byte's ${base} KiB + 4 MiB)"
    else not_ok "encrypting 200 MiB peaks below 1 byte's RSS + 4 MiB" "peak ${kb:-?} KiB, limit $limit KiB"; fi
    kb=$(peak_rss_kb "$REL" age decrypt -i "$A/k1.txt" -o "$A/big.out" "$A/big.age")
    if [ "${kb:-0}" -gt 0 ] && [ "$kb" -lt "$limit" ] && cmp -s "$A/big" "$A/big.out"; then
        ok "decrypting 200 MiB peaks at ${kb} KiB RSS (< 1 byte's ${base} KiB + 4 MiB), same bytes"
    else
        not_ok "decrypting 200 MiB peaks below 1 byte's RSS + 4 MiB, same bytes" "peak ${kb:-?} KiB, limit $limit KiB"
    fi
    kb=$(peak_rss_kb "$REL" age encrypt -a -r "$R1" -o "$A/big.age" "$A/big")
    if [ "${kb:-0}" -gt 0 ] && [ "$kb" -lt "$limit" ]; then ok "armored encryption of 200 MiB peaks at ${kb} KiB RSS (< 1 byte's + 4 MiB)"
    else not_ok "armored encryption of 200 MiB peaks below 1 byte's RSS + 4 MiB" "peak ${kb:-?} KiB, limit $limit KiB"; fi
    kb=$(peak_rss_kb "$REL" age decrypt -i "$A/k1.txt" -o "$A/big.out" "$A/big.age")
    if [ "${kb:-0}" -gt 0 ] && [ "$kb" -lt "$limit" ]; then ok "armored decryption of 200 MiB peaks at ${kb} KiB RSS (< 1 byte's + 4 MiB)"
    else not_ok "armored decryption of 200 MiB peaks below 1 byte's RSS + 4 MiB" "peak ${kb:-?} KiB, limit $limit KiB"; fi
    rm -f "$A/big" "$A/big.age" "$A/big.out"
else
    ok "memory checks # SKIP no release binary at $REL (make datalots)"
fi

# SIGTERM while decrypting to -o: the input comes through a FIFO that stays
# open, so the temporary file is there when the signal arrives.
head -c $((3 << 20)) /dev/urandom >"$A/p.3m"
age -r "$R1" -o "$A/f.3m" "$A/p.3m"
mkfifo "$A/fifo"
"$DL" age decrypt -i "$A/k1.txt" -o "$A/sig.out" "$A/fifo" 2>>"$T/cli.err" &
pid=$!
exec {wfd}>"$A/fifo"
head -c $((2 << 20)) "$A/f.3m" >&"$wfd"
for _ in $(seq 1 100); do [ -n "$(find "$A" -maxdepth 1 -name '.sig.out.*')" ] && break; sleep 0.05; done
tmpseen=$(find "$A" -maxdepth 1 -name '.sig.out.*' | wc -l)
kill -TERM "$pid" 2>/dev/null
wait "$pid"
rc=$?
exec {wfd}>&-
if [ "$tmpseen" = 1 ] && [ "$rc" = 143 ] && [ ! -e "$A/sig.out" ] && [ -z "$(find "$A" -maxdepth 1 -name '.sig.out.*')" ]; then
    ok "SIGTERM during decrypt -o: exit 143, the temporary file is removed, no output file"
else
    not_ok "SIGTERM during decrypt -o: the temporary file is removed, no output file" "temporary file seen: $tmpseen, exit $rc; $(find "$A" -maxdepth 1 -name '*sig.out*')"
fi
unset DATALOTS_PASSPHRASE

fi # on_pg
# --- the web page ----------------------------------------------------------------------
start_server || finish
http GET /account/age-key -
expect_status 303 "/account/age-key signed out: 303 to sign in"
expect_header Location '^/login\?next=' "… redirected to /login"
login registrator
RJ=$(jar registrator)
http GET /account/age-key "$RJ"
expect_status 200 "GET /account/age-key signed in: 200"
expect_body_has 'name="key"' "the page has the key field"
expect_body_has 'sparas med ärendet' "the page says the key will be stored with the case"
post /account/age-key "$RJ" "key=$R2"
expect_status 200 "POST a valid age1 key: 200"
expect_body_has "Leveranser krypteras till:" "the page confirms where deliveries go"
expect_body_has "$R2" "… and shows the key"
post /account/age-key "$RJ" "key=  $R1  "
expect_status 200 "a key with spaces around it is accepted"
expect_body_has "$R1" "… and shown without them"
post /account/age-key "$RJ" "key=hello world"
expect_status 422 "POST a non-key: 422"
expect_body_has "Det här är inte en giltig age-nyckel: den ska börja med age1" "a non-key gets the clear Swedish error"
bad=${R2:0:20}x${R2:21}
[ "$bad" = "$R2" ] && bad=${R2:0:20}y${R2:21}
post /account/age-key "$RJ" "key=$bad"
expect_status 422 "POST an age1 key with a wrong character: 422"
expect_body_has "kontrollsumman" "… says the checksum or length is wrong"
post /account/age-key "$RJ" "key=ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
expect_body_has "SSH-nycklar stöds inte" "an SSH key gets its own message"
SECRET2=$(grep '^AGE-SECRET-KEY-1' "$A/k2.txt")
post /account/age-key "$RJ" "key=$SECRET2"
expect_status 422 "POST a secret key: 422"
expect_body_has "hemlig age-nyckel" "a secret key gets the specific warning"
expect_body_lacks "${SECRET2#AGE-SECRET-KEY-1}" "the secret key is not echoed back"
post /account/age-key "$RJ" "key=$(cat "$A/k2.txt")"
expect_status 422 "POST a whole key file: 422"
expect_body_has "hemlig age-nyckel" "a whole key file gets the secret-key warning"
expect_body_lacks "${SECRET2#AGE-SECRET-KEY-1}" "… and its secret key is not echoed"
post /account/age-key "$RJ" "key=$(printf '%s' "$SECRET2" | tr '[:upper:]' '[:lower:]')"
expect_body_has "hemlig age-nyckel" "a lowercase secret key is recognised too"
if grep -rqi "${SECRET2#AGE-SECRET-KEY-1}" "$SRV_DIR" 2>/dev/null; then not_ok "the secret key reaches no log or store file"
else ok "the secret key reaches no log or store file"; fi
post /account/age-key "$RJ" "key="
expect_status 422 "POST an empty key: 422"
expect_body_has "Klistra in din offentliga age-nyckel" "an empty key asks for one"
http POST /account/age-key "$RJ" --data-urlencode "key=$R2"
expect_status 403 "POST without the CSRF token: 403"
# Uploads (multipart/form-data, the same field checks as typed values).
# upload JAR CURL-F-ARGS… — POST /account/age-key as a form with a file field.
upload() {
    local j=$1 tok
    shift
    tok=$(csrf_of /org "$j")
    http POST /account/age-key "$j" -F "csrf=$tok" "$@"
}
printf '# recipient of the delivery\n\n%s\n' "$R1" >"$A/recipients.txt"
upload "$RJ" -F "key_file=@$A/recipients.txt"
expect_status 200 "upload a recipients file: 200"
expect_body_has "$R1" "… the key from the file is shown"
upload "$RJ" -F "key_file=@$A/k2.txt"
expect_status 422 "upload age-keygen's key file: 422"
expect_body_has "hemlig age-nyckel" "… the secret-key warning"
expect_body_lacks "${SECRET2#AGE-SECRET-KEY-1}" "… the uploaded secret key is not echoed"
printf '%s\n%s\n' "$R1" "$R2" >"$A/two.txt"
upload "$RJ" -F "key_file=@$A/two.txt"
expect_status 422 "upload a file with two keys: 422"
expect_body_has "flera nycklar" "… says there are several keys"
head -c 300 /dev/urandom >"$A/random.bin"
printf 'x\0y' >>"$A/random.bin"
upload "$RJ" -F "key_file=@$A/random.bin"
expect_status 422 "upload a binary file: 422, the form is shown again"
expect_body_has "Filen är inte en textfil" "… says the file is not text"
head -c 5000 /dev/zero | tr '\0' a >"$A/long.txt"
upload "$RJ" -F "key_file=@$A/long.txt"
expect_status 422 "upload a 5000-byte file: 422 (over the field's 4000 bytes)"
expect_body_has "för stor för att vara en nyckelfil" "… says the file is too large for a key file"
expect_body_lacks "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" "… its text is not echoed"
upload "$RJ" -F "key=" -F "key_file=@$A/recipients.txt;filename=../../etc/passwd"
expect_status 200 "a hostile file name does not matter: 200"
printf '\xef\xbb\xbf%s\r\n' "$R1" >"$A/bom.txt"
upload "$RJ" -F "key_file=@$A/bom.txt"
expect_status 200 "a file with a byte-order mark and CRLF (Windows Notepad): 200"
grep -v '^AGE-SECRET' "$A/k2.txt" >"$A/k2-public-only.txt"
upload "$RJ" -F "key_file=@$A/k2-public-only.txt"
expect_status 200 "age-keygen output with the secret line deleted: the '# public key:' comment is used"
expect_body_has "$R2" "… and shown"
post /account/age-key "$RJ" "key=Public key: $R2"
expect_status 200 "pasting age-keygen's 'Public key: age1…' line: 200"
upload "$RJ" -F "key=   " -F "key_file=@$A/recipients.txt"
expect_status 200 "a key field of spaces with a file: the file is used"
long_secret="$(head -c 2500 /dev/zero | tr '\0' x) $SECRET2"
post /account/age-key "$RJ" "key=$long_secret"
expect_status 422 "a 2500-character paste holding a secret key: 422"
expect_body_has "hemlig age-nyckel" "… still gets the secret-key warning"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30; do cat "$A/k2.txt"; done >"$A/many-keys.txt"
upload "$RJ" -F "key_file=@$A/many-keys.txt"
expect_status 422 "a large file of secret keys: 422"
expect_body_has "hemlig age-nyckel" "… gets the secret-key warning, not a size error"
tok=$(csrf_of /org "$RJ")
http POST /account/age-key "$RJ" -H 'Content-Type: multipart/form-data; boundary=XyZ; charset=utf-8' \
    --data-binary $'--XyZ\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n'"$tok"$'\r\n--XyZ--\r\n'
expect_status 400 "a boundary the body never uses: 400"
expect_body_has "ingen formulärdel hittades" "… says no part was found"
http POST /account/age-key "$RJ" -H 'Content-Type: multipart/form-data; boundary=XyZ' \
    --data-binary $'--XyZ\r\nContent-Disposition: form-data; name="key"\r\nContent-Transfer-Encoding: base64\r\n\r\nYWdlMQ==\r\n--XyZ--\r\n'
expect_status 400 "a base64-encoded part: 400"
expect_body_has "Content-Transfer-Encoding" "… says encoded parts are not allowed"
http POST /account/age-key "$RJ" -H 'Content-Type: multipart/form-dataX; boundary=XyZ' --data-binary 'x'
expect_status 415 "multipart/form-dataX is not multipart: 415"
tok=$(csrf_of /org "$RJ")
http POST /account/age-key "$RJ" -H 'Content-Type: multipart/form-data' --data-binary "csrf=$tok&key=$R1"
expect_status 400 "multipart without a boundary: 400"
http POST /account/age-key "$RJ" -H 'Content-Type: multipart/form-data; boundary=XYZ' \
    --data-binary $'--XYZ\r\nContent-Disposition: form-data; name="key"\r\n\r\nage1'
expect_status 400 "a cut-off multipart body: 400"
expect_body_has "multipart-data är felaktigt uppbyggt" "… says the multipart data is malformed"
http POST /account/age-key "$RJ" -F "key=$R1"
expect_status 403 "an upload without the CSRF token: 403"
tok=$(csrf_of /org "$RJ")
http POST /account/password "$RJ" -F "csrf=$tok" -F "current=x" -F "new=y" -F "confirm=y"
expect_status 415 "multipart where no upload is taken (/account/password): 415"
printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tlang\ten\n' >>"$RJ"
post /account/age-key "$RJ" "key=$R2"
expect_body_has "Deliveries will be encrypted to:" "in English: the confirmation is translated"
post /account/age-key "$RJ" "key=$SECRET2"
expect_body_has "What you pasted is a secret age key" "in English: the secret-key warning is translated"

finish
