/* test_case_letters.c — case_letter_build (report/case_letters.c): every kind
 * of case document builds in Swedish and English with its letterhead, header
 * fields and footer; a decision that refuses, in whole or in part, carries the
 * appeal instructions and an approval in whole does not; the review is marked
 * SEKRETESS; hostile text stays text (escaped in the HTML); bad input is
 * refused. */
#include "test.h"

#include "core/embedded.h"
#include "core/strbuf.h"
#include "report/case_letters.h"
#include "report/doc.h"
#include "web/doc_web.h"
#include "web/template.h"

#include <string.h>

static case_letter_input sample(case_doc kind, const char *lang)
{
    case_letter_input in = {
        .lang = lang,
        .kind = kind,
        .org_name = "Regionhälsan",
        .case_number = "RH 2026-00005",
        .doc_number = "RH 2026-00011",
        .date = "2026-12-06",
        .recipient = "Sara Forskare",
        .case_title = "Diabetes typ 2 i primärvården 2015–2024",
        .applicant = "Sara Forskare",
        .applicant_org = "Göteborgs universitet",
        .target_name = "Vårdcentralen Björkdalen",
        .process = 1,
        .received_date = "2026-11-30",
        .body = "Vårdcentralen Sjöstaden har nekat.",
        .conditions = "Pseudonymiserade uppgifter.\nFörstörs senast 2035-12-31.",
        .outcome = kind == DOC_RECOMMENDATION ? "release" : "approved",
        .decision_date = "2026-12-01",
        .actor_name = "Vera Verksamhetschef",
        .actor_role = kind == DOC_DECISION ? ROLE_VERKSAMHETSCHEF : ROLE_APPLICANT,
        .assignee = "Ulla Uppdragstagare",
        .delivery_method = "paper",
        .deadline = "2026-12-20",
    };
    return in;
}

/* The notice block of d, or NULL. */
static const doc_block *notice_of(const doc *d)
{
    for (size_t i = 0; i < d->n_blocks; i++)
        if (d->blocks[i].kind == DOC_NOTICE) return &d->blocks[i];
    return NULL;
}

/* All the text of d's blocks in one string, for searching. */
static const char *all_text(arena *a, const doc *d)
{
    strbuf sb;
    sb_init(&sb, 4096);
    for (size_t i = 0; i < d->n_blocks; i++) {
        const doc_block *b = &d->blocks[i];
        if (b->text) sb_printf(&sb, "%s\n", b->text);
        if (b->title) sb_printf(&sb, "%s\n", b->title);
        if (b->name) sb_printf(&sb, "%s\n", b->name);
        for (size_t k = 0; k < b->n_items; k++) sb_printf(&sb, "%s\n", b->items[k]);
    }
    char *out = arena_strdup(a, sb_cstr(&sb));
    sb_free(&sb);
    return out;
}

static const char *field(const doc *d, size_t i) { return i < d->n_fields ? d->fields[i].label : ""; }

TEST(case_letter_every_kind_builds_in_both_languages)
{
    static const char *const langs[] = {"sv", "en"};
    for (int k = DOC_NONE + 1; k < CASE_DOC__MAX; k++) {
        for (int l = 0; l < 2; l++) {
            arena *a = arena_new(16384);
            doc *d = doc_new(a);
            case_letter_input in = sample((case_doc)k, langs[l]);
            dl_error e = {0};
            dl_err rc = case_letter_build(d, &in, &e);
            if (rc != DL_OK) fprintf(stderr, "    kind %d %s: %s\n", k, langs[l], e.msg);
            CHECK_INT_EQ(rc, DL_OK);
            CHECK_STR_EQ(d->lang, langs[l]);
            CHECK_STR_EQ(d->org_name, "Regionhälsan");
            CHECK(*d->title);
            CHECK(d->n_blocks >= 1);
            CHECK_STR_EQ(field(d, 0), l ? "Reference no." : "Diarienummer");
            CHECK_STR_EQ(d->fields[0].value, "RH 2026-00005");
            CHECK_STR_EQ(field(d, 2), l ? "Date" : "Datum");
            if (strcmp(case_doc_direction((case_doc)k), "in") == 0)
                CHECK_STR_EQ(field(d, 3), l ? "From" : "Avsändare"); /* the request, a completion, a unit's answer, a withdrawal */
            else CHECK_STR_EQ(field(d, 3), l ? "To" : "Mottagare");
            CHECK_STR_EQ(field(d, 4), l ? "Case" : "Ärende");
            CHECK_STR_EQ(d->footer_text, l ? "Ref. RH 2026-00005" : "Dnr RH 2026-00005");
            CHECK_STR_EQ(d->page_word, l ? "Page" : "Sida");
            CHECK_STR_EQ(d->of_word, l ? "of" : "av");
            if (k == DOC_CONFIDENTIALITY_REVIEW) CHECK_CONTAINS(d->marking, "SEKRETESS enligt OSL 25 kap. 1 §");
            else CHECK_STR_EQ(d->marking, "");
            arena_free(a);
        }
    }
}

TEST(case_letter_refusal_has_the_appeal_notice_and_approval_not)
{
    static const struct { const char *outcome; int appeal; } cases[] = {
        {"refused", 1}, {"approved_in_part", 1}, {"approved", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int en = 0; en < 2; en++) {
            arena *a = arena_new(16384);
            doc *d = doc_new(a);
            case_letter_input in = sample(DOC_DECISION, en ? "en" : "sv");
            in.outcome = cases[i].outcome;
            in.process = 2;
            in.actor_name = "Dan Direktör";
            in.actor_role = ROLE_FORVALTNINGSDIREKTOR;
            dl_error e;
            CHECK_INT_EQ(case_letter_build(d, &in, &e), DL_OK);
            CHECK_STR_EQ(d->title, en ? "Decision on the release of official documents"
                                      : "Beslut om utlämnande av allmänna handlingar");
            const char *t = all_text(a, d);
            CHECK_CONTAINS(t, "Dan Direktör");
            CHECK_CONTAINS(t, en ? "Director" : "Förvaltningsdirektör");
            const doc_block *n = notice_of(d);
            if (!cases[i].appeal) {
                CHECK(n == NULL);
                CHECK_NOT_CONTAINS(t, "kammarrätten");
                CHECK_CONTAINS(t, "Pseudonymiserade uppgifter.");
            } else {
                CHECK(n != NULL);
                if (!n) { arena_free(a); continue; }
                CHECK_STR_EQ(n->title, en ? "How to appeal" : "Hur man överklagar");
                CHECK_CONTAINS(n->text, en ? "Administrative Court of Appeal" : "kammarrätten");
                CHECK_CONTAINS(n->text, en ? "three weeks" : "tre veckor");
                CHECK_CONTAINS(n->text, "Regionhälsan");   /* sent to the deciding organisation */
                CHECK_CONTAINS(n->text, "RH 2026-00005"); /* which decision */
                CHECK_CONTAINS(n->text, en ? "the change you want" : "hur ni vill att beslutet ska ändras");
                CHECK_CONTAINS(n->text, en ? "reasons" : "varför");
            }
            /* A refusal in whole sets no conditions. */
            if (strcmp(cases[i].outcome, "refused") == 0) CHECK_NOT_CONTAINS(t, "Pseudonymiserade uppgifter.");
            arena_free(a);
        }
    }
}

TEST(case_letter_assignment_and_review_say_what_the_process_needs)
{
    arena *a = arena_new(16384);
    doc *d = doc_new(a);
    case_letter_input in = sample(DOC_ASSIGNMENT, "sv");
    dl_error e;
    CHECK_INT_EQ(case_letter_build(d, &in, &e), DL_OK);
    const char *t = all_text(a, d);
    CHECK_CONTAINS(t, "Ulla Uppdragstagare");
    CHECK_CONTAINS(t, "personalakt");
    CHECK_CONTAINS(t, "Förstörs senast 2035-12-31.");
    CHECK_CONTAINS(t, "Verksamhetschef");
    CHECK_STR_EQ(d->fields[3].value, "Ulla Uppdragstagare"); /* Mottagare: the employee */

    d = doc_new(a);
    in = sample(DOC_CONFIDENTIALITY_REVIEW, "sv");
    in.body = "Inga patienter skadas.";
    CHECK_INT_EQ(case_letter_build(d, &in, &e), DL_OK);
    t = all_text(a, d);
    CHECK_CONTAINS(t, "Inga patienter skadas.");
    CHECK_CONTAINS(t, "10 kap. 14 § OSL");
    CHECK_CONTAINS(t, "Utsedd för men- och sekretessprövning");
    arena_free(a);
}

TEST(case_letter_keeps_hostile_text_as_text)
{
    arena *a = arena_new(65536);
    doc *d = doc_new(a);
    case_letter_input in = sample(DOC_DECISION, "sv");
    in.outcome = "refused";
    in.body = "<script>alert(1)</script> & \"q\"\r\nrad två\x01slut";
    in.case_title = "<b>Titel</b>";
    in.actor_name = "Eva <img src=x onerror=alert(1)>";
    dl_error e;
    CHECK_INT_EQ(case_letter_build(d, &in, &e), DL_OK);
    const char *t = all_text(a, d);
    CHECK_CONTAINS(t, "<script>alert(1)</script> & \"q\"\nrad två slut"); /* \r dropped, \x01 a space */
    tmpl_set *set = NULL;
    CHECK_INT_EQ(tmpl_set_load(embedded_templates, &set, &e), DL_OK);
    strbuf out;
    sb_init(&out, 0);
    CHECK_INT_EQ(doc_render_html(set, a, d, &out, &e), DL_OK);
    const char *h = sb_cstr(&out);
    CHECK_NOT_CONTAINS(h, "<script>");
    CHECK_NOT_CONTAINS(h, "<b>Titel");
    CHECK_NOT_CONTAINS(h, "<img");
    CHECK_CONTAINS(h, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;");
    CHECK_CONTAINS(h, "&lt;b&gt;Titel&lt;/b&gt;");
    CHECK_CONTAINS(h, "Eva &lt;img src=x onerror=alert(1)&gt;");
    sb_free(&out);
    tmpl_set_free(set);
    arena_free(a);
}

TEST(case_letter_refuses_bad_input)
{
    arena *a = arena_new(16384);
    dl_error e;
    case_letter_input in = sample(DOC_DECISION, "de");
    CHECK_INT_EQ(case_letter_build(doc_new(a), &in, &e), DL_EINVAL);
    in = sample(DOC_DECISION, "sv");
    in.outcome = "maybe";
    CHECK_INT_EQ(case_letter_build(doc_new(a), &in, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "outcome");
    in = sample(DOC_DECISION, NULL); /* NULL: Swedish */
    in.org_name = " ";
    CHECK_INT_EQ(case_letter_build(doc_new(a), &in, &e), DL_EINVAL);
    in = sample(DOC_NONE, "sv");
    CHECK_INT_EQ(case_letter_build(doc_new(a), &in, &e), DL_EINVAL);
    in = sample(CASE_DOC__MAX, "sv");
    CHECK_INT_EQ(case_letter_build(doc_new(a), &in, &e), DL_EINVAL);
    CHECK_INT_EQ(case_letter_build(NULL, &in, &e), DL_EINVAL);
    /* An empty case (nothing but the organisation) still makes a letter. */
    case_letter_input bare = {.kind = DOC_ACKNOWLEDGEMENT, .org_name = "Regionhälsan"};
    doc *d = doc_new(a);
    CHECK_INT_EQ(case_letter_build(d, &bare, &e), DL_OK);
    CHECK_STR_EQ(d->fields[0].value, "(ännu inte registrerat)");
    CHECK_STR_EQ(case_letter_file_word(DOC_DECISION), "beslut");
    CHECK_STR_EQ(case_letter_file_word(DOC_NONE), "handling");
    arena_free(a);
}

TEST(case_letter_unit_answer_says_what_the_unit_answered)
{
    static const struct { const char *lang, *outcome, *says, *reasons, *from; } cases[] = {
        {"sv", "refuse", "Vårdcentralen Sjöstaden nekar utlämnande av uppgifter från enheten.", "Skäl", "Avsändare"},
        {"en", "refuse", "Vårdcentralen Sjöstaden refuses the release of data from the unit.", "Reasons", "From"},
        {"sv", "accept", "Vårdcentralen Sjöstaden medger utlämnande av uppgifter från enheten.", NULL, "Avsändare"},
        {"en", "accept", "Vårdcentralen Sjöstaden accepts the release of data from the unit.", NULL, "From"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        arena *a = arena_new(16384);
        doc *d = doc_new(a);
        case_letter_input in = sample(DOC_UNIT_ANSWER, cases[i].lang);
        in.recipient = "Vårdcentralen Sjöstaden"; /* the unit that answered */
        in.outcome = cases[i].outcome;
        in.body = cases[i].reasons ? "Enheten byter journalsystem under perioden." : "";
        dl_error e = {0};
        CHECK_INT_EQ(case_letter_build(d, &in, &e), DL_OK);
        CHECK_STR_EQ(field(d, 3), cases[i].from);
        CHECK_STR_EQ(d->fields[3].value, "Vårdcentralen Sjöstaden");
        const char *t = all_text(a, d);
        CHECK_CONTAINS(t, cases[i].says);
        if (cases[i].reasons) {
            CHECK_CONTAINS(t, cases[i].reasons);
            CHECK_CONTAINS(t, "Enheten byter journalsystem under perioden.");
        }
        arena_free(a);
    }
}
