#!/usr/bin/env bash
# extract-msgids.sh — lists the Swedish msgids of datalots' UI (one a line,
# unique, sorted bytewise), or checks that a .po file translates them all.
#
#   scripts/extract-msgids.sh                           print every msgid
#   scripts/extract-msgids.sh --where                   … as "file:line: msgid"
#   scripts/extract-msgids.sh --check src/i18n/po/en.po exit 1 and list every
#       msgid without a non-empty, non-fuzzy msgstr; exit 0 when none lacks one
#
# Where msgids come from (a small C tokenizer in awk, so calls may span lines,
# adjacent literals are joined and comments are skipped):
#   templates src/web/templates/*.html   {{_ "…"}} (escapes \" and \\)
#   C in src/web, src/core, src/store (.c and .h):
#     tr(r, "…")                     2nd argument (also obstacle_tr(r, "…") in
#                                    src/report/obstacle_*.c, the compiled report)
#     res_error(r, CODE, "…")        3rd argument (also res_error_field)
#     res_lookup_failed(r, rc, e, "…") 4th argument (also res_error_with)
#     dl_tr("…")                     1st argument (a word for a dl_fail sentence;
#                                    text_ok(s, "…", …) of src/store/network_edit.c, case_transition.c, samrad.c: 2nd)
#     res_page(r, STATUS, T, "…", c) 4th argument (the title)
#     login_page(r, STATUS, "…", u)  3rd argument
#       Only literals at the top level of that argument count, so both sides
#       of `c ? "a" : "b"` do, and the format of a nested arena_printf() not.
#     dl_fail(e, CODE, "…")          3rd argument, when it is one literal and
#       does not start with a lower-case ASCII letter: user-facing sentences
#       are Swedish and capitalised, internal diagnostics ("out of memory",
#       "url_decode: …") are not. One without a conversion (%% becomes %)
#       reaches pages through tr(r, e.msg); a Swedish one with conversions is the
#       format dl_fail() translates before formatting during a request
#       (core/err.h, dl_error_translate_with), so its entry must carry
#       "#, c-format" (msgfmt --check then holds its conversions to the
#       msgid's) — without that flag it counts as untranslated.
#     return "…" inside http_status_text() { … }
#     { "key", "Label" } pairs in src/core/roles.c and src/core/diary_entry.c
#       (the tables behind role_label_sv, org_kind_label_sv and
#       diary_direction_label_sv).
#     { "/path", "Label", ACTION } rows in src/web/menu.c (the main menu).
#     X(ID, "key", "Label") rows (and { "key", "Label" } pairs) in
#       src/core/roles.c, src/core/diary_entry.c, src/core/content_types.c,
#       src/core/obstacle.h (an obstacle's categories, consequences, states),
#       src/core/obstacle.c (its public groups), src/core/obstacle_flow.h (its events) and
#       src/store/guide_facets.h (the guide's facets):
#       the tables behind
#       role_keys/role_label_sv, org_kind_keys/org_kind_label_sv and
#       diary_direction_keys/diary_direction_label_sv (their #define lines
#       are read too).
# A msgid holding a newline or tab is printed with \n or \t.
set -euo pipefail

mode=list po=""
case "${1:-}" in
  "") ;;
  --where) mode=where ;;
  --check)
    mode=check po=${2:-}
    if [ -z "$po" ] || [ ! -r "$po" ]; then
      echo "extract-msgids.sh: --check needs a readable .po file" >&2; exit 2
    fi
    po=$(realpath "$po") ;;
  -h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: $0 [--where | --check FILE.po]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."

mapfile -t sources < <(
  find src/web/templates -type f -name '*.html'
  find src/web src/core src/store -type f \( -name '*.c' -o -name '*.h' \)
  find src/report -type f -name 'obstacle_*.c'
)

# shellcheck disable=SC2016
prog='
BEGIN {
    RS = "\001"
    argno["tr"] = 2; argno["obstacle_tr"] = 2; argno["res_error"] = 3; argno["res_page"] = 4
    argno["login_page"] = 3; argno["login_page_show"] = 3; argno["dl_fail"] = 3; argno["res_lookup_failed"] = 4; argno["res_error_with"] = 4; argno["res_error_field"] = 3
    argno["dl_tr"] = 1; argno["text_ok"] = 2; argno["tr_format"] = 2
    label_table["src/core/roles.c"] = 1; label_table["src/core/diary_entry.c"] = 1
    label_table["src/core/content_types.c"] = 1; label_table["src/core/obstacle.h"] = 1
    label_table["src/store/guide_facets.h"] = 1; label_table["src/core/obstacle_flow.h"] = 1
    label_table["src/core/obstacle.c"] = 1
    menu_table["src/web/menu.c"] = 1
    # {"key", DL_E…, "Svensk mening"[, …]}: the sentences of a refusal table
    rule_table["src/core/oidc_rules.c"] = 1
    return_fn["http_status_text"] = 1
    nfile = 0
}
FNR == 1 { if (nfile) process(cur, buf); cur = FILENAME; buf = $0; nfile++; next }
{ buf = buf RS $0 }
END {
    if (nfile) process(cur, buf)
    if (mode == "check") {
        for (m in where)
            if (!(m in translated)) print where[m] ": " m
            else if ((m in formatted) && !(m in c_format)) print where[m] ": " m " (needs #, c-format)"
    } else {
        for (m in where) print (mode == "where" ? where[m] ": " : "") m
    }
}

function process(file, s) {
    if (mode == "check" && file == po) parse_po(s)
    else if (file ~ /\.html$/) scan_template(file, s)
    else scan_c(file, s)
}

function emit(msg, file, line) {
    gsub(/\n/, "\\n", msg); gsub(/\t/, "\\t", msg)
    if (msg == "") return
    if (!(msg in where)) where[msg] = file ":" line
}

# --- templates: {{_ "text"}} ------------------------------------------------
function scan_template(file, s,    n, i, j, c, line, msg, prev) {
    n = length(s); i = 1; line = 1; prev = 1
    while ((j = index(substr(s, i), "{{")) > 0) {
        i += j + 1
        line += count_nl(substr(s, prev, i - prev)); prev = i
        while (i <= n && substr(s, i, 1) ~ /[ \t\r\n]/) i++
        if (substr(s, i, 1) != "_") continue
        c = substr(s, i + 1, 1)
        if (c != "\"" && c !~ /[ \t\r\n]/) continue
        i++
        while (i <= n && substr(s, i, 1) ~ /[ \t\r\n]/) i++
        if (substr(s, i, 1) != "\"") continue
        msg = ""
        for (i++; i <= n && (c = substr(s, i, 1)) != "\""; i++) {
            if (c == "\\") { i++; c = substr(s, i, 1) }
            msg = msg c
        }
        emit(msg, file, line)
    }
}

function count_nl(t) { return gsub(/\n/, "", t) }

# --- C: tokens, then call patterns --------------------------------------------
function scan_c(file, s,    n, i, j, c, c2, line, start, raw, k) {
    nt = 0; n = length(s); i = 1; line = 1
    while (i <= n) {
        c = substr(s, i, 1)
        if (c == "\n") { line++; i++; continue }
        if (c ~ /[ \t\r\f\v]/) { i++; continue }
        c2 = substr(s, i, 2)
        if (c2 == "//") {
            j = index(substr(s, i), "\n"); if (!j) break
            i += j - 1; continue
        }
        if (c2 == "/*") {
            j = index(substr(s, i + 2), "*/"); if (!j) break
            line += count_nl(substr(s, i, j + 3)); i += j + 3; continue
        }
        if (c == "#" && bol(s, i) && !(file in label_table)) { # preprocessor line (with \ continuations)
            while (i <= n) {
                j = index(substr(s, i), "\n"); if (!j) { i = n + 1; break }
                raw = substr(s, i, j - 1); i += j; line++
                if (raw !~ /\\\r?$/) break
            }
            continue
        }
        if (c == "\"" || c == "\047") {
            start = i
            for (i++; i <= n && (c2 = substr(s, i, 1)) != c; i++) {
                if (c2 == "\\") i++
                else if (c2 == "\n") break        # unterminated: give up on it
            }
            raw = substr(s, start + 1, i - start - 1); i++
            if (c == "\047") { add("c", raw, line); continue }
            if (nt && tt[nt] == "s") tv[nt] = tv[nt] unescape_c(raw)
            else add("s", unescape_c(raw), line)
            continue
        }
        if (c ~ /[A-Za-z_0-9]/) {
            start = i
            while (i <= n && substr(s, i, 1) ~ /[A-Za-z_0-9]/) i++
            # a string prefix such as u8"…" or L"…" is part of the literal
            if (substr(s, i, 1) == "\"" && substr(s, start, i - start) ~ /^(u8|u|U|L)$/) continue
            add("i", substr(s, start, i - start), line)
            continue
        }
        add("p", c, line); i++
    }
    for (k = 1; k <= nt; k++) {
        if (tt[k] != "i") continue
        if ((tv[k] in argno) && tv[k + 1] == "(") call_arg(file, k + 2, argno[tv[k]], tv[k] == "dl_fail")
        else if ((tv[k] in return_fn) && tv[k + 1] == "(") fn_returns(file, k + 2)
    }
    if (file in label_table)
        for (k = 1; k + 4 <= nt; k++)
            if (tv[k] == "{" && tt[k + 1] == "s" && tv[k + 2] == "," && tt[k + 3] == "s" && tv[k + 4] == "}")
                emit(tv[k + 3], file, tl[k + 3])
            else if (tv[k] == "(" && tt[k + 1] == "i" && tv[k + 2] == "," && tt[k + 3] == "s" && tv[k + 4] == "," &&
                     tt[k + 5] == "s" && tv[k + 6] == ")")
                emit(tv[k + 5], file, tl[k + 5])
    if (file in rule_table)
        for (k = 1; k + 6 <= nt; k++)
            if (tv[k] == "{" && tt[k + 1] == "s" && tv[k + 2] == "," && tt[k + 3] == "i" && tv[k + 4] == "," &&
                tt[k + 5] == "s" && (tv[k + 6] == "}" || tv[k + 6] == ","))
                emit(tv[k + 5], file, tl[k + 5])
    if (file in menu_table)
        for (k = 1; k + 4 <= nt; k++)
            if (tv[k] == "{" && tt[k + 1] == "s" && tv[k + 2] == "," && tt[k + 3] == "s" && tv[k + 4] == ",")
                emit(tv[k + 3], file, tl[k + 3])
}

function bol(s, i) {                              # only blanks before i on its line
    while (--i >= 1) {
        if (substr(s, i, 1) == "\n") return 1
        if (substr(s, i, 1) !~ /[ \t]/) return 0
    }
    return 1
}

function add(type, val, line) { nt++; tt[nt] = type; tv[nt] = val; tl[nt] = line }

# The string literals at the top level of argument `want` of the call whose
# arguments start at token k.
# For dl_fail() the argument must be one literal (not "…%" PRId64 "…").
function call_arg(file, k, want, is_fail,    depth, arg, t, m, first) {
    depth = 0; arg = 1
    for (; k <= nt; k++) {
        t = tv[k]
        if (tt[k] == "p" && (t == "(" || t == "[" || t == "{")) depth++
        else if (tt[k] == "p" && (t == ")" || t == "]" || t == "}")) { if (!depth--) break }
        else if (tt[k] == "p" && t == "," && !depth) { if (++arg > want) break; continue }
        if (arg != want) continue
        if (is_fail) { if (!first) first = k; else first = -1; continue }
        if (tt[k] == "s" && !depth) emit(t, file, tl[k])
    }
    if (!is_fail || first <= 0 || tt[first] != "s") return
    t = tv[first]; m = t; gsub(/%%/, "", m)
    if (t ~ /^[a-z]/) return
    if (m ~ /%/) {                              # a format: a capitalised or Swedish one (operator text starts lower-case)
        if (t ~ /^[A-ZÅÄÖ”]/ || t ~ /[åäöÅÄÖ”]/) { emit(t, file, tl[first]); formatted[t] = 1 }
        return
    }
    gsub(/%%/, "%", t)
    emit(t, file, tl[first])
}

# `return "…"` in the body of a function definition whose parameters start at k.
function fn_returns(file, k,    depth) {
    for (depth = 0; k <= nt; k++) {               # skip the parameter list
        if (tv[k] == "(") depth++
        else if (tv[k] == ")" && !depth--) break
    }
    if (tv[++k] != "{") return                    # a call or a declaration
    for (depth = 0; k <= nt; k++) {
        if (tv[k] == "{") depth++
        else if (tv[k] == "}" && !--depth) return
        else if (tv[k] == "return" && tt[k + 1] == "s" && tv[k + 2] == ";") emit(tv[k + 1], file, tl[k + 1])
    }
}

function unescape_c(raw,    out, i, n, c) {
    if (index(raw, "\\") == 0) return raw
    out = ""; n = length(raw)
    for (i = 1; i <= n; i++) {
        c = substr(raw, i, 1)
        if (c == "\\" && i < n) {
            c = substr(raw, ++i, 1)
            if (c == "n") c = "\n"
            else if (c == "t") c = "\t"
            else if (c !~ /["\\\047?]/) c = "\\" c   # rare escapes stay as written
        }
        out = out c
    }
    return out
}

# --- the .po file: which msgids have a usable translation ----------------------
function parse_po(s,    lines, nl, i, l) {
    nl = split(s, lines, "\n")
    po_reset()
    for (i = 1; i <= nl; i++) {
        l = lines[i]; sub(/\r$/, "", l)
        if (field ~ /^msgstr/ && l !~ /^[ \t]*"/) po_finish()
        if (l ~ /^#,.*fuzzy/) { fuzzy = 1; continue }
        if (l ~ /^#,.*c-format/) { cfmt = 1; continue }
        if (l ~ /^#/ || l ~ /^[ \t]*$/) continue    # comments, obsolete #~ entries
        if (l ~ /^msgctxt[ \t]/) { ctx = 1; field = "msgctxt" }
        else if (l ~ /^msgid[ \t]/) { field = "msgid"; id = po_str(l) }
        else if (l ~ /^msgid_plural[ \t]/) field = "msgid_plural"
        else if (l ~ /^msgstr(\[0\])?[ \t]/) { field = "msgstr"; str = po_str(l) }
        else if (l ~ /^msgstr\[/) field = "msgstr_n"
        else if (l ~ /^[ \t]*"/) {
            if (field == "msgid") id = id po_str(l)
            else if (field == "msgstr") str = str po_str(l)
        }
    }
    if (field ~ /^msgstr/) po_finish()
}

# A msgctxt entry or a fuzzy one is not what gettext(msgid) finds.
function po_finish() {
    if (!ctx && !fuzzy && str != "") { translated[id] = 1; if (cfmt) c_format[id] = 1 }
    po_reset()
}
function po_reset() { field = ""; id = ""; str = ""; ctx = 0; fuzzy = 0; cfmt = 0 }

# The contents of the quoted string on a PO line, in the form emit() prints.
function po_str(l,    out, i, n, c) {
    sub(/^[^"]*"/, "", l); sub(/"[ \t]*$/, "", l)
    out = ""; n = length(l)
    for (i = 1; i <= n; i++) {
        c = substr(l, i, 1)
        if (c == "\\" && i < n) {
            c = substr(l, ++i, 1)
            if (c == "n" || c == "t") c = "\\" c
            else if (c !~ /["\\]/) c = "\\" c
        }
        out = out c
    }
    return out
}
'

if [ "$mode" = check ]; then
  missing=$(awk -v mode=check -v po="$po" "$prog" "$po" "${sources[@]}" | LC_ALL=C sort -t: -k1,1 -k2,2n)
  if [ -n "$missing" ]; then
    n=$(printf '%s\n' "$missing" | wc -l)
    echo "extract-msgids.sh: $n msgid(s) have no English translation in $po:" >&2
    printf '%s\n' "$missing" | sed 's/^/  /' >&2
    exit 1
  fi
  exit 0
fi
if [ "$mode" = where ]; then
  awk -v mode=where -v po= "$prog" "${sources[@]}" | LC_ALL=C sort -t: -k1,1 -k2,2n
else
  awk -v mode=list -v po= "$prog" "${sources[@]}" | LC_ALL=C sort -u
fi
