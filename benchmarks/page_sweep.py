"""Every GET page and API list of the URL conf, requested in-process as two personas (issue 14).

    DATABASE_URL=postgres://…/x python benchmarks/page_sweep.py --database bs_sweep [--only api/]

Path arguments are filled with the first object of the SYNTETISK programme (the word before
`<pk>` says which model). Prints, per URL and persona: status, body size, queries and the
median of 5 warm requests (one when a request takes over 300 ms). Writes nothing except the
municipal leader `sweep-leader` (made if missing) and the session rows of the log-ins.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")

# Never requested: log-in and log-out flows, the admin, the API document, language switch.
SKIP = re.compile(r"^(admin/|konto/|oidc/|i18n/|api/v1/(docs|openapi)|favicon)")
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _objects(programme) -> dict[str, object]:
    """The word before a `<pk>` → the id to fill in."""
    from boligsosial.evaluation.models import (
        CodedPassage,
        Document,
        Evaluation,
        Interview,
        InterviewGuide,
        Questionnaire,
        Quote,
        Respondent,
    )
    from boligsosial.evaluation_report.models import EvaluationReport, GenerationJob
    from boligsosial.followup.models import AgreedAction, LearningArena, Meeting
    from boligsosial.instruments.models import GrantApplication, RegionalFrame
    from boligsosial.jobs.models import Job
    from boligsosial.plans.models import Evidence, Funding, Goal, Measure, Result
    from boligsosial.programmes.models import Partner, Phase
    from boligsosial.programmes.region_models import Region
    from boligsosial.reporting.models import Indicator, Report, ReportingPeriod

    participation = programme.participations.order_by("pk").first()
    in_programme = {"participation__programme": programme}
    first = {
        ("participations", "programkommuner"): participation,
        ("program", "programmes", "programme"): programme,
        ("regioner",): Region.objects.first(),
        ("rapporter", "reports", "report"): Report.objects.filter(**in_programme).first(),
        ("perioder", "period"): ReportingPeriod.objects.filter(programme=programme).first(),
        ("mal", "goals", "goal"): Goal.objects.filter(**in_programme).first(),
        ("tiltak", "measures"): Measure.objects.filter(**in_programme).first(),
        ("dokumentasjon", "evidence"): Evidence.objects.first(),
        ("finansiering", "funding"): Funding.objects.first(),
        ("resultater", "results", "result"): Result.objects.first(),
        ("moter", "meetings", "meeting"): Meeting.objects.filter(**in_programme).first(),
        ("oppfolgingspunkter", "actions", "action"): AgreedAction.objects.first(),
        ("laeringsarenaer", "arenas", "arena"): LearningArena.objects.first(),
        ("rammer", "frames"): RegionalFrame.objects.first(),
        ("soknader", "applications"): GrantApplication.objects.first(),
        ("evaluering", "evaluations"): Evaluation.objects.filter(programme=programme).first(),
        ("skjema", "questionnaires"): Questionnaire.objects.first(),
        ("respondent", "respondents"): Respondent.objects.first(),
        ("intervju", "interviews"): Interview.objects.first(),
        ("guide",): InterviewGuide.objects.first(),
        ("dokument", "documents"): Document.objects.first(),
        ("utdrag", "passages"): CodedPassage.objects.first(),
        ("sitat",): Quote.objects.first(),
        ("evalueringsrapport", "evaluation-reports"): EvaluationReport.objects.filter(
            evaluation__programme=programme
        ).first(),
        ("filer",): GenerationJob.objects.first(),
        ("jobber", "jobs"): Job.objects.first(),
        ("faser", "phases", "phase"): Phase.objects.filter(participation=participation).first(),
        ("partnere", "partner"): Partner.objects.first(),
    }
    ids: dict[str, object] = {w: o.pk for words, o in first.items() if o for w in words}
    ids["code"] = participation.municipality.code
    ids["indikatorer"] = Indicator.objects.order_by("pk").first().code
    ids["number"] = 1
    return ids


def _fill(path: str, ids: dict[str, object]) -> str | None:
    out: list[str] = []
    for segment in path.split("/"):
        m = PARAM.fullmatch(segment)
        if not m:
            out.append(segment)
            continue
        name = m.group(2)
        if name == "pk" or name == "code":
            word = out[-1] if out else ""
            word = word if word in ids else name
        else:  # programme_pk, period_id, meeting_pk, …
            word = re.sub(r"_(pk|id)$", "", name)
        if word not in ids:
            return None
        out.append(str(ids[word]))
    return "/" + "/".join(out)


def _paths() -> list[str]:
    from django.urls import URLResolver, get_resolver

    def walk(resolver, prefix=""):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                yield from walk(p, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    seen: list[str] = []
    for path in walk(get_resolver()):
        if not path.startswith("^") and not SKIP.match(path) and path not in seen:
            seen.append(path)
    return seen


def _measure(client, url: str) -> tuple[int, int, int, float]:
    from django.db import connection

    client.get(url)  # warm
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        if times[-1] > 300:
            break
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, len(body), len(queries), statistics.median(times)


def _leader(participation):
    from boligsosial.accounts.models import Role, User

    user, _ = User.objects.get_or_create(
        username="sweep-leader",
        defaults={"role": Role.MUNICIPAL_LEADER, "municipality": participation.municipality},
    )
    return user


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--only", default="", help="only paths starting with this")
    options = parser.parse_args()
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    os.environ["DATABASE_URL"] = f"{base}/{options.database}"
    import django

    django.setup()
    from django.test import Client

    from boligsosial.accounts.models import User
    from boligsosial.programmes.models import Programme

    programme = Programme.objects.filter(name__startswith="SYNTETISK").order_by("pk").first()
    ids = _objects(programme)
    personas = {
        "admin": User.objects.get(username="bench-admin"),
        "leader": _leader(programme.participations.order_by("pk").first()),
    }
    clients = {}
    for name, user in personas.items():
        clients[name] = Client(HTTP_HOST="localhost")
        clients[name].force_login(user)
    print("| path | persona | status | KB | queries | warm ms |")
    print("|---|---|---|---|---|---|")
    for path in _paths():
        if not path.startswith(options.only):
            continue
        url = _fill(path, ids)
        if url is None:
            print(f"| {path} | – | not filled | | | |")
            continue
        for name, client in clients.items():
            status, size, queries, ms = _measure(client, url)
            print(f"| {url} | {name} | {status} | {size / 1024:.0f} | {queries} | {ms:.1f} |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
