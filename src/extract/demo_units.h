/* demo_units.h — the demo region's care units (vårdenheter), listed once:
 * `datalots init --demo` (cli/demo.c) creates them in the organisation, and
 * the synthetic source database (extract/demo_model.c) places care contacts
 * at them by what each unit treats. Each entry is
 *   X(code, name, parent regionområde's code, profile)
 * where profile says which patients the unit sees (demo_unit_profile). */
#ifndef DATALOTS_DEMO_UNITS_H
#define DATALOTS_DEMO_UNITS_H

typedef enum demo_unit_profile {
    DEMO_UNIT_PRIMARY,    /* vårdcentral: adults' everything */
    DEMO_UNIT_CHILDREN,   /* barn- och ungdomsmottagning: under 18 */
    DEMO_UNIT_PSYCHIATRY, /* psykiatrimottagning: F-diagnoses of adults */
    DEMO_UNIT_REHAB,      /* rehabilitering: back pain, fractures */
} demo_unit_profile;

#define DEMO_CARE_UNITS(X)                                                                  \
    X("VC-BJORK", "Vårdcentralen Björkdalen", "RH-NORR", DEMO_UNIT_PRIMARY)                 \
    X("VC-SJO", "Vårdcentralen Sjöstaden", "RH-NORR", DEMO_UNIT_PRIMARY)                    \
    X("BUM-NORR", "Barn- och ungdomsmottagningen Norr", "RH-NORR", DEMO_UNIT_CHILDREN)      \
    X("VC-EKH", "Vårdcentralen Ekhagen", "RH-SODER", DEMO_UNIT_PRIMARY)                     \
    X("PSY-SODER", "Psykiatrimottagningen Söder", "RH-SODER", DEMO_UNIT_PSYCHIATRY)         \
    X("REH-SODER", "Rehabiliteringsenheten Söder", "RH-SODER", DEMO_UNIT_REHAB)

#endif
