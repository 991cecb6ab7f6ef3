/* ical.c — the iCalendar (RFC 5545) writer; see ical.h. */
#include "core/ical.h"

#include <stdio.h>
#include <string.h>

#include "core/calendar.h"

void ical_utc(int64_t t, char out[17])
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t sec = t - days * 86400;
    cal_date d = cal_from_days(days);
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04d%02d%02dT%02d%02d%02dZ", d.year % 10000, d.month % 100,
             d.day % 100, (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
    memcpy(out, tmp, 16);
    out[16] = 0;
}

void ical_escape(strbuf *sb, const char *s)
{
    if (!s)
        return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '\\': sb_append(sb, "\\\\", 2); break;
        case ';': sb_append(sb, "\\;", 2); break;
        case ',': sb_append(sb, "\\,", 2); break;
        case '\r':
            if (p[1] == '\n')
                p++;
            sb_append(sb, "\\n", 2);
            break;
        case '\n': sb_append(sb, "\\n", 2); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                break; /* CONTROL is not allowed in TEXT (RFC 5545 3.3.11) */
            sb_putc(sb, (char)*p);
        }
    }
}

void ical_fold(strbuf *sb, const char *line, size_t n)
{
    size_t i = 0, room = 75;
    while (n - i > room) {
        size_t cut = i + room;
        /* back off to the start of a UTF-8 sequence */
        while (cut > i && ((unsigned char)line[cut] & 0xC0) == 0x80)
            cut--;
        if (cut == i)
            cut = i + room; /* not UTF-8: cut where the octets allow */
        sb_append(sb, line + i, cut - i);
        sb_append(sb, "\r\n ", 3);
        i = cut;
        room = 74; /* the leading space counts */
    }
    sb_append(sb, line + i, n - i);
    sb_append(sb, "\r\n", 2);
}

void ical_text_prop(strbuf *sb, const char *name, const char *value)
{
    strbuf l;
    sb_init(&l, 128);
    sb_puts(&l, name);
    sb_putc(&l, ':');
    ical_escape(&l, value);
    if (l.oom)
        sb->oom = 1;
    else
        ical_fold(sb, l.data, l.len);
    sb_free(&l);
}

static void raw_prop(strbuf *sb, const char *name, const char *value)
{
    strbuf l;
    sb_init(&l, 128);
    sb_puts(&l, name);
    sb_putc(&l, ':');
    for (const unsigned char *p = (const unsigned char *)value; *p; p++)
        if (*p >= 0x20 && *p != 0x7f)
            sb_putc(&l, (char)*p);
    if (l.oom)
        sb->oom = 1;
    else
        ical_fold(sb, l.data, l.len);
    sb_free(&l);
}

void ical_begin(strbuf *sb, const char *calname)
{
    sb_puts(sb, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
                "PRODID:-//datalots//natverk//SV\r\n"
                "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
    ical_text_prop(sb, "X-WR-CALNAME", calname);
}

void ical_event_write(strbuf *sb, const ical_event *ev)
{
    char t[17];
    sb_puts(sb, "BEGIN:VEVENT\r\n");
    raw_prop(sb, "UID", ev->uid);
    ical_utc(ev->dtstamp, t);
    sb_printf(sb, "DTSTAMP:%s\r\n", t);
    ical_utc(ev->start, t);
    sb_printf(sb, "DTSTART:%s\r\n", t);
    ical_utc(ev->end, t);
    sb_printf(sb, "DTEND:%s\r\n", t);
    ical_text_prop(sb, "SUMMARY", ev->summary);
    if (ev->description && *ev->description)
        ical_text_prop(sb, "DESCRIPTION", ev->description);
    if (ev->location && *ev->location)
        ical_text_prop(sb, "LOCATION", ev->location);
    if (ev->url && *ev->url)
        raw_prop(sb, "URL", ev->url);
    if (ev->organizer && *ev->organizer)
        ical_text_prop(sb, "X-DATALOTS-ORGANISER", ev->organizer);
    sb_puts(sb, "END:VEVENT\r\n");
}

void ical_end(strbuf *sb) { sb_puts(sb, "END:VCALENDAR\r\n"); }
