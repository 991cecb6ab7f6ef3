/* obstacle_categories.c — the obstacle categories on pages: the editable
 * list read once per request (every page that names a category uses
 * obstacle_categories_of), and the analysts' page that edits it,
 * /hinder/kategorier (ACT_OBSTACLE_TRIAGE): one form per category (the
 * labels in Swedish and English, the guidance the report form shows under
 * it, its policy area, its place in the list, whether new reports may pick
 * it) and one to add a category. A category is never deleted: obstacles
 * keep their key, and one taken off the form still reads in the register
 * and the reports. The store checks and audits each change
 * (store/obstacle_categories.h). */
#include "web/handlers/handlers.h"
#include "web/handlers/obstacle_category_fields.h"
#include "web/app.h"
#include "core/clock.h"
#include "web/i18n.h"
#include "store/obstacle_categories.h"

#include <stdio.h>
#include <string.h>

const obstacle_category_list *obstacle_categories_of(request *r)
{
    if (r->categories) return r->categories;
    obstacle_category_list *l = arena_alloc(r->a, sizeof *l);
    static const obstacle_category_list none = {0};
    if (!l) return &none;
    dl_error e = {0};
    if (obstacle_categories_load(r->db, r->a, l, &e) != DL_OK) {
        fprintf(stderr, "datalots: the obstacle category list could not be read: %s\n", e.msg);
        l->n = 0;
    }
    r->categories = l;
    return l;
}

const char *obstacle_category_label_of(request *r, const char *key)
{
    return tr(r, obstacle_category_label(obstacle_categories_of(r), key, r->lang == LANG_EN));
}

/* The page; error a refusal, sent the form it answers (shown again as
 * sent) and which category it was for ("" the new one). */
static void categories_page(request *r, int status, const char *error, const form *sent, const char *sent_key)
{
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    const obstacle_category_list *cats = obstacle_categories_of(r);
    tmpl_set_str(c, "error", error);
    tmpl_set_bool(c, "saved", !error && query_at(r, CATEGORY_Q_SAVED)->num == 1);
    tmpl_set_int(c, "count", cats->n);
    tmpl_set_bool(c, "full", cats->n >= OBSTACLE_CATEGORIES_MAX);
    for (int i = 0; i <= cats->n; i++) {
        const obstacle_category_def *cat = i < cats->n ? &cats->v[i] : NULL;
        const char *key = cat ? cat->key : "";
        int again = sent && sent_key && strcmp(sent_key, key) == 0;
        tmpl_ctx *row = tmpl_list_append(c, cat ? "categories" : "new");
        if (!row) break;
        tmpl_set_str(row, "key", key);
        tmpl_set_str(row, "idp", cat ? arena_printf(r->a, "c-%s", key) : "new");
        tmpl_set_str(row, "action", cat ? arena_printf(r->a, "/hinder/kategorier/%s", key) : "/hinder/kategorier");
        tmpl_set_str(row, "label", cat ? obstacle_category_label_of(r, key) : "");
        tmpl_set_bool(row, "active", again ? form_at(sent, CATEGORY_ACTIVE)->num == 1 : cat ? cat->active : 1);
        tmpl_set_bool(row, "refused", again);
        tmpl_set_str(row, "key_value", again && !cat ? form_text_at(sent, CATEGORY_KEY) : key);
        tmpl_set_str(row, "label_sv", again ? form_text_at(sent, CATEGORY_LABEL_SV) : cat ? cat->label_sv : "");
        /* A seeded label has its English in the UI's catalogue: show it, so saving keeps it. */
        tmpl_set_str(row, "label_en", again ? form_text_at(sent, CATEGORY_LABEL_EN)
                                      : !cat ? "" : *cat->label_en ? cat->label_en : i18n_english(cat->label_sv));
        tmpl_set_str(row, "guidance_sv", again ? form_text_at(sent, CATEGORY_GUIDANCE_SV) : cat ? cat->guidance_sv : "");
        tmpl_set_str(row, "guidance_en", again ? form_text_at(sent, CATEGORY_GUIDANCE_EN)
                                         : !cat || !*cat->guidance_sv ? ""
                                         : *cat->guidance_en ? cat->guidance_en : i18n_english(cat->guidance_sv));
        int64_t position = again && form_at(sent, CATEGORY_POSITION)->text ? form_at(sent, CATEGORY_POSITION)->num
                         : cat ? cat->position : (cats->n ? cats->v[cats->n - 1].position + 10 : 10);
        tmpl_set_int(row, "position", position > 999 ? 999 : position);
        const char *area = again ? form_text_at(sent, CATEGORY_POLICY_AREA) : cat ? cat->policy_area : "other";
        tmpl_set_list(row, "areas");
        for (int k = 0; k < OBSTACLE_POLICY_AREA__MAX; k++) {
            tmpl_ctx *o = tmpl_list_append(row, "areas");
            if (!o) break;
            tmpl_set_str(o, "key", obstacle_policy_area_keys[k]);
            tmpl_set_str(o, "label", tr(r, obstacle_policy_area_label_sv(obstacle_policy_area_keys[k])));
            tmpl_set_bool(o, "selected", area && strcmp(area, obstacle_policy_area_keys[k]) == 0);
        }
        if (cat) tmpl_set_str(row, "area_label", tr(r, obstacle_policy_area_label_sv(cat->policy_area)));
    }
    res_page(r, status, "obstacle_categories.html", "Hinderkategorier", c);
}

void h_obstacle_categories(request *r) { categories_page(r, 200, NULL, NULL, NULL); }

/* The category of the form; the key from the path (create 0) or the form. */
static obstacle_category_def def_of(const form *f, const char *key)
{
    return (obstacle_category_def){
        .key = key,
        .label_sv = form_text_at(f, CATEGORY_LABEL_SV),
        .label_en = form_text_at(f, CATEGORY_LABEL_EN),
        .guidance_sv = form_text_at(f, CATEGORY_GUIDANCE_SV),
        .guidance_en = form_text_at(f, CATEGORY_GUIDANCE_EN),
        .policy_area = form_text_at(f, CATEGORY_POLICY_AREA),
        .position = (int)form_at(f, CATEGORY_POSITION)->num,
        .active = form_at(f, CATEGORY_ACTIVE)->num == 1,
    };
}

static void save(request *r, const char *key, int create)
{
    const form *f = &r->form;
    if (f->n_errors) { categories_page(r, http_status_of(DL_EINVAL), f->first_error, f, create ? "" : key); return; }
    obstacle_category_def def = def_of(f, key);
    /* An English text equal to the Swedish one's catalogue translation is
     * stored as "": the catalogue keeps translating it. */
    if (def.label_en && strcmp(def.label_en, i18n_english(def.label_sv)) == 0 && strcmp(def.label_en, def.label_sv))
        def.label_en = "";
    if (def.guidance_en && *def.guidance_sv && strcmp(def.guidance_en, i18n_english(def.guidance_sv)) == 0 &&
        strcmp(def.guidance_en, def.guidance_sv))
        def.guidance_en = "";
    audit_actor who = actor_of(r);
    dl_error e = {0};
    dl_err rc = obstacle_category_save(r->db, &who, &def, create, clock_now(), &e);
    if (rc == DL_EINVAL || rc == DL_ECONFLICT || rc == DL_ELIMIT) {
        categories_page(r, http_status_of(rc), tr(r, e.msg), f, create ? "" : key);
        return;
    }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    res_redirect(r, arena_printf(r->a, "/hinder/kategorier?sparad=1#kategori-%s", key));
}

void h_obstacle_category_create(request *r) { save(r, form_text_at(&r->form, CATEGORY_KEY), 1); }

void h_obstacle_category_save(request *r)
{
    const char *key = arena_strndup(r->a, r->params[0], r->param_lens[0]);
    if (!key || obstacle_category_key_ok(key) != 0 || !obstacle_category_find(obstacle_categories_of(r), key)) {
        res_error(r, DL_ENOTFOUND, "Kategorin finns inte.");
        return;
    }
    save(r, key, 0);
}
