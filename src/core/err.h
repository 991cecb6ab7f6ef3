/* err.h — datalots' one error vocabulary. Functions return a dl_err and, when
 * given a dl_error, fill it with a sentence a user can act on. The numeric
 * values and the names of dl_err_name() never move: they are the API's error
 * contract (every JSON error is {"error":{"status","code","name","message"}},
 * docs/api.md), and the HTTP status of an answer is derived from the code by
 * one table (web/http.c, http_status_of). Add new codes at the end. */
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
    DL_EBUSY     = 15, /* the store or a data source is busy or too slow: try again soon */
    DL_EREQUEST  = 16, /* the request itself is malformed: address, query, an option not offered */
    DL_EGONE     = 17, /* it was here and is not any more: a used or expired link, a culled file */
    DL_EMETHOD   = 18, /* the address does not take this method */
    DL_EMEDIATYPE = 19, /* the body's content type is not one the address takes */
    DL_ENOTACCEPTABLE = 20, /* no representation the client accepts */
    DL_EUPSTREAM = 21, /* another server asked on the user's behalf failed (mail box, feed) */
    DL_EURITOOLONG = 22, /* the address is longer than any page here takes */
    DL_ERR__MAX
} dl_err;

typedef struct dl_error {
    dl_err code;
    char msg[256];
} dl_error;

/* Short lower-case words for a code, e.g. "not found", for logs. Never NULL. */
const char *dl_strerror(dl_err code);
/* The code's stable identifier in JSON errors, e.g. "not_found"; never NULL
 * ("unknown" for a value outside the enum). */
const char *dl_err_name(dl_err code);

/* The translation of dl_fail()'s formats for this thread: while a request
 * in English is handled, the web layer sets a translator here, so a
 * sentence such as "Namnet får vara högst %d tecken." is formatted from its
 * English translation and reaches the page in the request's language. NULL
 * (the default, and always outside a request) formats the Swedish msgid. A
 * translation whose conversions differ from the msgid's is not used. */
typedef const char *(*dl_translate_fn)(void *data, const char *msgid);
void dl_error_translate_with(dl_translate_fn translate, void *data);
/* A Swedish word or phrase that goes into a dl_fail() sentence as an
 * argument ("Fyll i %s.", dl_tr("namnet")), translated as the format is;
 * the msgid itself when no translator is set. */
const char *dl_tr(const char *msgid_sv);

/* Sets e (which may be NULL) to code and a formatted sentence; returns code. */
dl_err dl_fail(dl_error *e, dl_err code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears e to DL_OK with an empty message. */
void dl_error_clear(dl_error *e);

#endif
