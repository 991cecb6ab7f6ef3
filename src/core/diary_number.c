/* diary_number.c — parses diary-number format strings ("RH {year}-{seq:5}")
 * and expands them for a given year and sequence number. One parser serves
 * both validation and formatting, so what validates always formats. Pure:
 * no allocation, bounded writes. */
#include "core/diary_number.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

enum {
    YEAR_MIN = 1900,
    YEAR_MAX = 9999,
    SEQ_WIDTH_MAX = 9,
    DIARY_FORMAT_MAX_BYTES = DIARY_FORMAT_MAX_CHARS * 4, /* 64 code points of <= 4 bytes */
};

/* Bounded output; overflow is sticky and checked once at the end. */
struct out_buf {
    char *p;
    size_t size, len;
    int overflow;
};

static void emit(struct out_buf *o, const char *s, size_t n)
{
    if (!o || o->overflow) return;
    if (n >= o->size - o->len) { /* keep one byte for the NUL */
        o->overflow = 1;
        return;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
}

/* Walks fmt. When o is NULL it only checks the format; otherwise it also
 * writes the expansion for year and seq. */
static dl_err walk(const char *fmt, int year, int64_t seq, struct out_buf *o, int *years_out, dl_error *e)
{
    if (!fmt || fmt[0] == '\0')
        return dl_fail(e, DL_EINVAL, "Ange ett format för diarienummer, till exempel \"RH {year}-{seq:5}\".");
    size_t n = strnlen(fmt, DIARY_FORMAT_MAX_BYTES + 1);
    if (n <= DIARY_FORMAT_MAX_BYTES && !utf8_valid(fmt, n))
        return dl_fail(e, DL_EINVAL, "Formatet för diarienummer innehåller ogiltiga tecken.");
    if (n > DIARY_FORMAT_MAX_BYTES || utf8_count(fmt, n) > DIARY_FORMAT_MAX_CHARS)
        return dl_fail(e, DL_EINVAL, "Formatet för diarienummer får vara högst %d tecken långt.",
                       DIARY_FORMAT_MAX_CHARS);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)fmt[i];
        if (c < 0x20 || c == 0x7F)
            return dl_fail(e, DL_EINVAL,
                           "Formatet för diarienummer får inte innehålla styrtecken som tabb eller radbrytning.");
    }

    int n_seq = 0, n_year = 0;
    size_t i = 0;
    while (i < n) {
        char c = fmt[i];
        if (c == '}') {
            if (i + 1 < n && fmt[i + 1] == '}') {
                emit(o, "}", 1);
                i += 2;
                continue;
            }
            return dl_fail(e, DL_EINVAL,
                           "Formatet för diarienummer har en ensam '}'. Skriv '}}' för en klammerparentes.");
        }
        if (c != '{') {
            size_t start = i;
            while (i < n && fmt[i] != '{' && fmt[i] != '}') i++;
            emit(o, fmt + start, i - start);
            continue;
        }
        if (i + 1 < n && fmt[i + 1] == '{') {
            emit(o, "{", 1);
            i += 2;
            continue;
        }
        const char *name = fmt + i + 1;
        const char *close = memchr(name, '}', n - (i + 1));
        const char *nested = memchr(name, '{', n - (i + 1));
        if (!close || (nested && nested < close))
            return dl_fail(e, DL_EINVAL,
                           "Formatet för diarienummer har en '{' som aldrig stängs med '}'. "
                           "Skriv '{{' för en klammerparentes.");
        size_t len = (size_t)(close - name);
        i = (size_t)(close - fmt) + 1;

        if (len == 4 && memcmp(name, "year", 4) == 0) {
            if (++n_year > 1)
                return dl_fail(e, DL_EINVAL, "Formatet för diarienummer får innehålla {year} högst en gång.");
            if (o) {
                char buf[8];
                int k = snprintf(buf, sizeof buf, "%04d", year);
                emit(o, buf, (size_t)k);
            }
            continue;
        }
        if (len >= 3 && memcmp(name, "seq", 3) == 0 && (len == 3 || name[3] == ':')) {
            int width = 0;
            if (len > 3) {
                size_t dlen = len - 4;
                if (dlen == 0)
                    return dl_fail(e, DL_EINVAL,
                                   "Ange antalet siffror efter kolonet, till exempel {seq:5}.");
                for (size_t k = 0; k < dlen; k++) {
                    char d = name[4 + k];
                    if (d < '0' || d > '9')
                        return dl_fail(e, DL_EINVAL,
                                       "Antalet siffror i {seq:N} måste vara ett tal mellan 1 och %d.",
                                       SEQ_WIDTH_MAX);
                    if (width <= SEQ_WIDTH_MAX) width = width * 10 + (d - '0');
                }
                if (width < 1 || width > SEQ_WIDTH_MAX)
                    return dl_fail(e, DL_EINVAL,
                                   "Antalet siffror i {seq:N} måste vara mellan 1 och %d.", SEQ_WIDTH_MAX);
            }
            if (++n_seq > 1)
                return dl_fail(e, DL_EINVAL,
                               "Formatet för diarienummer får innehålla löpnumret ({seq}) bara en gång.");
            if (o) {
                char buf[32];
                int k = snprintf(buf, sizeof buf, "%0*" PRId64, width, seq);
                emit(o, buf, (size_t)k);
            }
            continue;
        }
        if (len > 0 && len <= 24)
            return dl_fail(e, DL_EINVAL,
                           "Okänd platshållare {%.*s} i formatet för diarienummer. "
                           "Tillåtna är {year}, {seq} och {seq:N}.",
                           (int)len, name);
        return dl_fail(e, DL_EINVAL,
                       "Okänd platshållare i formatet för diarienummer. "
                       "Tillåtna är {year}, {seq} och {seq:N}.");
    }
    if (n_seq == 0)
        return dl_fail(e, DL_EINVAL,
                       "Formatet för diarienummer måste innehålla löpnumret, {seq} eller till exempel {seq:5}.");
    if (years_out) *years_out = n_year;
    return DL_OK;
}

dl_err diary_format_validate(const char *fmt, dl_error *e)
{
    return walk(fmt, 0, 0, NULL, NULL, e);
}

int diary_format_series(const char *fmt, int year)
{
    int years = 0;
    if (walk(fmt, 0, 0, NULL, &years, NULL) != DL_OK) return -1;
    return years ? year : DIARY_SERIES_RUNNING;
}

dl_err diary_number_format(const char *fmt, int year, int64_t seq, char *out, size_t outsz,
                           dl_error *e)
{
    if (out && outsz > 0) out[0] = '\0';
    if (!out || outsz == 0)
        return dl_fail(e, DL_EINVAL, "Det finns inget utrymme för diarienumret.");
    if (year < YEAR_MIN || year > YEAR_MAX)
        return dl_fail(e, DL_EINVAL, "Året för diarienumret måste vara mellan %d och %d.",
                       YEAR_MIN, YEAR_MAX);
    if (seq < 1)
        return dl_fail(e, DL_EINVAL, "Löpnumret i diarienumret måste vara 1 eller större.");
    struct out_buf o = {.p = out, .size = outsz};
    dl_err rc = walk(fmt, year, seq, &o, NULL, e);
    if (rc != DL_OK) {
        out[0] = '\0';
        return rc;
    }
    if (o.overflow) {
        out[0] = '\0';
        return dl_fail(e, DL_EINVAL, "Diarienumret blev för långt för det tillgängliga utrymmet.");
    }
    out[o.len] = '\0';
    return DL_OK;
}
