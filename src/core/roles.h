/* roles.h — the roles of shared/design/domain.md. A person holds roles, each
 * scoped to a node of the organisation tree. Keys are stored in the database
 * and never change; labels are Swedish msgids (translated in the web layer). */
#ifndef DATALOTS_ROLES_H
#define DATALOTS_ROLES_H

typedef enum dl_role {
    ROLE_APPLICANT,
    ROLE_REGISTRAR,
    ROLE_COORDINATOR,
    ROLE_SAMRAD_MEMBER,
    ROLE_CONFIDENTIALITY_REVIEWER,
    ROLE_VERKSAMHETSCHEF,
    ROLE_ASSIGNED_EMPLOYEE,
    ROLE_REGIONOMRADESCHEF,
    ROLE_FORVALTNINGSDIREKTOR,
    ROLE_DATA_ANALYSIS,
    ROLE_EDITOR,
    ROLE_OBSTACLE_ANALYST,
    ROLE_NETWORK_COORDINATOR,
    ROLE_ADMIN,
    ROLE__MAX
} dl_role;

#define ROLE_BIT(r) (1u << (r))

/* Every role's key, indexed by dl_role, NULL-terminated: the one list that
 * forms (FIELD_ENUM, whose index is then the dl_role), option lists and the
 * CLI use. The SQL schema stores keys as text without a CHECK. */
extern const char *const role_keys[ROLE__MAX + 1];
const char *role_key(dl_role r);      /* "registrar"; NULL if out of range */
const char *role_label_sv(dl_role r); /* "Registrator" */
/* Returns 0 and sets *out for a known key, -1 otherwise. */
int role_from_key(const char *key, dl_role *out);

/* Roles of an organisation's own data-release process (registrar, samråd,
 * deciders, extractors) are held at a unit of its tree, never for the whole
 * installation; the national roles (admin, applicant, editor, obstacle
 * analyst, network coordinator) may be installation-wide. */
int role_needs_unit(dl_role r);

/* Organisation node kinds, top-down. */
typedef enum org_kind { ORG_FORVALTNING, ORG_REGIONOMRADE, ORG_VARDENHET, ORG_KIND__MAX } org_kind;
/* Keys indexed by org_kind, NULL-terminated (the CHECK on org_node.kind in
 * migration 0001 repeats them; a new kind needs a migration too). */
extern const char *const org_kind_keys[ORG_KIND__MAX + 1];
const char *org_kind_key(org_kind k);
const char *org_kind_label_sv(org_kind k);
int org_kind_from_key(const char *key, org_kind *out);
/* May a node of kind child hang under a node of kind parent (-1 = no parent)? */
int org_kind_may_nest(int parent_kind, org_kind child);

#endif
