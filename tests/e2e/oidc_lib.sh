# shellcheck shell=bash disable=SC2034
# tests/e2e/oidc_lib.sh — helpers for the OIDC tests (issue 17) on top of
# lib.sh (source lib.sh first): a real OpenID provider on loopback (npm's
# oidc-provider, tests/browser/oidc_provider.mjs) and curl driving a browser's
# way through datalots → provider → its sign-in form → datalots' callback.
#
#   oidc_provider_start ACCOUNTS CLIENT-SPEC…   starts the provider on a free
#                        port (node_modules installed first when missing);
#                        sets OP (its issuer, http://127.0.0.1:OP_PORT),
#                        OP_PORT, OP_PID, OP_OUT, OP_ERR, OP_KID_RS256,
#                        OP_KID_ES256; the file's cleanup and finish stop it.
#                        Returns 1 with a not_ok when it does not start.
#   oidc_provider_stop   SIGTERM, wait (the "provider down" case)
#   oidc_provider_restart  starts it again on the same port with the same
#                        arguments (new keys, no sessions)
#   oidc_mode NAME       POST /__test/mode: spoils the next token response
#                        (see oidc_provider.mjs); 1 if the provider refused
#   oidc_to_callback JAR LOGIN START   GET START (a datalots path) with JAR,
#                        then follows the provider's redirects, fills its
#                        form with LOGIN (none when its session is still
#                        alive) and stops at the redirect back to datalots:
#                        OIDC_CALLBACK holds that URL's path, OIDC_AUTH the
#                        authorization request datalots made. On a stop
#                        before that, OIDC_STEP says where and it returns 1;
#                        STATUS/BODY/HDRS are the last datalots response.
#   oidc_continue JAR LOGIN  the same from the Location of the last http
#                        call (e.g. after `post /account/oidc/NAME/link`)
#   oidc_flow JAR LOGIN START  oidc_to_callback, then GETs the callback:
#                        STATUS, BODY, HDRS as lib.sh's http leaves them
#   oidc_logout_confirm JAR [URL]  from URL, or the Location of the last
#                        http call (the provider's end-session endpoint): its
#                        confirm form posted with logout=yes; OIDC_BACK is
#                        where the provider sent the browser back to
#   oidc_forget JAR      drops the provider's cookies from JAR (its session:
#                        the next sign-in shows its form again)
#   oidc_param URL NAME  the (url-decoded) query parameter NAME of URL
#   jwt_part JWT N       the decoded JSON of part N (0 header, 1 payload)

OIDC_ROOT=$E2E_ROOT/tests/browser
OP='' OP_PORT='' OP_PID='' OP_ARGS=()
OIDC_CALLBACK='' OIDC_AUTH='' OIDC_STEP='' OIDC_BACK=''
# shellcheck source=tests/browser/npm_deps.sh
. "$OIDC_ROOT/npm_deps.sh"

oidc_provider_start() {
    local accounts=$1
    shift
    command -v node >/dev/null 2>&1 || { not_ok "the OpenID provider starts" "node is not installed (Debian: nodejs)"; return 1; }
    browser_npm_deps 2>"$T/npm.err" || { not_ok "the OpenID provider starts" "$(tail -5 "$T/npm.err")"; return 1; }
    local c
    OP_ARGS=(--accounts "$accounts")
    for c in "$@"; do OP_ARGS+=(--client "$c"); done
    OP_PORT=$(free_port)
    _oidc_run
}

_oidc_run() {
    OP_OUT=$T/op.out
    OP_ERR=$T/op.err
    : >"$OP_OUT"
    (cd "$OIDC_ROOT" && exec node oidc_provider.mjs --port "$OP_PORT" "${OP_ARGS[@]}") >"$OP_OUT" 2>>"$OP_ERR" &
    OP_PID=$!
    SERVER_PIDS+=("$OP_PID")
    for _ in $(seq 1 200); do
        grep -q '^kid ES256 ' "$OP_OUT" 2>/dev/null && break
        kill -0 "$OP_PID" 2>/dev/null || break
        sleep 0.05
    done
    OP=$(sed -n 's/^ready //p' "$OP_OUT" | head -1)
    OP_KID_RS256=$(sed -n 's/^kid RS256 //p' "$OP_OUT" | head -1)
    OP_KID_ES256=$(sed -n 's/^kid ES256 //p' "$OP_OUT" | head -1)
    if [ "$OP" != "http://127.0.0.1:$OP_PORT" ] || [ -z "$OP_KID_ES256" ]; then
        not_ok "the OpenID provider starts on port $OP_PORT" "$(head -c 800 "$OP_ERR")"
        return 1
    fi
}

oidc_provider_stop() { [ -n "$OP_PID" ] && stop_server "$OP_PID"; OP_PID=; return 0; }

oidc_provider_restart() {
    oidc_provider_stop
    _oidc_run
}

oidc_mode() {
    local r
    r=$(curl -s --max-time 10 -d "mode=$1" "$OP/__test/mode")
    [ "$r" = "mode $1" ]
}

oidc_param() {
    local v
    v=$(printf '%s' "$1" | sed -n "s/.*[?&]$2=\([^&#]*\).*/\1/p" | head -1)
    python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote_plus(sys.argv[1]))' "$v"
}

jwt_part() {
    python3 -c '
import base64, sys
s = sys.argv[1].split(".")[int(sys.argv[2])]
print(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)).decode())' "$1" "$2"
}

# _op J URL [curl args] — one request to the provider with the jar J;
# sets OP_STATUS, OP_LOC (the Location, absolute), OP_BODY (file).
OP_BODY=$T/op.body
_op() {
    local j=$1 url=$2 out
    shift 2
    out=$(curl -s -g --max-time 30 -b "$j" -c "$j" -o "$OP_BODY" -w '%{http_code} %{redirect_url}' "$@" "$url")
    OP_STATUS=${out%% *}
    OP_LOC=${out#* }
}

_op_text() { tr '\n' ' ' <"$OP_BODY" | sed -e 's/<style.*<\/style>//' -e 's/<[^>]*>/ /g' | tr -s ' ' | head -c 300; }

# _op_autopost J — posts the first form of OP_BODY (its action, its hidden
# inputs, unescaped) with the jar J.
_op_autopost() {
    local args=() line action=
    while IFS= read -r line; do
        if [ -z "$action" ]; then action=$line; else args+=(--data-urlencode "$line"); fi
    done < <(python3 -c '
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
form = re.search(r"<form[^>]*action=\"([^\"]*)\"[^>]*>(.*?)</form>", page, re.S)
print(html.unescape(form.group(1)))
for name, value in re.findall(r"<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\"", form.group(2)):
    print(html.unescape(name) + "=" + html.unescape(value))' "$OP_BODY")
    case $action in /*) action=$OP$action ;; esac
    _op "$1" "$action" "${args[@]}"
}

oidc_continue() {
    local j=$1 login=$2 loc n uid
    loc=$(hdr Location)
    OIDC_STEP='' OIDC_CALLBACK=''
    case $loc in
    "$OP"/auth\?*) OIDC_AUTH=$loc ;;
    *) OIDC_STEP="datalots answered $STATUS, not a redirect to $OP/auth (Location: $loc)"; return 1 ;;
    esac
    for n in $(seq 1 8); do
        case $loc in
        "$BASE"/*)
            OIDC_CALLBACK=${loc#"$BASE"}
            return 0
            ;;
        "$OP"/interaction/*)
            _op "$j" "$loc"
            if [ "$OP_STATUS" != 200 ] || ! grep -q 'Användarnamn' "$OP_BODY"; then
                OIDC_STEP="the provider's sign-in form answered $OP_STATUS: $(_op_text)"
                return 1
            fi
            uid=${loc#"$OP"/interaction/}
            _op "$j" "$OP/interaction/$uid/login" --data-urlencode "login=$login"
            ;;
        "$OP"/*) _op "$j" "$loc" ;;
        *)
            OIDC_STEP="step $n went to [$loc]"
            return 1
            ;;
        esac
        # A page that posts itself (oidc-provider ends the session of
        # another account this way before going on): posted, as a
        # browser would.
        if [ -z "$OP_LOC" ] && [ "$OP_STATUS" = 200 ] && grep -q 'document.forms\[0\].submit()' "$OP_BODY"; then
            _op_autopost "$j"
        fi
        if [ -z "$OP_LOC" ]; then
            OIDC_STEP="the provider answered $OP_STATUS without a redirect at step $n: $(_op_text)"
            return 1
        fi
        loc=$OP_LOC
    done
    OIDC_STEP="more than 8 redirects"
    return 1
}

oidc_to_callback() {
    local j=$1 login=$2 start=$3
    http GET "$start" "$j"
    oidc_continue "$j" "$login"
}

oidc_flow() {
    oidc_to_callback "$@" || return 1
    http GET "$OIDC_CALLBACK" "$1"
}

oidc_logout_confirm() {
    local j=$1 loc=${2:-} x
    [ -n "$loc" ] || loc=$(hdr Location)
    OIDC_BACK=
    case $loc in
    "$OP"/session/end\?*) ;;
    *) OIDC_STEP="not the provider's end-session endpoint: [$loc]"; return 1 ;;
    esac
    _op "$j" "$loc"
    x=$(grep -o 'name="xsrf" value="[^"]*"' "$OP_BODY" | head -1 | sed 's/.*value="//; s/"$//')
    if [ "$OP_STATUS" != 200 ] || [ -z "$x" ]; then
        OIDC_STEP="the end-session page answered $OP_STATUS without a form: $(_op_text)"
        return 1
    fi
    _op "$j" "$OP/session/end/confirm" --data-urlencode "xsrf=$x" --data-urlencode logout=yes
    OIDC_BACK=$OP_LOC
    [ -n "$OIDC_BACK" ] || { OIDC_STEP="the confirm answered $OP_STATUS without a redirect"; return 1; }
}

# curl's jar does not tell ports apart: the provider's cookies are the ones
# oidc-provider names _session… and _interaction….
oidc_forget() {
    [ -f "$1" ] || return 0
    awk -F'\t' '!($6 ~ /^_(session|interaction)/)' "$1" >"$1.tmp" && mv "$1.tmp" "$1"
}
