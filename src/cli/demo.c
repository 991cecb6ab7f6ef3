/* demo.c — the demo installation: the region "Regionhälsan" with two
 * regionområden and six vårdenheter, one account per role, and a few diary
 * registrations (one confidential). Run by `datalots init --demo`; does
 * nothing if the demo region already exists. The demo password is printed
 * and is for demonstration only. */
#include "cli/cli.h"
#include "extract/demo_units.h"
#include "store/accounts.h"
#include "store/diary.h"
#include "store/dictionary.h"
#include "store/org.h"

#include <stdio.h>
#include <string.h>

#define DEMO_PASSWORD "demo-Regionhalsan-2026"

struct demo_unit { const char *name, *code, *parent_code; org_kind kind; };

static const struct demo_unit units[] = {
    {"Regionhälsan", "RH", NULL, ORG_FORVALTNING},
    {"Regionområde Norr", "RH-NORR", "RH", ORG_REGIONOMRADE},
    {"Regionområde Söder", "RH-SODER", "RH", ORG_REGIONOMRADE},
#define CARE_UNIT(code, name, parent, profile) {name, code, parent, ORG_VARDENHET},
    DEMO_CARE_UNITS(CARE_UNIT) /* extract/demo_units.h: shared with the demo source */
#undef CARE_UNIT
};

struct demo_account { const char *username, *name; dl_role role; const char *scope_code; };

static const struct demo_account accounts[] = {
    {"admin", "Alva Administratör", ROLE_ADMIN, NULL},
    {"sokande", "Sara Forskare", ROLE_APPLICANT, NULL},
    {"registrator", "Rolf Registrator", ROLE_REGISTRAR, "RH"},
    {"samordnare", "Karin Samordnare", ROLE_COORDINATOR, "RH"},
    {"samrad", "Per Vetenskaplig", ROLE_SAMRAD_MEMBER, "RH"},
    {"sekretess", "Selma Sekretessprövare", ROLE_CONFIDENTIALITY_REVIEWER, "RH"},
    {"vc-bjorkdalen", "Viktor Verksamhetschef", ROLE_VERKSAMHETSCHEF, "VC-BJORK"},
    {"uttag-bjorkdalen", "Ulla Uppdragstagare", ROLE_ASSIGNED_EMPLOYEE, "VC-BJORK"},
    {"roc-norr", "Rut Regionområdeschef", ROLE_REGIONOMRADESCHEF, "RH-NORR"},
    {"direktor", "Dan Direktör", ROLE_FORVALTNINGSDIREKTOR, "RH"},
    {"dataanalys", "Dina Dataanalys", ROLE_DATA_ANALYSIS, "RH"},
    {"redaktor", "Edvin Redaktör", ROLE_EDITOR, NULL},
    {"hinder", "Hanna Hinderanalytiker", ROLE_OBSTACLE_ANALYST, NULL},
    {"natverk", "Nils Nätverkssamordnare", ROLE_NETWORK_COORDINATOR, NULL},
};

static const audit_actor demo_actor = {0, "demo"};

/* The accounts and the password they were created with — what `make demo`
 * shows a new user, on the first run and on every later one. */
static void print_accounts(FILE *out)
{
    fprintf(out, "Demo accounts (password for all: %s):\n", DEMO_PASSWORD);
    for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++) {
        const struct demo_account *a = &accounts[i];
        fprintf(out, "  %-18s %s%s%s\n", a->username, role_label_sv(a->role),
                a->scope_code ? " @ " : " (hela installationen)", a->scope_code ? a->scope_code : "");
    }
}

/* The demo region's data dictionary: the source schema's defaults (an
 * installation made before the dictionary existed gets it on the next
 * `datalots init --demo`; a second run adds nothing). */
static int seed_dictionary(db *d)
{
    dl_error e;
    int64_t rh = 0;
    if (dictionary_org_by_code(d, "RH", &rh, &e) != DL_OK || dictionary_seed(d, rh, &demo_actor, NULL, &e) != DL_OK) {
        fprintf(stderr, "datalots init: demo data dictionary: %s\n", e.msg);
        return 1;
    }
    return 0;
}

int demo_populate(db *d, FILE *out)
{
    dl_error e;
    dl_error_clear(&e);
    int64_t exists = 0;
    if (db_query_int(d, "SELECT COUNT(*) FROM org_node WHERE code = 'RH'", &exists, &e, "") != DL_OK) {
        fprintf(stderr, "datalots init: %s\n", e.msg);
        return 1;
    }
    if (exists) {
        fprintf(out, "demo data already present\n");
        print_accounts(out);
        return seed_dictionary(d);
    }
    int64_t ids[sizeof units / sizeof units[0]];
    if (db_begin(d, &e) != DL_OK) goto fail;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        int64_t parent = 0;
        for (size_t k = 0; k < i; k++)
            if (units[i].parent_code && strcmp(units[k].code, units[i].parent_code) == 0) parent = ids[k];
        if (org_insert(d, parent, units[i].kind, units[i].name, units[i].code,
                       i == 0 ? "RH {year}-{seq:5}" : "", &ids[i], &e) != DL_OK ||
            audit_append(d, &demo_actor, "org.create", "org_node", units[i].code, NULL, NULL, units[i].name, &e) != DL_OK) {
            db_rollback(d);
            goto fail;
        }
    }
    if (db_commit(d, &e) != DL_OK) goto fail;

    for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++) {
        const struct demo_account *a = &accounts[i];
        int64_t uid = 0, node = 0;
        for (size_t k = 0; a->scope_code && k < sizeof units / sizeof units[0]; k++)
            if (strcmp(units[k].code, a->scope_code) == 0) node = ids[k];
        char email[128];
        snprintf(email, sizeof email, "%s@regionhalsan.example", a->username);
        if (account_create(d, &demo_actor, a->username, a->name, email, DEMO_PASSWORD, &uid, &e) != DL_OK ||
            account_grant(d, &demo_actor, uid, a->role, node, NULL, &e) != DL_OK)
            goto fail;
    }
    print_accounts(out);

    static const diary_input entries[] = {
        {0, "2026-01-12", "in", "Göteborgs universitet, institutionen för medicin", "Begäran om utlämnande av journaluppgifter för forskning (diabetes typ 2)", 0, "", 0},
        {0, "2026-01-20", "out", "Göteborgs universitet, institutionen för medicin", "Begäran om komplettering av ansökan", 0, "", 0},
        {0, "2026-02-03", "in", "Forskare vid Karolinska institutet", "Bilaga: etikprövningsbeslut med patientförteckning", 1, "OSL 25 kap. 1 §", 0},
        {0, "2026-02-17", "internal", "Samrådet för datautlämning", "Protokoll från samrådsmöte 2026-02-17", 0, "", 0},
    };
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
        diary_input in = entries[i];
        in.org_id = ids[0];
        if (diary_register(d, &in, &demo_actor, NULL, NULL, &e) != DL_OK) goto fail;
    }
    fprintf(out, "\nDemo region: Regionhälsan (RH) with 2 regionområden and 6 vårdenheter.\n");
    return seed_dictionary(d);
fail:
    fprintf(stderr, "datalots init: demo data: %s\n", e.msg);
    return 1;
}
