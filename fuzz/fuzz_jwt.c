/* fuzz_jwt.c — feeds the input to jwt_verify_id_token (crypto/jwt.h), the
 * parser of OpenID Connect ID tokens and of a provider's JWKS: as a token
 * against a fixed JWKS (an EC P-256 key), and, when it starts with '{', as
 * the JWKS against a fixed token; and to jwt_base64url_decode.
 * Invariants checked: no input verifies (none is signed by the key), every
 * refusal says why, and base64url decoding never writes past its buffer or
 * claims more than it was given. */
#include "fuzz/fuzz.h"

#include <string.h>

#include "crypto/jwt.h"

static const char jwks[] = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k1\","
                           "\"x\":\"M64iy8aF8G5EN9nStqR6xjQ0Oa15FALgiY1LxFZCnH4\","
                           "\"y\":\"yGH98uBfuZyLb4APTflUHAzb0OnLL5Ne_oqhANIzEeM\"}]}";
/* {"alg":"ES256","kid":"k1"} . {"iss":"i","sub":"s","aud":"c","exp":9,"iat":1} . 64 zero bytes */
static const char token[] = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0."
                            "eyJpc3MiOiJpIiwic3ViIjoicyIsImF1ZCI6ImMiLCJleHAiOjksImlhdCI6MX0."
                            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    arena *a = arena_new(4096);
    jwt_expect want = {.issuer = "i", .client_id = "c", .nonce = NULL, .now = 5};
    jwt_claims c;
    dl_error e = {0};
    dl_err rc = text[0] == '{' ? jwt_verify_id_token(token, text, &want, a, &c, &e)
                               : jwt_verify_id_token(text, jwks, &want, a, &c, &e);
    FUZZ_CHECK(rc != DL_OK);
    FUZZ_CHECK(e.msg[0] != '\0');
    unsigned char out[64];
    long n = jwt_base64url_decode(text, strlen(text), out, sizeof out);
    FUZZ_CHECK(n >= -1 && n <= (long)sizeof out && n <= (long)strlen(text));
    arena_free(a);
    free(text);
    return 0;
}
