/* multipart.c — multipart/form-data bodies re-encoded as urlencoded form
 * text (see multipart.h). libmicrohttpd's post processor splits the parts;
 * each part's bytes are percent-encoded (all but unreserved characters), and
 * parts follow each other with '&', so form.c decodes them back byte for
 * byte and applies its usual checks. */
#include "web/multipart.h"
#include "core/strbuf.h"

#include <microhttpd.h>
#include <string.h>

struct collect {
    strbuf out;
    char key[64];       /* the part being collected; "" before the first */
    int failed;
};

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

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *transfer_encoding, const char *data,
                               uint64_t off, size_t size)
{
    (void)kind, (void)filename, (void)content_type, (void)transfer_encoding;
    struct collect *c = cls;
    size_t klen = key ? strlen(key) : 0;
    if (klen == 0 || klen >= sizeof c->key) { c->failed = 1; return MHD_NO; }
    /* a new part starts at offset 0 (or with another name: a part may come in pieces) */
    if (off == 0 || strcmp(c->key, key) != 0) {
        if (c->out.len) sb_putc(&c->out, '&');
        put_encoded(&c->out, key, klen);
        sb_putc(&c->out, '=');
        memcpy(c->key, key, klen + 1);
    }
    if (size) put_encoded(&c->out, data, size);
    if (c->out.oom) { c->failed = 1; return MHD_NO; }
    return MHD_YES;
}

dl_err multipart_to_urlencoded(request *r, const char **out, size_t *out_len, dl_error *e)
{
    struct collect c = {.failed = 0};
    sb_init(&c.out, 256);
    struct MHD_PostProcessor *pp = MHD_create_post_processor(r->mhd_conn, 4096, on_part, &c);
    if (!pp) {
        sb_free(&c.out);
        return dl_fail(e, DL_EINVAL, "Formuläret kunde inte läsas: multipart-data utan giltig boundary.");
    }
    int ok = MHD_post_process(pp, r->body, r->body_len) == MHD_YES;
    ok = MHD_destroy_post_processor(pp) == MHD_YES && ok;
    char *copy = ok && !c.failed ? arena_strndup(r->a, c.out.len ? c.out.data : "", c.out.len) : NULL;
    size_t len = c.out.len;
    sb_free(&c.out);
    if (!copy) return dl_fail(e, DL_EINVAL, "Formuläret kunde inte läsas: multipart-data är felaktigt uppbyggt.");
    *out = copy;
    *out_len = len;
    return DL_OK;
}
