# shellcheck shell=bash
# tests/e2e/imap_server.sh — a real IMAP server for the official mailbox's
# tests (docs/mailbox.md): Debian's dovecot, started unprivileged with its own
# configuration in DIR (127.0.0.1 on a free port, a passwd-file user, Maildir
# in DIR, ssl = no, plaintext login on loopback). Sourced by
# tests/e2e/t_mailbox.sh and tests/browser/run.sh.
#
#   imap_server_start DIR   starts it; sets IMAP (imap://127.0.0.1:PORT),
#                           IMAP_PORT, MB_USER, MB_PW, DOVECOT_PID; 1 if it
#                           does not answer within 10 s
#   imap_server_stop        SIGTERM and wait
#   imap ARGS…              curl as the mailbox's user
#   deliver FILE            APPENDs the message to INBOX, not \Seen

imap() { curl -sS --max-time 20 --user "$MB_USER:$MB_PW" "$@"; }
# curl APPENDs with \Seen; a message just delivered is not.
deliver() { imap -T "$1" "$IMAP/INBOX" && imap "$IMAP/INBOX" -X 'UID STORE 1:* -FLAGS.SILENT (\Seen)' >/dev/null; }

imap_free_port() {
    local p
    while :; do
        p=$((20000 + RANDOM % 12000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
}

imap_server_start() {
    local dir=$1 dovecot internal login mail_uid mail_gid
    dovecot=$(command -v dovecot || echo /usr/sbin/dovecot)
    [ -x "$dovecot" ] || return 1
    mkdir -p "$dir/run" "$dir/mail"
    chmod 755 "$dir" "$(dirname "$dir")"
    IMAP_PORT=$(imap_free_port)
    MB_USER=registratur
    MB_PW=Hemligt-IMAP-$RANDOM$RANDOM
    # As root (a container) dovecot wants its login processes and the mail
    # user to be someone else: its own system users. Otherwise: us.
    if [ "$(id -u)" -eq 0 ]; then
        internal=dovecot login=dovenull mail_uid=$(id -u dovecot) mail_gid=$(id -g dovecot)
        chown dovecot "$dir/mail"
    else
        internal=$(id -un) login=$(id -un) mail_uid=$(id -u) mail_gid=$(id -g)
    fi
    cat >"$dir/dovecot.conf" <<CONF
base_dir = $dir/run
state_dir = $dir/run
log_path = $dir/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = $internal
default_internal_group = $(id -gn "$internal")
default_login_user = $login
first_valid_uid = 0
mail_location = maildir:$dir/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u $dir/passwd
  default_fields = uid=$mail_uid gid=$mail_gid home=$dir/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service auth {
  user = $(id -un)
}
service auth-worker {
  user = $(id -un)
}
CONF
    echo "$MB_USER:{PLAIN}$MB_PW::::::" >"$dir/passwd"
    "$dovecot" -F -c "$dir/dovecot.conf" >"$dir/dovecot.out" 2>&1 &
    DOVECOT_PID=$!
    IMAP=imap://127.0.0.1:$IMAP_PORT
    for _ in $(seq 1 100); do
        imap "$IMAP/" -X 'EXAMINE INBOX' >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

imap_server_stop() {
    [ -n "${DOVECOT_PID:-}" ] || return 0
    kill -TERM "$DOVECOT_PID" 2>/dev/null
    wait "$DOVECOT_PID" 2>/dev/null
    DOVECOT_PID=
}
