"""Form helpers shared by every app's views."""

from django import forms
from django.core.exceptions import ValidationError

from boligsosial.core.concurrency import StaleEditError


def apply_validation_error(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where one is named."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def keep_input_after_stale_edit(form, error: StaleEditError) -> None:
    """Keep the user's input, explain, and base a re-save on the version now stored."""
    form.data = form.data.copy()
    form.data["version"] = type(error.obj)._default_manager.get(pk=error.obj.pk).version  # type: ignore[attr-defined]
    form.add_error(None, str(error))


class VersionedFormMixin:
    """The hidden `version` field every form of a `core.models.Versioned` object carries.

    Mix in before `forms.Form`/`forms.ModelForm`; a ModelForm's instance sets the initial
    version, a plain form can pass `initial={"version": obj.version}`.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)  # type: ignore[attr-defined]
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and "version" not in self.initial:  # type: ignore[attr-defined]
            self.fields["version"].initial = instance.version  # type: ignore[attr-defined]


def show_used(form, **used) -> None:
    """Let a filter form show the values the results were computed with.

    A field left blank is filled in by the view (the years the data covers, say); without this
    a year select would show its first choice ("2000") beside results for 2008–2011.
    """
    if form.is_bound:
        data = form.data.copy()
        for name, value in used.items():
            if data.get(name) in (None, "") or name in form.errors:
                data[name] = value
        form.data = data
    else:
        form.initial.update(used)
