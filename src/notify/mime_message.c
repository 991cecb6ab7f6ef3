/* mime_message.c — see mime_message.h. GMime does all the MIME: headers
 * (RFC 2047 words), addresses, multipart structure, transfer encodings and
 * charsets. This file only walks the parts it gives back and copies what
 * the registrar needs into the request's arena. */
#include "notify/mime_message.h"

#include <gmime/gmime.h>
#include <pthread.h>
#include <string.h>

#include "core/clock.h"
#include "crypto/token.h"
#include "core/utf8.h"

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;
static void gmime_start(void) { g_mime_init(); }

/* s as valid UTF-8 in arena a ("" for NULL). */
static const char *keep(arena *a, const char *s)
{
    if (!s) return "";
    if (utf8_valid(s, strlen(s))) return arena_strdup(a, s);
    char *valid = g_utf8_make_valid(s, -1);
    const char *out = arena_strdup(a, valid);
    g_free(valid);
    return out;
}

/* The first max bytes of s, cut on a UTF-8 boundary. */
static const char *cut(arena *a, const char *s, size_t max, int *was_cut)
{
    size_t n = strlen(s);
    *was_cut = n > max;
    if (n <= max) return s;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80) max--;
    return arena_strndup(a, s, max);
}

/* The decoded bytes of a leaf part. */
static GByteArray *part_bytes(GMimePart *part, GMimeStream **mem)
{
    *mem = g_mime_stream_mem_new();
    GMimeDataWrapper *w = g_mime_part_get_content(part);
    if (w) g_mime_data_wrapper_write_to_stream(w, *mem);
    return g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(*mem));
}

typedef struct walk {
    arena *a;
    mime_message *m;
    const char *plain, *html;
    int too_many, nomem;
} walk;

static void add_file(walk *w, const char *name, const char *type, const unsigned char *data, size_t len)
{
    if (w->m->n_files >= MIME_FILES_MAX) { w->too_many = 1; return; }
    mime_file *f = &w->m->files[w->m->n_files];
    unsigned char *copy = arena_alloc(w->a, len ? len : 1);
    if (!copy) { w->nomem = 1; return; }
    memcpy(copy, data, len);
    attachment_safe_name(keep(w->a, name), f->filename);
    f->content_type = keep(w->a, type);
    f->data = copy;
    f->len = len;
    w->m->n_files++;
}

static void visit(GMimeObject *parent, GMimeObject *part, gpointer ud)
{
    (void)parent;
    walk *w = ud;
    GMimeContentType *ct = g_mime_object_get_content_type(part);
    char *type = ct ? g_mime_content_type_get_mime_type(ct) : g_strdup("application/octet-stream");
    if (GMIME_IS_MESSAGE_PART(part)) {
        /* A forwarded message: kept whole, as a file. */
        GMimeStream *mem = g_mime_stream_mem_new();
        GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
        if (inner) g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, mem);
        GByteArray *b = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
        add_file(w, "vidarebefordrat.eml", type, b->data, b->len);
        g_object_unref(mem);
    } else if (GMIME_IS_PART(part)) {
        GMimePart *p = GMIME_PART(part);
        const char *name = g_mime_part_get_filename(p);
        int attached = name || g_mime_part_is_attachment(p);
        if (!attached && GMIME_IS_TEXT_PART(part) && g_mime_content_type_is_type(ct, "text", "plain") && !w->plain) {
            char *t = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
            w->plain = keep(w->a, t ? t : "");
            g_free(t);
        } else if (!attached && GMIME_IS_TEXT_PART(part) && g_mime_content_type_is_type(ct, "text", "html") && !w->html) {
            char *t = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
            w->html = keep(w->a, t ? t : "");
            g_free(t);
        } else {
            GMimeStream *mem;
            GByteArray *b = part_bytes(p, &mem);
            add_file(w, name ? name : "bilaga", type, b->data, b->len);
            g_object_unref(mem);
        }
    }
    g_free(type);
}

static const char *message_date(GMimeMessage *msg, arena *a)
{
    GDateTime *d = g_mime_message_get_date(msg);
    if (!d) return "";
    char out[32];
    clock_local_minute((int64_t)g_date_time_to_unix(d), out);
    return arena_strdup(a, out);
}

dl_err mime_parse(const char *raw, size_t len, arena *a, mime_message *out, dl_error *e)
{
    pthread_once(&gmime_once, gmime_start);
    memset(out, 0, sizeof *out);
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(raw, len);
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);
    g_object_unref(parser);
    g_object_unref(stream);
    if (!msg) return dl_fail(e, DL_EINVAL, "Meddelandet går inte att läsa som e-post (MIME). Registrera det för hand.");
    dl_err rc = DL_OK;
    InternetAddressList *from = g_mime_message_get_from(msg);
    InternetAddress *ia = from && internet_address_list_length(from) > 0 ? internet_address_list_get_address(from, 0) : NULL;
    if (!ia || !INTERNET_ADDRESS_IS_MAILBOX(ia) || !internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)) ||
        !strchr(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)), '@')) {
        rc = dl_fail(e, DL_EINVAL, "Meddelandet går inte att läsa som e-post: det saknar en avsändare (From). "
                                   "Registrera det för hand.");
        goto out;
    }
    out->from_addr = keep(a, internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)));
    out->from_name = keep(a, internet_address_get_name(ia));
    char *whole = internet_address_to_string(ia, NULL, FALSE);
    out->from = keep(a, whole);
    g_free(whole);
    out->subject = keep(a, g_mime_message_get_subject(msg));
    out->date = message_date(msg, a);
    const char *mid = g_mime_message_get_message_id(msg);
    if (mid && *mid && strlen(mid) <= 900) {
        out->message_id = keep(a, mid);
    } else {
        char digest[65];
        sha256_hex(raw, len, digest);
        out->message_id = arena_printf(a, "sha256:%s", digest);
    }
    walk w = {.a = a, .m = out};
    g_mime_message_foreach(msg, visit, &w);
    if (w.nomem) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); goto out; }
    if (w.too_many) {
        rc = dl_fail(e, DL_ELIMIT, "Meddelandet har fler än %d bilagor och kan inte registreras här. Registrera det "
                                   "för hand.", MIME_FILES_MAX);
        goto out;
    }
    out->text_from_html = !w.plain && w.html;
    out->text = cut(a, w.plain ? w.plain : w.html ? w.html : "", MIME_TEXT_MAX, &out->text_cut);
    if (!out->from_addr || !out->from || !out->subject || !out->date || !out->message_id || !out->text)
        rc = dl_fail(e, DL_ENOMEM, "out of memory");
out:
    g_object_unref(msg);
    return rc;
}
