/* ical.h — an iCalendar (RFC 5545) writer for the network calendar: content
 * lines folded at 75 octets (never inside a UTF-8 sequence), CRLF line ends,
 * TEXT values escaped (\\ ; , and newlines), instants in UTC with Z. Pure:
 * no I/O, no time zone, no locale. */
#ifndef DATALOTS_ICAL_H
#define DATALOTS_ICAL_H

#include <stdint.h>

#include "core/strbuf.h"

typedef struct ical_event {
    const char *uid;         /* globally unique, e.g. "event-7@host" */
    int64_t dtstamp;         /* epoch seconds, UTC */
    int64_t start, end;      /* epoch seconds, UTC; end > start */
    const char *summary;     /* required */
    const char *description; /* NULL or "" leaves the property out */
    const char *location;    /* ditto */
    const char *url;         /* ditto (a URI: not escaped, only folded) */
    const char *organizer;   /* ditto: the organising member's name (X-) */
} ical_event;

/* "YYYYMMDDTHHMMSSZ" for epoch seconds t (years 1..9999). */
void ical_utc(int64_t t, char out[17]);
/* Appends s escaped as an RFC 5545 TEXT value: \ ; , become \\ \; \, and a
 * newline (LF, CRLF or a lone CR) becomes \n; other control bytes are
 * dropped. */
void ical_escape(strbuf *sb, const char *s);
/* Appends the content line line[0..n) folded: no physical line longer than
 * 75 octets, each continuation starting with one space, the break never
 * inside a UTF-8 sequence, every line ended by CRLF. */
void ical_fold(strbuf *sb, const char *line, size_t n);
/* NAME:escaped-value as one folded line. */
void ical_text_prop(strbuf *sb, const char *name, const char *value);

/* BEGIN:VCALENDAR with VERSION, PRODID, CALSCALE, METHOD:PUBLISH and
 * X-WR-CALNAME (the calendar's name, escaped). */
void ical_begin(strbuf *sb, const char *calname);
void ical_event_write(strbuf *sb, const ical_event *ev);
void ical_end(strbuf *sb);

#endif
