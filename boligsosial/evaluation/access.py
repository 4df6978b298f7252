"""Who may see and change evaluation fieldwork. Built on boligsosial.accounts.access.

Decisions (one rule per line below):

- The evaluation team (evaluators listed in `Evaluation.team`) writes everything.
- Other evaluators and Husbanken staff (administrators, programme contacts) read the
  evaluation: questionnaire, results, documents, codebook, code matrix, kappa and quotes
  approved for publication.
- Informant material — interview notes, coded passages and memos, quotes not yet approved,
  and the disagreement list with its text — is for the team only. Husbanken staff were
  themselves informants (5 of 16) and programme contacts follow the municipalities that
  were interviewed, so they must not read what named roles said before it is cleared.
- Municipal users see only the respondent forms of their own municipality (and answer them).
- A personal link opens exactly one respondent's form, without logging in.
- Everybody else (read-only viewers, outsiders, anonymous users) gets 404, as if the page
  did not exist.
"""

from django.http import Http404

from boligsosial.accounts import access as accounts_access
from boligsosial.evaluation.models import Evaluation, Respondent
from boligsosial.programmes import access as programme_access


def is_team_member(user, evaluation: Evaluation) -> bool:
    if not accounts_access.is_evaluator(user):
        return False
    return evaluation.team.filter(pk=user.pk).exists()


def can_read_evaluation(user, evaluation: Evaluation) -> bool:
    if not accounts_access.can_see_evaluation(user):
        return False
    if accounts_access.is_evaluator(user) or accounts_access.is_husbanken(user):
        return True
    return False


def can_edit_evaluation(user, evaluation: Evaluation) -> bool:
    return is_team_member(user, evaluation)


def can_read_informant_material(user, evaluation: Evaluation) -> bool:
    return is_team_member(user, evaluation)


def can_see_any_evaluation(user) -> bool:
    return accounts_access.can_see_evaluation(user)


def can_create_evaluation(user) -> bool:
    return accounts_access.is_evaluator(user)


def visible_evaluations(user):
    qs = Evaluation.objects.select_related("programme")
    if not accounts_access.can_see_evaluation(user):
        return qs.none()
    return qs


def get_evaluation_for_user(
    user, pk: int, *, for_edit: bool = False, informant_material: bool = False
):
    """Return (evaluation, can_edit) or raise Http404 for missing and forbidden alike."""
    evaluation = visible_evaluations(user).filter(pk=pk).first()
    if evaluation is None or not can_read_evaluation(user, evaluation):
        raise Http404
    can_edit = can_edit_evaluation(user, evaluation)
    if for_edit and not can_edit:
        raise Http404
    if informant_material and not can_read_informant_material(user, evaluation):
        raise Http404
    return evaluation, can_edit


# Respondents -------------------------------------------------------------------------


def respondents_for_municipal_user(user):
    if not (
        user.is_authenticated and user.is_active and user.is_municipal and user.municipality_id
    ):
        return Respondent.objects.none()
    return Respondent.objects.filter(
        participation__municipality__code__in=programme_access.own_municipality_codes(user)
    ).select_related("questionnaire__evaluation", "participation__municipality")


def can_answer_as_user(user, respondent: Respondent) -> bool:
    """Logged-in answering: the municipality's own users."""
    return respondents_for_municipal_user(user).filter(pk=respondent.pk).exists()


def get_respondent_for_user(user, pk: int) -> tuple[Respondent, bool]:
    """Return (respondent, may_answer). Municipal users of that municipality answer;
    readers of the evaluation may look at the form (read-only); everyone else gets 404."""
    respondent = (
        Respondent.objects.select_related(
            "questionnaire__evaluation", "participation__municipality"
        )
        .filter(pk=pk)
        .first()
    )
    if respondent is None:
        raise Http404
    if can_answer_as_user(user, respondent):
        return respondent, True
    if can_read_evaluation(user, respondent.questionnaire.evaluation):
        return respondent, False
    raise Http404


def get_respondent_by_token(token: str) -> Respondent:
    """The personal link: the token alone opens this one respondent's form."""
    if not token or len(token) > 64:
        raise Http404
    respondent = (
        Respondent.objects.select_related(
            "questionnaire__evaluation", "participation__municipality"
        )
        .filter(token=token)
        .first()
    )
    if respondent is None:
        raise Http404
    return respondent
