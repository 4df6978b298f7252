"""The plans app's fixed vocabularies (DOMAIN.md §3): measure kinds and statuses, target
groups, methods and how a method is used, funding sources."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeasureKind(models.TextChoices):
    SUB_PROJECT = "sub_project", _("Delprosjekt")
    MEASURE = "measure", _("Tiltak")


class MeasureStatus(models.TextChoices):
    IDEA = "idea", _("Idé")
    PLANNED = "planned", _("Planlagt")
    PRE_PROJECT = "pre_project", _("Forprosjekt")
    RUNNING = "running", _("Pågår")
    COMPLETED = "completed", _("Avsluttet")
    ORDINARY_OPERATION = "ordinary_operation", _("I ordinær drift")
    STOPPED = "stopped", _("Stanset")


# A measure counts as started once it has reached one of these (report §7.2: "iverksatt").
STARTED_STATUSES = {
    MeasureStatus.PRE_PROJECT,
    MeasureStatus.RUNNING,
    MeasureStatus.COMPLETED,
    MeasureStatus.ORDINARY_OPERATION,
}


class TargetGroup(models.TextChoices):
    """Target groups (DOMAIN.md §3), plus the disadvantaged in general."""

    YOUTH = "youth", _("Ungdom")
    HOMELESS = "homeless", _("Bostedsløse")
    SUBSTANCE_MENTAL = "substance_mental", _("Personer med rus- eller psykiske problemer")
    DISABLED = "disabled", _("Personer med funksjonsnedsettelse")
    FAMILIES = "families", _("Barnefamilier")
    REFUGEES = "refugees", _("Flyktninger")
    MUNICIPAL_TENANTS = "municipal_tenants", _("Leietakere i kommunale boliger")
    DISADVANTAGED = "disadvantaged", _("Vanskeligstilte på boligmarkedet generelt")


class Method(models.TextChoices):
    """Methods (DOMAIN.md §3), plus housing provision and organisation."""

    HOUSING_FIRST = "housing_first", _("Housing First")
    HOUSING_SCHOOL = "housing_school", _("Boligskole")
    RENT_TO_OWN = "rent_to_own", _("Leie til eie")
    LIVING_SKILLS = "living_skills", _("Bo-trening")
    ARREARS = "arrears", _("Restanseoppfølging")
    MAPPING = "mapping", _("Kartlegging (HKH, Bokart)")
    NEIGHBOURHOOD = "neighbourhood", _("Bomiljøarbeid")
    ALLOCATION = "allocation", _("Tildelingsrutiner")
    PLAN_REVISION = "plan_revision", _("Planrevisjon")
    COMPETENCE = "competence", _("Kompetansebygging")
    USER_PARTICIPATION = "user_participation", _("Brukermedvirkning")
    HOUSING_PROVISION = "housing_provision", _("Fremskaffelse av boliger")
    ORGANISATION = "organisation", _("Organisering og samordning")


# The measure's own method, or tried with individual users within it (report §7.3).
class MethodUse(models.TextChoices):
    MEASURE = "measure", _("Tiltakets metode")
    INDIVIDUAL = "individual", _("Prøvd med enkeltbrukere")


class FundingSource(models.TextChoices):
    HUSBANKEN_COMPETENCE_GRANT = "hb_competence_grant", _("Husbanken: kompetansetilskudd")
    HUSBANKEN_RENTAL_GRANT = "hb_rental_grant", _("Husbanken: tilskudd til utleieboliger")
    HUSBANKEN_OTHER_GRANT = "hb_other_grant", _("Husbanken: annet tilskudd")
    HUSBANKEN_START_LOAN = "hb_start_loan", _("Husbanken: startlån")
    MUNICIPAL = "municipal", _("Kommunens eget budsjett")
    OTHER_STATE = "other_state", _("Annen statlig etat (for eksempel Fylkesmannen, NAV)")
    OTHER = "other", _("Annen finansiering")
