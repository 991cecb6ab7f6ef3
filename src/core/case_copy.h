/* case_copy.h — follow-up applications: who may copy a request as a new
 * one, which fields a copy carries over to the form version in force now,
 * and the field-by-field difference between a case and the one it was
 * copied from (what the coordinator reads on the new case). Pure: no I/O,
 * no SQL; the store (store/form_version.c) and the pages call these. */
#ifndef DATALOTS_CASE_COPY_H
#define DATALOTS_CASE_COPY_H

#include "core/arena.h"
#include "core/case_flow.h"
#include "core/case_request.h"
#include "core/line_diff.h"

/* May the actor copy a case in this state as a new request? Only the
 * applicant who owns it, and only once it is closed (delivered, refused or
 * withdrawn). 1 yes; 0 no, with a Swedish sentence (a msgid) in *msg_sv. */
int case_copy_may(case_state state, int actor_is_owner, const char **msg_sv);

/* The fields of a form version, as keys of CASE_REQUEST_FIELDS: present[f]
 * is 1 when field f is on the version. */
typedef struct form_fields {
    int present[REQ__MAX];
} form_fields;

/* Copies src into dst for a form with the fields of `to`: a field the form
 * no longer has is left empty in dst and, when src had a value in it, its
 * index is put in dropped[] (*n_dropped of them, in field order). Values
 * that the copy must not carry are never copied whatever the version: none
 * today (the list is here so that one is added in one place). */
void case_copy_fields(const case_request *src, const form_fields *to, case_request *dst,
                      case_request_field dropped[REQ__MAX], int *n_dropped);

/* One field that differs between the earlier case and the new one. */
typedef struct case_field_diff {
    case_request_field field;
    const char *before, *after; /* "" when empty */
    int multiline;              /* 1: lines holds the line-by-line difference */
    diff_line *lines;
    size_t n_lines;             /* 0 with multiline when the texts are too long to compare */
} case_field_diff;

/* The fields whose values differ between before and after, in field
 * order, into out (up to REQ__MAX); returns how many. Multi-line fields get
 * their line difference (core/line_diff.h) in arena a (none — n_lines 0 —
 * when too long to compare or memory ran out). NULL and "" are the same. */
int case_request_diff(arena *a, const case_request *before, const case_request *after,
                      case_field_diff out[REQ__MAX]);

#endif
