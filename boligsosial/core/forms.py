"""Form helpers shared by every app's views."""

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
    form.data["version"] = type(error.obj).objects.get(pk=error.obj.pk).version
    form.add_error(None, str(error))
