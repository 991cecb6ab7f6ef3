/* err.h — datalots' one error vocabulary. Functions return a dl_err and, when
 * given a dl_error, fill it with a sentence a user can act on. The numeric
 * values never move (they appear in logs and JSON errors); add new codes at
 * the end. */
#ifndef DATALOTS_ERR_H
#define DATALOTS_ERR_H

typedef enum dl_err {
    DL_OK        = 0,
    DL_ENOMEM    = 1,  /* out of memory */
    DL_EINVAL    = 2,  /* the input is malformed or breaks a rule */
    DL_ENOTFOUND = 3,  /* no such object */
    DL_EDENIED   = 4,  /* signed in, but not allowed */
    DL_ECONFLICT = 5,  /* duplicate or stale version */
    DL_EDB       = 6,  /* the store failed */
    DL_EIO       = 7,  /* a file or socket failed */
    DL_ELIMIT    = 8,  /* too large or too many */
    DL_EAUTH     = 9,  /* not signed in, or wrong credentials */
    DL_ELOCKED   = 10, /* locked out or rate limited for now */
    DL_ECONFIG   = 11, /* bad configuration or command line */
    DL_ECRYPTO   = 12, /* a cryptographic check failed */
    DL_EINTERNAL = 13, /* a bug: should not happen */
    DL_ECONSTRAINT = 14, /* the store refused a write (unique, foreign key, check); the
                          * message is the store's own text, for the log, never a page */
    DL_ERR__MAX
} dl_err;

typedef struct dl_error {
    dl_err code;
    char msg[256];
} dl_error;

/* Short lower-case name of a code, e.g. "not found". Never NULL. */
const char *dl_strerror(dl_err code);

/* Sets e (which may be NULL) to code and a formatted sentence; returns code. */
dl_err dl_fail(dl_error *e, dl_err code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears e to DL_OK with an empty message. */
void dl_error_clear(dl_error *e);

#endif
