/* case_copy.c — who may copy a request, what a copy carries over, and the
 * field difference between two requests; see case_copy.h. */
#include "core/case_copy.h"

#include <string.h>

int case_copy_may(case_state state, int actor_is_owner, const char **msg_sv)
{
    const char *unused;
    if (!msg_sv) msg_sv = &unused;
    *msg_sv = NULL;
    if (!actor_is_owner) {
        *msg_sv = "Bara den som har gjort ansökan kan kopiera den som en ny ansökan.";
        return 0;
    }
    if ((unsigned)state >= CASE_STATE__MAX || case_state_is_open(state)) {
        *msg_sv = "Ärendet pågår fortfarande. Du kan kopiera en ansökan som ny när ärendet är avslutat eller avslaget.";
        return 0;
    }
    return 1;
}

static const char *val(const char *s) { return s ? s : ""; }

void case_copy_fields(const case_request *src, const form_fields *to, case_request *dst,
                      case_request_field dropped[REQ__MAX], int *n_dropped)
{
    *n_dropped = 0;
    for (int f = 0; f < REQ__MAX; f++) {
        const char *v = val(src->v[f]);
        if (to->present[f]) {
            dst->v[f] = v;
        } else {
            dst->v[f] = "";
            if (*v) dropped[(*n_dropped)++] = (case_request_field)f;
        }
    }
}

int case_request_diff(arena *a, const case_request *before, const case_request *after,
                      case_field_diff out[REQ__MAX])
{
    int n = 0;
    for (int f = 0; f < REQ__MAX; f++) {
        const char *b = val(before->v[f]), *x = val(after->v[f]);
        if (strcmp(b, x) == 0) continue;
        case_field_diff *d = &out[n++];
        memset(d, 0, sizeof *d);
        d->field = (case_request_field)f;
        d->before = b;
        d->after = x;
        d->multiline = case_request_fields[f].kind == RK_MULTILINE;
        if (d->multiline && line_diff(a, b, x, &d->lines, &d->n_lines) != 0) {
            d->lines = NULL; /* too long to compare line by line: the page shows both texts */
            d->n_lines = 0;
        }
    }
    return n;
}
