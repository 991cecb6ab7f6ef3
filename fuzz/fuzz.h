/* fuzz.h — what every libFuzzer target in fuzz/ shares: the entry point's
 * declaration and FUZZ_CHECK, which aborts (so libFuzzer keeps the input as
 * a crash) when an invariant a target checks does not hold. Targets are
 * built with clang -fsanitize=fuzzer,address,undefined (see the Makefile's
 * fuzz section and docs/fuzzing.md). */
#ifndef DATALOTS_FUZZ_H
#define DATALOTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                         \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);          \
            abort();                                                                             \
        }                                                                                        \
    } while (0)

#endif
