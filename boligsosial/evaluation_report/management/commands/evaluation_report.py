"""boligsosial evaluation_report --evaluation ID --format html|pdf|docx --output FILE

Generates the evaluation's report (the draft computed now, or a published version with
--published-version N) with a progress bar on stderr.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from boligsosial.evaluation_report import services
from boligsosial.evaluation_report.generation import generate, total_steps
from boligsosial.evaluation_report.models import EvaluationReport


class Command(BaseCommand):
    help = "Lag evalueringsrapporten for en evaluering som HTML, PDF eller Word."

    def add_arguments(self, parser):
        parser.add_argument("--evaluation", type=int, required=True, help="ID-en til evalueringen.")
        parser.add_argument("--format", choices=["html", "pdf", "docx"], required=True)
        parser.add_argument("--output", required=True, help="Filen som skal skrives.")
        parser.add_argument(
            "--report", type=int, help="Rapportens ID når evalueringen har flere rapporter."
        )
        parser.add_argument(
            "--published-version",
            dest="report_version",
            type=int,
            help="Lag en publisert versjon i stedet for utkastet.",
        )
        parser.add_argument(
            "--language", choices=["nb", "en"], help="Språk (standard: rapportens språk)."
        )
        parser.add_argument("--no-progress", action="store_true", help="Ikke vis fremdriftslinje.")

    def handle(self, *args, **options):
        reports = EvaluationReport.objects.filter(
            evaluation_id=options["evaluation"]
        ).select_related("evaluation__programme")
        if options["report"]:
            reports = reports.filter(pk=options["report"])
        report = reports.order_by("-pk").first()
        if report is None:
            from boligsosial.evaluation.models import Evaluation

            evaluation = Evaluation.objects.filter(pk=options["evaluation"]).first()
            if evaluation is None:
                raise CommandError(f"Fant ingen evaluering med ID {options['evaluation']}.")
            # An evaluation without a report yet: one is made from its own title and date,
            # and the evaluation's history says that this command made it.
            report = services.report_create_by_command(
                evaluation=evaluation, command="evaluation_report"
            )
            self.stderr.write(
                f"Opprettet rapport {report.pk} for evalueringen «{evaluation.title}»."
            )
        version = None
        if options["report_version"]:
            version = report.versions.filter(number=options["report_version"]).first()
            if version is None:
                raise CommandError(
                    f"Rapporten har ingen publisert versjon {options['report_version']}."
                )
        steps = total_steps(report, version=version)
        # No monitor thread: the PDF's parts are laid out in forked processes only by a
        # process with one thread (rendering/pdf.py).
        tqdm.monitor_interval = 0
        with tqdm(
            total=steps,
            desc=f"{report.title[:40]} ({options['format']})",
            unit="steg",
            disable=options["no_progress"],
            file=self.stderr._out,
        ) as bar:

            def progress(step):
                bar.set_postfix_str(str(step)[:30])
                bar.update(1)

            data = generate(
                report,
                options["format"],
                version=version,
                language=options["language"],
                progress=progress,
            )
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
        self.stdout.write(f"Skrev {output} ({len(data):,} byte).".replace(",", " "))
