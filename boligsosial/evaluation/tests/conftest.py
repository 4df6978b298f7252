import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded documents go to a throw-away folder outside the web root."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def fieldwork(world):
    """An evaluation with the report's instruments, one respondent per municipality, an
    interview in Drammen, a Husbanken interview, a document and coding."""
    from boligsosial.evaluation import services
    from boligsosial.evaluation.tests import factories as f

    class Fieldwork:
        pass

    fw = Fieldwork()
    fw.evaluation = f.make_evaluation(world)
    fw.questionnaire = f.open_questionnaire(world, fw.evaluation)
    fw.drammen_respondent = f.make_respondent(world, fw.questionnaire, world.drammen_participation)
    fw.skien_respondent = f.make_respondent(world, fw.questionnaire, world.skien_participation)
    fw.interview = f.make_interview(world, fw.evaluation, participation=world.drammen_participation)
    fw.husbanken_interview = f.make_interview(world, fw.evaluation, role="programkontakt")
    fw.document = services.document_upload(
        user=world.evaluator,
        evaluation=fw.evaluation,
        kind="status_report",
        title="Statusrapport Drammen",
        participation=world.drammen_participation,
        uploaded_file=f.text_upload("Programmet er forankret hos rådmannen."),
    )
    fw.anchoring = f.code(fw.evaluation, "forankring")
    fw.passage = f.code_excerpt(
        world.evaluator, fw.interview.source, fw.anchoring, "Rådmannen har fulgt arbeidet tett."
    )
    fw.quote = services.quote_propose(user=world.evaluator, passage=fw.passage)
    return fw
