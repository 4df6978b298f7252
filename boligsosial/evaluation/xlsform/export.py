"""XLSForm export: a questionnaire as its spec, and the spec as an .xlsx workbook."""

import io
from typing import Any

from openpyxl import Workbook

from boligsosial.evaluation.exports import append_row
from boligsosial.evaluation.models import QuestionKind, Questionnaire
from boligsosial.evaluation.preload import SCALE_LIST, YES_NO_PARTLY_LIST
from boligsosial.evaluation.xlsform.common import (
    COMMENT_SUFFIX,
    KIND_TO_TYPE,
)

# Export ------------------------------------------------------------------------------------


def _translations(obj) -> dict:
    return obj.translations or {}


def spec_from_questionnaire(questionnaire: Questionnaire) -> dict:
    def question_spec(question):
        return {
            "type": "question",
            "name": question.name,
            "kind": question.kind,
            "label": question.label,
            "hint": question.hint,
            "translations": _translations(question),
            "required": question.required,
            "relevant": question.relevant,
            "constraint": question.constraint,
            "constraint_message": question.constraint_message,
            "choice_list": question.choice_list,
            "choices": [
                {"value": c.value, "label": c.label, "translations": _translations(c)}
                for c in question.choices.all()
            ],
        }

    items: list[dict] = []
    sections = {s.pk: s for s in questionnaire.sections.all()}
    entries: list[tuple[str, int, Any]] = sorted(
        [("section", s.order, s) for s in sections.values()]
        + [
            ("question", q.order, q)
            for q in questionnaire.questions.filter(section__isnull=True).prefetch_related(
                "choices"
            )
        ],
        key=lambda entry: entry[1],
    )
    for kind, _order, obj in entries:
        if kind == "section":
            items.append(
                {
                    "type": "group",
                    "name": obj.name,
                    "label": obj.title,
                    "hint": obj.hint,
                    "relevant": obj.relevant,
                    "translations": _translations(obj),
                    "items": [
                        question_spec(q)
                        for q in obj.questions.order_by("order").prefetch_related("choices")
                    ],
                }
            )
        else:
            items.append(question_spec(obj))
    return {
        "title": questionnaire.title,
        "form_id": questionnaire.form_id,
        "version": questionnaire.form_version,
        "default_language": questionnaire.default_language,
        "items": items,
    }


def _languages(spec: dict) -> list[str]:
    found: list[str] = []

    def visit(obj):
        for language in obj.get("translations", {}):
            if language not in found:
                found.append(language)
        for child in obj.get("items", []) + obj.get("choices", []):
            visit(child)

    for item in spec["items"]:
        visit(item)
    return found


def _list_name(question: dict) -> str:
    if question["kind"] == QuestionKind.YES_NO_PARTLY:
        return YES_NO_PARTLY_LIST
    if question["kind"] == QuestionKind.SCALE:
        return SCALE_LIST
    return question["choice_list"] or question["name"]


class _Writer:
    """Writes a spec's rows into the survey and choices sheets, each text a text cell."""

    def __init__(self, workbook: Workbook, languages: list[str]):
        self.languages = languages
        self.survey_header = [
            "type",
            "name",
            "label",
            *[f"label::{lang}" for lang in languages],
            "hint",
            *[f"hint::{lang}" for lang in languages],
            "required",
            "relevant",
            "constraint",
            "constraint_message",
            *[f"constraint_message::{lang}" for lang in languages],
        ]
        self.survey = workbook.active
        self.survey.title = "survey"
        self.survey.append(self.survey_header)
        self.choices = workbook.create_sheet("choices")
        self.choices.append(
            ["list_name", "name", "label", *[f"label::{lang}" for lang in languages]]
        )
        self.written_lists: set[str] = set()

    def row(self, values: dict) -> None:
        append_row(self.survey, [values.get(column, "") for column in self.survey_header])

    @staticmethod
    def texts(obj: dict, key: str) -> dict:
        return {f"{key}::{lang}": t.get(key, "") for lang, t in obj.get("translations", {}).items()}

    def choice_list(self, question: dict) -> str:
        """The select type for a question, writing its list the first time it is used."""
        list_name = _list_name(question)
        multiple = question["kind"] == QuestionKind.MULTIPLE
        if list_name not in self.written_lists:
            self.written_lists.add(list_name)
            for choice in question["choices"]:
                append_row(
                    self.choices,
                    [
                        list_name,
                        choice["value"],
                        choice["label"],
                        *[
                            choice.get("translations", {}).get(lang, {}).get("label", "")
                            for lang in self.languages
                        ],
                    ],
                )
        return f"{'select_multiple' if multiple else 'select_one'} {list_name}"

    def question(self, question: dict) -> None:
        kind = question["kind"]
        type_ = KIND_TO_TYPE[kind] if kind in KIND_TO_TYPE else self.choice_list(question)
        self.row(
            {
                "type": type_,
                "name": question["name"],
                "label": question["label"],
                "hint": question["hint"],
                "required": "yes" if question["required"] else "",
                "relevant": question["relevant"],
                "constraint": question["constraint"],
                "constraint_message": question["constraint_message"],
                **self.texts(question, "label"),
                **self.texts(question, "hint"),
                **self.texts(question, "constraint_message"),
            }
        )
        if kind == QuestionKind.YES_NO_PARTLY:
            self.row(
                {
                    "type": "text",
                    "name": question["name"] + COMMENT_SUFFIX,
                    "label": "Kommentar",
                    **{
                        f"label::{lang}": "Comment" if lang.lower().startswith("english") else ""
                        for lang in self.languages
                    },
                }
            )

    def group(self, item: dict) -> None:
        self.row(
            {
                "type": "begin group",
                "name": item["name"],
                "label": item["label"],
                "hint": item["hint"],
                "relevant": item["relevant"],
                **self.texts(item, "label"),
                **self.texts(item, "hint"),
            }
        )
        for child in item["items"]:
            self.question(child)
        self.row({"type": "end group"})


def export_xlsform(questionnaire: Questionnaire) -> bytes:
    spec = spec_from_questionnaire(questionnaire)
    workbook = Workbook()
    writer = _Writer(workbook, _languages(spec))
    for item in spec["items"]:
        if item["type"] == "group":
            writer.group(item)
        else:
            writer.question(item)
    settings = workbook.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    append_row(
        settings, [spec["title"], spec["form_id"], spec["version"], spec["default_language"]]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
