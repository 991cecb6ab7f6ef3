# datalots — build, demo and test.
#   make          build ./datalots (optimised)
#   make demo     install missing Debian packages, build, create var/demo.db, serve :8080
#   make check    build with AddressSanitizer + UBSan and run every test, on SQLite and PostgreSQL,
#                 every fuzz target for 5 s, and make valgrind's runs
#   make fuzz     every fuzz target (fuzz/, docs/fuzzing.md) for FUZZ_SECONDS (60) seconds
#   make valgrind the release build under Valgrind's memcheck: a server's start → requests →
#                 stop on SQLite and PostgreSQL, and every command (docs/valgrind.md)
#   make check-sqlite   the same without the PostgreSQL suites and Valgrind
# Everything is compiled with -Wall -Wextra -Werror.

CC      ?= cc
PKGS    := libmicrohttpd libsodium sqlite3 jansson libpq libcurl pangocairo libcmark-gfm raptor2 xlsxwriter odbc libarchive libcrypto gmime-3.0
WARN    := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wvla -Wstrict-prototypes -Wno-missing-field-initializers
CPPFLAGS_ALL := -Isrc -D_GNU_SOURCE -DDATALOTS_SRC_LOCALEDIR='"$(CURDIR)/locale"' $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lpthread
TEST_LIBS := -lz

# Release build in build/rel, sanitized build in build/san. The sanitized build
# (unit, e2e and browser tests) renders templates strictly: a key a template
# uses but the handler never set fails the request (src/web/template.h).
REL_CFLAGS := -std=c17 -O2 -g $(WARN)
SAN_CFLAGS := -std=c17 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined $(WARN) -DDATALOTS_STRICT_TEMPLATES
SAN_LDFLAGS := -fsanitize=address,undefined

SRC      := $(shell find src -name '*.c' ! -path 'src/main.c' | sort)
TEMPLATES := $(shell find src/web/templates -type f -name '*.html' | sort)
STATIC   := $(shell find src/web/static -type f | sort)
MIGRATIONS := $(shell find src/db/migrations -type f -name '*.sql' | sort)
UNIT_SRC := $(shell find tests/unit -name '*.c' | sort)
PO       := $(wildcard src/i18n/po/*.po)
MO       := $(patsubst src/i18n/po/%.po,locale/%/LC_MESSAGES/datalots.mo,$(PO))

.PHONY: all demo check check-sqlite clean style
all: datalots $(MO)

build/embed: tools/embed.c
	@mkdir -p build
	$(CC) -O1 -o $@ $<

build/gen/templates.c: build/embed $(TEMPLATES)
	@mkdir -p build/gen
	@build/embed $@ embedded_templates src/web/templates/ $(TEMPLATES)
build/gen/static.c: build/embed $(STATIC)
	@mkdir -p build/gen
	@build/embed $@ embedded_static src/web/static/ $(STATIC)
build/gen/migrations.c: build/embed $(MIGRATIONS)
	@mkdir -p build/gen
	@build/embed $@ embedded_migrations src/db/migrations/ $(MIGRATIONS)
# The OpenAPI document served at /api/v1/openapi.json: docs/openapi.yaml as JSON (python3-yaml).
build/gen/openapi.json: docs/openapi.yaml
	@mkdir -p build/gen
	@python3 -c 'import sys, json, yaml; json.dump(yaml.safe_load(open(sys.argv[1], encoding="utf-8")), open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1, default=str)' $< $@
build/gen/api_docs.c: build/embed build/gen/openapi.json
	@build/embed $@ embedded_api_docs build/gen/ build/gen/openapi.json
GEN := build/gen/templates.c build/gen/static.c build/gen/migrations.c build/gen/api_docs.c

locale/%/LC_MESSAGES/datalots.mo: src/i18n/po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# --- release objects ---
REL_OBJ := $(SRC:%.c=build/rel/%.o) $(GEN:build/gen/%.c=build/rel/gen/%.o)
build/rel/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(REL_CFLAGS) $(CPPFLAGS_ALL) -MMD -MP -c -o $@ $<
build/rel/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@$(CC) $(REL_CFLAGS) $(CPPFLAGS_ALL) -c -o $@ $<
datalots: build/rel/src/main.o $(REL_OBJ)
	$(CC) -o $@ $^ $(LIBS)

# --- sanitized objects (tests) ---
SAN_OBJ := $(SRC:%.c=build/san/%.o) $(GEN:build/gen/%.c=build/san/gen/%.o)
build/san/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	@$(CC) $(SAN_CFLAGS) $(CPPFLAGS_ALL) -Itests/unit -MMD -MP -c -o $@ $<
build/san/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@$(CC) $(SAN_CFLAGS) $(CPPFLAGS_ALL) -c -o $@ $<
build/san/datalots: build/san/src/main.o $(SAN_OBJ)
	$(CC) $(SAN_LDFLAGS) -o $@ $^ $(LIBS)
build/san/unit-tests: $(UNIT_SRC:%.c=build/san/%.o) $(SAN_OBJ)
	$(CC) $(SAN_LDFLAGS) -o $@ $^ $(LIBS) $(TEST_LIBS)

demo: 
	@bash scripts/install-deps.sh
	@$(MAKE) --no-print-directory all
	@bash scripts/demo.sh

# Packages first: on a fresh machine even msgfmt and pkg-config may be missing,
# so the build runs in a second make that sees them.
check:
	@bash scripts/install-deps.sh
	@$(MAKE) --no-print-directory -j$$(nproc) all build/san/datalots build/san/unit-tests fuzz-build
	@bash tests/run.sh

# The same without the PostgreSQL suites: faster while developing.
check-sqlite:
	@bash scripts/install-deps.sh
	@$(MAKE) --no-print-directory all build/san/datalots build/san/unit-tests fuzz-build
	@SUITES="style fuzz unit e2e browser" bash tests/run.sh


# --- fuzzing (docs/fuzzing.md) ---
# libFuzzer targets in fuzz/, built with clang (Debian's clang and
# libclang-rt-14-dev) with ASan and UBSan into build/fuzz/. Each target links
# only the sources it needs. `make fuzz` runs each FUZZ_SECONDS (60) seconds;
# `make fuzz-short` 5 seconds each and fails on any finding.
FUZZ_CC     ?= clang
FUZZ_CFLAGS := -std=c17 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
               -fno-sanitize-recover=undefined $(WARN)
FUZZ_LDFLAGS := -fsanitize=fuzzer,address,undefined
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := request form multipart accept_language personnummer diary_number bech32 age_armor age_header template content jwt oidc_claims
fuzz_objs = $(patsubst %.c,build/fuzz/%.o,fuzz/fuzz_$(1).c $(2))
FUZZ_BASE := src/core/arena.c src/core/err.c src/core/utf8.c src/core/strbuf.c src/core/alloc.c
FUZZ_SRC_form := src/web/form.c src/core/calendar.c $(FUZZ_BASE)
FUZZ_SRC_multipart := src/web/multipart.c src/web/form.c src/core/calendar.c $(FUZZ_BASE)
FUZZ_SRC_accept_language := src/web/accept_language.c
FUZZ_SRC_personnummer := src/core/personnummer.c src/core/calendar.c $(FUZZ_BASE)
FUZZ_SRC_diary_number := src/core/diary_number.c $(FUZZ_BASE)
FUZZ_SRC_bech32 := src/crypto/bech32.c $(FUZZ_BASE)
FUZZ_SRC_age_armor := src/crypto/age_armor.c $(FUZZ_BASE)
FUZZ_SRC_age_header := src/crypto/age_header.c src/crypto/age_util.c $(FUZZ_BASE)
FUZZ_SRC_jwt := src/crypto/jwt.c $(FUZZ_BASE)
FUZZ_SRC_oidc_claims := src/core/oidc_rules.c src/oidc/oidc_client.c src/core/capped_buf.c src/crypto/token.c src/core/roles.c $(FUZZ_BASE)
FUZZ_SRC_template := src/web/template_parse.c src/web/template_render.c $(FUZZ_BASE)
FUZZ_SRC_content := src/core/content.c src/core/content_set.c src/core/content_case.c src/core/content_types.c src/core/mail_address.c src/core/calendar.c $(FUZZ_BASE)
FUZZ_SRC_request := src/web/cookie.c src/web/pathparam.c src/web/form.c src/core/calendar.c $(FUZZ_BASE)
FUZZ_BINS := $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)

# fuzz_request matches against the route table's patterns, taken from routes.c
# (linking the table would link every handler).
build/fuzz/route_patterns.h: src/web/routes.c
	@mkdir -p $(dir $@)
	@sed -n 's/^ *{HTTP_[A-Z_| ]*, *\("[^"]*"\).*/    \1,/p' $< | sort -u > $@
	@test -s $@
build/fuzz/fuzz/fuzz_request.o: build/fuzz/route_patterns.h

build/fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC fuzz $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(CPPFLAGS_ALL) -I. -Ibuild/fuzz -MMD -MP -c -o $@ $<
.SECONDEXPANSION:
$(FUZZ_BINS): build/fuzz/fuzz_%: $$(call fuzz_objs,$$*,$$(sort $$(FUZZ_SRC_$$*)))
	$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $^ $(LIBS)

.PHONY: fuzz fuzz-short fuzz-build
fuzz-build: $(FUZZ_BINS)
fuzz: fuzz-build
	@bash scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)
fuzz-short: fuzz-build
	@bash scripts/fuzz.sh 5 $(FUZZ_TARGETS)

style:
	@bash scripts/check-style.sh

# --- Valgrind (docs/valgrind.md) ---
# The release binary (-O2 -g, no sanitizer: memcheck cannot run an ASan
# build) and its translations, with a throwaway PostgreSQL cluster for the
# second server cycle; ends with "valgrind: N passed, N failed".
# `bash scripts/valgrind.sh` alone runs without PostgreSQL;
# VALGRIND_ONLY="server age" runs the tests whose names hold those words.
.PHONY: valgrind
valgrind: all
	@DATALOTS_TEST_SUITE=valgrind bash tests/with-pg.sh bash scripts/valgrind.sh

clean:
	rm -rf build datalots locale

-include $(shell find build -name '*.d' 2>/dev/null)
