"""Every write to instruments data: figures, imports, frames, region membership,
statistics and the grant-application workflow.

Keyword-only, `@transaction.atomic`, validate → save → `audit.record`. Imports are
all-or-nothing: a file with one bad row saves nothing and every bad row is reported.

Application workflow (one service per arrow):
    draft --application_submit--> submitted --application_decide--> granted | rejected
    submitted --application_return--> draft (Husbanken sends it back for changes)
Payments and the final report follow a granted application.
"""

from boligsosial.instruments.services.applications import (
    application_create,
    application_decide,
    application_return,
    application_submit,
    application_update,
    final_report_update,
    payment_add,
)
from boligsosial.instruments.services.figures import figure_save, figures_import, figures_save_rows
from boligsosial.instruments.services.frames import frame_save, region_members_set
from boligsosial.instruments.services.statistics import (
    POPULATION_CONTENTS,
    POPULATION_TABLE,
    fetch_and_import,
    population_import_jsonstat,
    statistics_import_jsonstat,
)

__all__ = [
    "POPULATION_CONTENTS",
    "POPULATION_TABLE",
    "application_create",
    "application_decide",
    "application_return",
    "application_submit",
    "application_update",
    "fetch_and_import",
    "figure_save",
    "figures_import",
    "figures_save_rows",
    "final_report_update",
    "frame_save",
    "payment_add",
    "population_import_jsonstat",
    "region_members_set",
    "statistics_import_jsonstat",
]
