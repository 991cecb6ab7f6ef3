/* json_form.c — a JSON object as urlencoded form pairs (json_form.h),
 * read with jansson. */
#include "web/json_form.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/strbuf.h"
#include "web/template.h"

static const field_spec *spec_named(const field_spec *specs, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(specs[i].name, name) == 0) return &specs[i];
    return NULL;
}

static void pair(strbuf *sb, const char *name, const char *value, size_t value_len)
{
    if (sb->len) sb_putc(sb, '&');
    url_component_escape_append(sb, name, strlen(name));
    sb_putc(sb, '=');
    url_component_escape_append(sb, value, value_len);
}

dl_err json_form_encode(arena *a, const char *body, size_t len, const field_spec *specs, size_t n_specs,
                        const char **out, size_t *out_len, dl_error *e)
{
    *out = "";
    *out_len = 0;
    json_error_t jerr;
    /* JSON_REJECT_DUPLICATES: {"what": "a", "what": "b"} has no one meaning. */
    json_t *root = json_loadb(body ? body : "", len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root && json_error_code(&jerr) == json_error_duplicate_key)
        return dl_fail(e, DL_EINVAL, "Ett fält förekommer två gånger i JSON-objektet (rad %d, tecken %d): skicka "
                                     "varje fält en gång.", jerr.line, jerr.column);
    if (!root)
        return dl_fail(e, DL_EINVAL, "Kroppen är inte giltig JSON (rad %d, tecken %d): skicka ett JSON-objekt.",
                       jerr.line, jerr.column);
    if (!json_is_object(root)) {
        json_decref(root);
        return dl_fail(e, DL_EINVAL, "Kroppen ska vara ett JSON-objekt med fälten som medlemmar.");
    }
    strbuf sb;
    sb_init(&sb, len + 16);
    dl_err rc = DL_OK;
    const char *name;
    json_t *v;
    json_object_foreach(root, name, v) {
        const field_spec *s = spec_named(specs, n_specs, name);
        if (!s) {
            rc = strlen(name) > 60 ? dl_fail(e, DL_EINVAL, "Ett fält med ett mycket långt namn finns inte här; se "
                                                           "API-beskrivningen för vilka fält som tas emot.")
                                   : dl_fail(e, DL_EINVAL, "Fältet \"%s\" finns inte här; se API-beskrivningen för "
                                                           "vilka fält som tas emot.", name);
            break;
        }
        if (json_is_null(v)) continue;
        if (json_is_string(v)) pair(&sb, name, json_string_value(v), json_string_length(v));
        else if (json_is_boolean(v) && s->type == FIELD_BOOL) pair(&sb, name, json_is_true(v) ? "1" : "0", 1);
        else if (json_is_integer(v) && s->type == FIELD_INT) {
            char num[24];
            int k = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
            pair(&sb, name, num, (size_t)k);
        } else if (json_is_array(v) && s->type == FIELD_CHECKBOXES) {
            size_t i;
            json_t *item;
            json_array_foreach(v, i, item) {
                if (!json_is_string(item)) {
                    rc = dl_fail(e, DL_EINVAL, "Fältet \"%s\" ska vara en lista av textvärden.", name);
                    break;
                }
                pair(&sb, name, json_string_value(item), json_string_length(item));
            }
            if (rc != DL_OK) break;
        } else {
            rc = dl_fail(e, DL_EINVAL, "Fältet \"%s\" har fel sorts värde: skicka det som text.", name);
            break;
        }
    }
    json_decref(root);
    if (rc == DL_OK && sb.oom) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    if (rc == DL_OK) {
        char *copy = arena_strndup(a, sb.len ? sb_cstr(&sb) : "", sb.len);
        if (!copy) rc = dl_fail(e, DL_ENOMEM, "out of memory");
        else {
            *out = copy;
            *out_len = sb.len;
        }
    }
    sb_free(&sb);
    return rc;
}
