from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running Boligsosial: production checks, backup and restore, health endpoint."""

    name = "boligsosial.ops"
    label = "ops"
    verbose_name = "Drift"

    def ready(self) -> None:
        from boligsosial.ops import checks  # noqa: F401  (registers the system checks)
