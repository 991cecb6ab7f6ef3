/* age_keys.c — age X25519 keys as text: parsing recipients ("age1…") and
 * identities ("AGE-SECRET-KEY-1…"), generating a key pair, deriving an
 * identity's recipient; and the names of the age_failure categories.
 *
 * Case follows the spec's examples and what age itself (1.1.1) accepts:
 * recipients are lowercase only ("AGE1…" is refused, as `age -r` refuses
 * it), identities uppercase only ("age-secret-key-1…" is refused, as
 * `age-keygen -y` refuses it). Nothing is trimmed. Error messages never
 * quote the text given: it may be a secret key. */
#include "crypto/age.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "crypto/bech32.h"

#define RECIPIENT_HRP "age"
#define IDENTITY_HRP "AGE-SECRET-KEY-"
#define NOT_IDENTITY_PREFIX "An age identity (secret key) starts with \"AGE-SECRET-KEY-1\"; this one does not."

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_status = -1;

static void sodium_start(void) { sodium_status = sodium_init(); }

static dl_err sodium_required(dl_error *e)
{
    pthread_once(&sodium_once, sodium_start);
    if (sodium_status < 0) return dl_fail(e, DL_EINTERNAL, "libsodium could not be initialised.");
    return DL_OK;
}

static int starts_with_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int has_edge_space(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && (is_space(s[0]) || is_space(s[n - 1]));
}

dl_err age_parse_recipient(const char *text, age_recipient *out, dl_error *e)
{
    if (!out) return dl_fail(e, DL_EINTERNAL, "age_parse_recipient: no output given.");
    memset(out, 0, sizeof *out);
    if (!text) return dl_fail(e, DL_EINVAL, "No age recipient was given.");
    if (!text[0]) return dl_fail(e, DL_EINVAL, "The age recipient is empty.");
    if (has_edge_space(text))
        return dl_fail(e, DL_EINVAL,
                       "The age recipient has spaces or a line break before or after it; remove them.");
    if (starts_with_ci(text, IDENTITY_HRP))
        return dl_fail(e, DL_EINVAL,
                       "This is an age identity (a secret key), not a recipient: keep it secret and "
                       "give its recipient (\"age1…\") instead.");
    if (!starts_with_ci(text, RECIPIENT_HRP "1"))
        return dl_fail(e, DL_EINVAL, "An age recipient starts with \"age1\"; this one does not.");

    char hrp[32];
    uint8_t key[64];
    size_t len = 0;
    dl_error be;
    dl_error_clear(&be);
    if (bech32_decode(text, hrp, sizeof hrp, key, sizeof key, &len, &be) != DL_OK)
        return dl_fail(e, DL_EINVAL, "The age recipient is not valid. %s", be.msg);
    if (strcmp(hrp, RECIPIENT_HRP) != 0) {
        if (strcasecmp(hrp, RECIPIENT_HRP) == 0)
            return dl_fail(e, DL_EINVAL, "An age recipient must be written in lowercase (\"age1…\").");
        return dl_fail(e, DL_EINVAL,
                       "Only X25519 age recipients are supported: \"age1\" and 58 more characters. "
                       "This one is of another kind (prefix \"%.32s1\").",
                       hrp);
    }
    if (len != 32)
        return dl_fail(e, DL_EINVAL, "An age recipient holds a 32-byte key; this one holds %zu bytes.", len);
    out->kind = AGE_X25519;
    memcpy(out->public_key, key, 32);
    return DL_OK;
}

dl_err age_parse_identity(const char *text, age_identity *out, dl_error *e)
{
    if (!out) return dl_fail(e, DL_EINTERNAL, "age_parse_identity: no output given.");
    memset(out, 0, sizeof *out);
    if (!text) return dl_fail(e, DL_EINVAL, "No age identity (secret key) was given.");
    if (!text[0]) return dl_fail(e, DL_EINVAL, "The age identity (secret key) is empty.");
    if (has_edge_space(text))
        return dl_fail(e, DL_EINVAL,
                       "The age identity (secret key) has spaces or a line break before or after it; "
                       "remove them.");
    if (!starts_with_ci(text, IDENTITY_HRP "1")) {
        if (starts_with_ci(text, "AGE-PLUGIN-"))
            return dl_fail(e, DL_EINVAL,
                           "age plugin identities (\"AGE-PLUGIN-…\") are not supported; an age identity "
                           "starts with \"AGE-SECRET-KEY-1\".");
        if (starts_with_ci(text, IDENTITY_HRP "PQ-1"))
            return dl_fail(e, DL_EINVAL,
                           "Post-quantum age identities (\"AGE-SECRET-KEY-PQ-1…\") are not supported; "
                           "an X25519 identity starts with \"AGE-SECRET-KEY-1\".");
        if (starts_with_ci(text, RECIPIENT_HRP "1"))
            return dl_fail(e, DL_EINVAL,
                           "This is an age recipient (a public key), not an identity: an age identity "
                           "starts with \"AGE-SECRET-KEY-1\".");
        return dl_fail(e, DL_EINVAL, NOT_IDENTITY_PREFIX);
    }

    char hrp[32];
    uint8_t key[64];
    size_t len = 0;
    dl_error be;
    dl_error_clear(&be);
    dl_err rc = bech32_decode(text, hrp, sizeof hrp, key, sizeof key, &len, &be);
    if (rc != DL_OK) {
        rc = dl_fail(e, DL_EINVAL, "The age identity (secret key) is not valid. %s", be.msg);
    } else if (strcmp(hrp, IDENTITY_HRP) != 0) {
        if (strcasecmp(hrp, IDENTITY_HRP) == 0)
            rc = dl_fail(e, DL_EINVAL,
                         "An age identity must be written in uppercase (\"AGE-SECRET-KEY-1…\"), "
                         "as age-keygen writes it.");
        else /* the prefix is not quoted: in a mangled key it would hold secret characters */
            rc = dl_fail(e, DL_EINVAL, NOT_IDENTITY_PREFIX);
    } else if (len != 32) {
        rc = dl_fail(e, DL_EINVAL, "An age identity holds a 32-byte key; this one holds %zu bytes.", len);
    } else {
        out->kind = AGE_X25519;
        memcpy(out->secret_key, key, 32);
    }
    sodium_memzero(key, sizeof key);
    sodium_memzero(hrp, sizeof hrp);
    return rc;
}

dl_err age_identity_recipient(const age_identity *id, char recipient_out[AGE_RECIPIENT_MAX], dl_error *e)
{
    if (recipient_out) recipient_out[0] = '\0';
    if (!id || !recipient_out)
        return dl_fail(e, DL_EINTERNAL, "age_identity_recipient: no identity or output given.");
    if (id->kind != AGE_X25519)
        return dl_fail(e, DL_EINVAL, "Only an X25519 identity has a recipient; a passphrase has none.");
    dl_err rc = sodium_required(e);
    if (rc != DL_OK) return rc;
    uint8_t pk[32];
    if (crypto_scalarmult_base(pk, id->secret_key) != 0)
        return dl_fail(e, DL_EINVAL, "The age identity is not a usable X25519 secret key.");
    return bech32_encode(RECIPIENT_HRP, pk, sizeof pk, recipient_out, AGE_RECIPIENT_MAX, e);
}

dl_err age_keygen(char identity_out[AGE_IDENTITY_MAX], char recipient_out[AGE_RECIPIENT_MAX], dl_error *e)
{
    if (identity_out) identity_out[0] = '\0';
    if (recipient_out) recipient_out[0] = '\0';
    if (!identity_out || !recipient_out) return dl_fail(e, DL_EINTERNAL, "age_keygen: no output given.");
    dl_err rc = sodium_required(e);
    if (rc != DL_OK) return rc;
    age_identity id = {.kind = AGE_X25519};
    randombytes_buf(id.secret_key, sizeof id.secret_key);
    rc = bech32_encode(IDENTITY_HRP, id.secret_key, sizeof id.secret_key, identity_out, AGE_IDENTITY_MAX, e);
    if (rc == DL_OK) rc = age_identity_recipient(&id, recipient_out, e);
    sodium_memzero(&id, sizeof id);
    if (rc != DL_OK) {
        sodium_memzero(identity_out, AGE_IDENTITY_MAX);
        recipient_out[0] = '\0';
    }
    return rc;
}

const char *age_failure_name(age_failure f)
{
    switch (f) {
    case AGE_OK: return "ok";
    case AGE_FAIL_HEADER: return "header failure";
    case AGE_FAIL_NO_MATCH: return "no match";
    case AGE_FAIL_HMAC: return "HMAC failure";
    case AGE_FAIL_PAYLOAD: return "payload failure";
    case AGE_FAIL_ARMOR: return "armor failure";
    case AGE_FAIL_UNSUPPORTED: return "unsupported";
    case AGE_FAIL_IO: return "I/O error";
    case AGE_FAIL_LIMIT: return "work factor too high";
    }
    return "unknown failure";
}

int age_holds_secret_key(const char *p, size_t n)
{
    static const char needle[] = "age-secret-key-";
    const size_t k = sizeof needle - 1;
    for (size_t i = 0; i + k <= n; i++)
        if ((p[i] == 'a' || p[i] == 'A') && strncasecmp(p + i, needle, k) == 0) return 1;
    return 0;
}
