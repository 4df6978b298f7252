"""Shared bookkeeping for the property-based import tests.

Each probe calls the same parser and service a page calls. The views turn exactly the
refusal types named here into a Norwegian message on the page; any other exception would
be a server error (500). After every refusal the row counts must be unchanged.
"""

import io
import zipfile

from django.core.exceptions import ValidationError

from boligsosial.audit.models import AuditEntry


class Probe:
    def __init__(self, *models, refusals: tuple[type[BaseException], ...]):
        self.models = (*models, AuditEntry)
        self.refusals = (ValidationError, *refusals)
        self.cases = self.refused = self.accepted = 0
        self.server_errors: list[str] = []
        self.partial_writes: list[str] = []

    def counts(self) -> tuple[int, ...]:
        return tuple(model.objects.count() for model in self.models)

    def run(self, label: str, action) -> None:
        """Run one case; record a server error or a partial write instead of raising."""
        self.cases += 1
        before = self.counts()
        try:
            action()
        except self.refusals as error:
            self.refused += 1
            messages = getattr(error, "errors", None) or getattr(error, "messages", None)
            if not (messages or str(error)):
                self.server_errors.append(f"{label}: refusal without a message")
            if self.counts() != before:
                self.partial_writes.append(f"{label}: {before} -> {self.counts()}")
        except Exception as error:  # noqa: BLE001 - this is what a 500 would be
            self.server_errors.append(f"{label}: {type(error).__name__}: {error}"[:300])
        else:
            self.accepted += 1

    def report(self, report_counts, name: str) -> None:
        report_counts(
            name,
            cases=self.cases,
            refused=self.refused,
            accepted=self.accepted,
            server_errors=len(self.server_errors),
            partial_writes=len(self.partial_writes),
        )
        assert self.server_errors == []
        assert self.partial_writes == []


def zip_bomb(member: str, size: int, extra: dict[str, bytes] | None = None) -> bytes:
    """A small zip whose `member` unpacks to `size` bytes of spaces."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
        with archive.open(member, "w", force_zip64=True) as handle:
            chunk = b" " * (1024 * 1024)
            for _ in range(size // len(chunk)):
                handle.write(chunk)
    return buffer.getvalue()


def deep_xml(tag: str, depth: int, ns: str = "") -> bytes:
    attributes = f' xmlns="{ns}"' if ns else ""
    return (
        f"<{tag}{attributes}>".encode()
        + b"<a>" * depth
        + b"x"
        + b"</a>" * depth
        + f"</{tag}>".encode()
    )


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
"""
