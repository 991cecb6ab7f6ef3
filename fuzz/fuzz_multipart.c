/* fuzz_multipart.c — feeds a multipart/form-data body to
 * multipart_to_urlencoded (an upload's way in: libmicrohttpd's post
 * processor splits the parts, multipart.c re-encodes them for form.c), then
 * its result to form_parse with a file field, as the router does. The first
 * input byte picks the Content-Type header (boundaries plain, quoted, long,
 * missing); the rest is the body.
 * No socket: the post processor reads the Content-Type through
 * MHD_lookup_connection_value_n, which this file defines, so the dynamic
 * linker gives libmicrohttpd ours (a symbol interposed in the executable)
 * and the "connection" is a zeroed dummy.
 * Invariants checked: a refused body leaves a message; an accepted one
 * gives urlencoded text of unreserved characters, '%XX', '=' and '&' only
 * (so form.c sees each part's bytes exactly), at most 4 uploads, each
 * within the file limit and named after a declared file field. */
#include "fuzz/fuzz.h"

#include <microhttpd.h>
#include <string.h>

#include "core/arena.h"
#include "web/http.h"
#include "web/multipart.h"

static const char *const ctypes[] = {
    "multipart/form-data; boundary=XX",
    "multipart/form-data; boundary=\"a b;c\"",
    "multipart/form-data; charset=utf-8; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "application/x-www-form-urlencoded",
};
static const char *ctype;

enum MHD_Result MHD_lookup_connection_value_n(struct MHD_Connection *c, enum MHD_ValueKind kind, const char *key,
                                              size_t key_size, const char **value_ptr, size_t *value_size_ptr);
enum MHD_Result MHD_lookup_connection_value_n(struct MHD_Connection *c, enum MHD_ValueKind kind, const char *key,
                                              size_t key_size, const char **value_ptr, size_t *value_size_ptr)
{
    (void)c, (void)kind, (void)key_size;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_TYPE) != 0) return MHD_NO;
    if (value_ptr) *value_ptr = ctype;
    if (value_size_ptr) *value_size_ptr = strlen(ctype);
    return MHD_YES;
}

static const field_spec specs[] = {
    {.name = "title", .type = FIELD_TEXT},
    {.name = "note", .type = FIELD_MULTILINE},
    {.name = "file", .type = FIELD_FILE},
    {.name = "other", .type = FIELD_FILE},
};
#define FILE_LIMIT 2048

static int is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    ctype = ctypes[data[0] % (sizeof ctypes / sizeof ctypes[0])];
    static uint64_t dummy_connection[512];
    request r;
    memset(&r, 0, sizeof r);
    r.a = arena_new(4096);
    if (!r.a) return 0;
    r.mhd_conn = dummy_connection;
    char *body = arena_strndup(r.a, (const char *)data + 1, size - 1);
    FUZZ_CHECK(body != NULL);
    r.body = body;
    r.body_len = size - 1;
    const char *out = NULL;
    size_t out_len = 0;
    dl_error e = {0};
    dl_err rc = multipart_to_urlencoded(&r, specs, 4, FILE_LIMIT, &out, &out_len, &e);
    if (rc != DL_OK) {
        FUZZ_CHECK(e.msg[0] != '\0');
    } else {
        FUZZ_CHECK(out && strlen(out) == out_len);
        for (size_t i = 0; i < out_len; i++) {
            char c = out[i];
            if (c == '%') {
                FUZZ_CHECK(i + 2 < out_len && is_hex(out[i + 1]) && is_hex(out[i + 2]));
                i += 2;
                continue;
            }
            FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                       c == '_' || c == '.' || c == '~' || c == '=' || c == '&');
        }
        FUZZ_CHECK(r.n_uploads >= 0 && r.n_uploads <= 4);
        for (int i = 0; i < r.n_uploads; i++) {
            FUZZ_CHECK(r.uploads[i].len <= FILE_LIMIT);
            FUZZ_CHECK(strcmp(r.uploads[i].name, "file") == 0 || strcmp(r.uploads[i].name, "other") == 0);
        }
        form f = {0};
        form_parse(r.a, out, out_len, specs, 4, &f, &e);
    }
    arena_free(r.a);
    return 0;
}
