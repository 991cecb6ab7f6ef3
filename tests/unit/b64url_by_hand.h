/* b64url_by_hand.h — base64url without padding (RFC 4648 §5) written out
 * in the tests, not libsodium's nor OpenSSL's: what the code under test
 * produces is compared with it (the PKCE challenge, JWKS members). */
#ifndef DATALOTS_TEST_B64URL_BY_HAND_H
#define DATALOTS_TEST_B64URL_BY_HAND_H

#include <stddef.h>

/* out holds at least 4 * ceil(n / 3) + 1 bytes. */
void b64url_by_hand(const unsigned char *in, size_t n, char *out);

#endif
