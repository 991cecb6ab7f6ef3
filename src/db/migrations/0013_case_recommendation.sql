-- 0013_case_recommendation.sql — the samråd's recommendation document of a
-- case (docs/cases.md, "Samråd") with its assessments kept apart, as the
-- meeting's agenda keeps them (samrad_agenda, 0007): the scientific
-- question, feasibility, consistency with the ethical approval (the
-- columns of SAMRAD_ASSESSMENT_LIST in src/core/samrad.h), the
-- recommendation and its conditions. Written by case_transition_in_tx()
-- in the transaction that registers the document, whether the step was
-- taken on the case page or by holding a meeting; the letter
-- (src/report/case_letters.c) shows each under its heading. Documents from
-- before this table have only their text (case_document.body).

CREATE TABLE case_recommendation (
    document_id            BIGINT PRIMARY KEY REFERENCES case_document(id),
    case_id                BIGINT NOT NULL REFERENCES cases(id),
    assessment_scientific  TEXT NOT NULL DEFAULT '',
    assessment_feasibility TEXT NOT NULL DEFAULT '',
    assessment_ethics      TEXT NOT NULL DEFAULT '',
    recommendation         TEXT NOT NULL CHECK (recommendation IN ('release', 'refusal')),
    conditions             TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_recommendation_case ON case_recommendation(case_id);
@VERSIONED case_recommendation@
