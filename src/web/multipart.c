/* multipart.c — multipart/form-data bodies re-encoded as urlencoded form
 * text (see multipart.h). libmicrohttpd's post processor splits the parts;
 * each part's bytes are percent-encoded (all but unreserved characters), and
 * parts follow each other with '&', so form.c decodes them back byte for
 * byte and applies its usual checks. A file part that is not UTF-8 text
 * (an image, an encrypted file) is dropped and flagged in the request, so
 * the handler can say the file was the problem instead of failing the
 * whole form. */
#include "web/multipart.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "web/form.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

enum collect_failure { COLLECT_OK, COLLECT_NO_NAME, COLLECT_TOO_LARGE, COLLECT_NOMEM, COLLECT_ENCODED };

struct collect {
    strbuf out;               /* the urlencoded result, at most FORM_MAX_BODY bytes */
    char key[FORM_MAX_KEY + 1]; /* the part being collected; "" before the first */
    int parts;
    enum collect_failure failed;
    /* the current part when it is a file: its raw bytes, to check they are text */
    int in_file;
    size_t value_start;       /* where its value starts in out */
    strbuf raw;
    int dropped_file;         /* a file part was not text */
    /* the route's FIELD_FILE names: such a part's bytes go to an upload slot
     * (bounded by file_limit), its file name to the form as the value */
    const field_spec *specs;
    size_t n_specs;
    int binary;               /* the current part is such a file */
    strbuf file;
    size_t file_limit;
    char filename[256], content_type[128];
    struct request_upload done[4];
    int n_done;
    arena *a;
};

static int is_file_field(const struct collect *c, const char *key)
{
    for (size_t i = 0; i < c->n_specs; i++)
        if (c->specs[i].type == FIELD_FILE && strcmp(c->specs[i].name, key) == 0) return 1;
    return 0;
}

static int unreserved(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '~';
}

static void put_encoded(strbuf *b, const char *p, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
        if (unreserved(c))
            sb_putc(b, (char)c);
        else
            sb_append(b, esc, 3);
    }
}

/* Ends the current part: a file that is not UTF-8 text (or holds a NUL)
 * loses its value, so that the field arrives empty and the flag says why. */
static void finish_part(struct collect *c)
{
    if (c->binary) {
        /* keep the bytes (the value in the form is the file name) */
        if (c->n_done < 4 && c->file.len) {
            struct request_upload *u = &c->done[c->n_done];
            unsigned char *copy = arena_alloc(c->a, c->file.len);
            if (!copy) { c->failed = COLLECT_NOMEM; return; }
            memcpy(copy, c->file.data, c->file.len);
            u->name = arena_strdup(c->a, c->key);
            u->filename = arena_strdup(c->a, c->filename);
            u->content_type = arena_strdup(c->a, c->content_type);
            u->data = copy;
            u->len = c->file.len;
            c->n_done++;
        }
        c->binary = 0;
        c->file.len = 0;
        return;
    }
    if (c->in_file && (c->raw.oom || !utf8_valid(c->raw.data, c->raw.len) || memchr(c->raw.data, 0, c->raw.len))) {
        c->out.len = c->value_start;
        if (c->out.data) c->out.data[c->out.len] = '\0';
        c->dropped_file = 1;
    }
    c->in_file = 0;
    c->raw.len = 0;
    c->raw.oom = 0;
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *transfer_encoding, const char *data,
                               uint64_t off, size_t size)
{
    (void)kind;
    struct collect *c = cls;
    size_t klen = key ? strlen(key) : 0;
    if (klen == 0 || klen >= sizeof c->key) { c->failed = COLLECT_NO_NAME; return MHD_NO; }
    if (transfer_encoding && *transfer_encoding && strcasecmp(transfer_encoding, "binary") != 0 &&
        strcasecmp(transfer_encoding, "8bit") != 0 && strcasecmp(transfer_encoding, "7bit") != 0) {
        c->failed = COLLECT_ENCODED; /* RFC 7578 4.7: not used in form data */
        return MHD_NO;
    }
    /* a new part starts at offset 0 (or with another name: a part may come in pieces) */
    if (off == 0 || strcmp(c->key, key) != 0) {
        finish_part(c);
        if (c->out.len) sb_putc(&c->out, '&');
        put_encoded(&c->out, key, klen);
        sb_putc(&c->out, '=');
        memcpy(c->key, key, klen + 1);
        c->parts++;
        c->in_file = filename != NULL;
        c->value_start = c->out.len;
        if (filename && is_file_field(c, key)) {
            /* a declared file: its name is the value, its bytes stay binary */
            c->in_file = 0;
            c->binary = 1;
            snprintf(c->filename, sizeof c->filename, "%s", filename);
            snprintf(c->content_type, sizeof c->content_type, "%s", content_type ? content_type : "");
            put_encoded(&c->out, c->filename, strlen(c->filename));
        }
    }
    if (c->binary) {
        if (size) sb_append(&c->file, data, size);
        if (c->file.oom) {
            c->failed = c->file.len + size > c->file_limit ? COLLECT_TOO_LARGE : COLLECT_NOMEM;
            return MHD_NO;
        }
        return MHD_YES;
    }
    if (size) {
        put_encoded(&c->out, data, size);
        if (c->in_file) sb_append(&c->raw, data, size);
    }
    if (c->out.oom) {
        c->failed = c->out.len + 3 * size >= FORM_MAX_BODY ? COLLECT_TOO_LARGE : COLLECT_NOMEM;
        return MHD_NO;
    }
    return MHD_YES;
}

dl_err multipart_to_urlencoded(request *r, const field_spec *specs, size_t n_specs, size_t file_limit,
                               const char **out, size_t *out_len, dl_error *e)
{
    struct collect c = {.failed = COLLECT_OK, .specs = specs, .n_specs = n_specs, .file_limit = file_limit, .a = r->a};
    sb_init(&c.file, 4096);
    c.file.limit = file_limit;
    sb_init(&c.out, 256);
    c.out.limit = FORM_MAX_BODY; /* the same bound form.c applies to a typed form */
    sb_init(&c.raw, 256);
    c.raw.limit = FORM_MAX_BODY;
    dl_err rc = DL_OK;
    struct MHD_PostProcessor *pp = MHD_create_post_processor(r->mhd_conn, 4096, on_part, &c);
    if (!pp) {
        rc = dl_fail(e, DL_EINVAL, "Formuläret kunde inte läsas: multipart-data utan giltig boundary.");
        goto out;
    }
    int ok = MHD_post_process(pp, r->body, r->body_len) == MHD_YES;
    ok = MHD_destroy_post_processor(pp) == MHD_YES && ok;
    finish_part(&c);
    if (c.failed == COLLECT_TOO_LARGE) {
        rc = dl_fail(e, DL_ELIMIT, "Det som skickades är för stort.");
    } else if (c.failed == COLLECT_NOMEM) {
        rc = dl_fail(e, DL_ENOMEM, "Servern fick slut på minne.");
    } else if (c.failed == COLLECT_NO_NAME) {
        rc = dl_fail(e, DL_EINVAL, "Formuläret kunde inte läsas: en del i formuläret saknar namn.");
    } else if (c.failed == COLLECT_ENCODED) {
        rc = dl_fail(e, DL_EINVAL, "Formuläret kunde inte läsas: en del är kodad (Content-Transfer-Encoding), "
                                   "vilket formulär inte får vara.");
    } else if (!ok) {
        rc = dl_fail(e, DL_EINVAL, "Formuläret kunde inte läsas: multipart-data är felaktigt uppbyggt.");
    } else if (c.parts == 0) {
        /* MHD accepts a body in which the boundary never occurs: nothing was read */
        rc = dl_fail(e, DL_EINVAL, "Formuläret kunde inte läsas: ingen formulärdel hittades (stämmer boundary?).");
    } else {
        char *copy = arena_strndup(r->a, c.out.len ? c.out.data : "", c.out.len);
        if (!copy) {
            rc = dl_fail(e, DL_ENOMEM, "Servern fick slut på minne.");
        } else {
            *out = copy;
            *out_len = c.out.len;
            r->upload_not_text = c.dropped_file;
            for (int i = 0; i < c.n_done; i++) r->uploads[i] = c.done[i];
            r->n_uploads = c.n_done;
        }
    }
out:
    sb_free(&c.out);
    sb_free(&c.raw);
    sb_free(&c.file);
    return rc;
}
