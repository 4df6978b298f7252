"""Could a quote's attribution identify the person who said it?

An attribution names a role and, often, an organisation. Naming a municipality together
with a role is risky when the municipality is small (few people hold any given role) or
when the role is held by one person only (there is one rådmann and one programme leader
per municipality). The warning is advice: the evaluator may still approve after reviewing
the attribution, and the review is recorded.
"""

from django.utils.translation import gettext as _

from boligsosial.core.formatting import format_number

# Below this population a role plus the municipality's name is treated as identifying.
SMALL_MUNICIPALITY_POPULATION = 20_000

# Roles held by one person in a municipality (or in Husbanken's regional leadership).
ONE_PERSON_ROLES = (
    "rådmann",
    "kommunedirektør",
    "programleder",
    "prosjektleder",
    "prosjektkoordinator",
    "leder for styringsgruppen",
    "styringsgruppeleder",
    "kommunalsjef",
    "direktør",
    "regiondirektør",
    "avdelingsleder",
    "eiendomssjef",
)


def population_of(municipality, year: int) -> int | None:
    from boligsosial.municipalities.models import Population

    row = (
        Population.objects.filter(code=municipality.code, year__lte=year).order_by("-year").first()
        or Population.objects.filter(code=municipality.code).order_by("year").first()
    )
    return row.value if row else None


def identification_warning(quote) -> str:
    """A sentence explaining the risk, or "" when the attribution looks safe."""
    attribution = (quote.attribution or "").lower()
    source = quote.passage.source
    roles = [role for role in ONE_PERSON_ROLES if role in attribution]
    interview = getattr(source, "interview", None)
    if interview is not None and interview.informant_role.lower() in attribution:
        roles.append(interview.informant_role.lower())
    if not roles:
        return ""
    if source.participation_id is None:
        if "husbanken" in attribution and any(
            r in attribution for r in ("direktør", "avdelingsleder", "leder")
        ):
            return _(
                "Tilskrivningen nevner en lederrolle i Husbanken. Det er få personer i regionens ledelse, "
                "så sitatet kan peke ut personen. Vurder en mer generell tilskrivning, "
                "for eksempel «informant fra Husbanken»."
            )
        return ""
    municipality = source.participation.municipality
    if municipality.name.lower() not in attribution:
        return ""
    population = population_of(municipality, source.evaluation.as_of.year)
    role = roles[0]
    if population is None:
        return _(
            "Tilskrivningen nevner rollen «%(role)s» og %(municipality)s, og innbyggertallet er ukjent. "
            "Vurder om personen kan kjennes igjen, eller skriv «en programkommune» i stedet for kommunenavnet."
        ) % {"role": role, "municipality": municipality.name}
    if population < SMALL_MUNICIPALITY_POPULATION:
        return _(
            "Tilskrivningen nevner rollen «%(role)s» og %(municipality)s, en liten kommune "
            "(%(population)s innbyggere). Personen kan kjennes igjen. "
            "Skriv «en programkommune» i stedet for kommunenavnet, eller en mer generell rolle."
        ) % {
            "role": role,
            "municipality": municipality.name,
            "population": format_number(population),
        }
    return _(
        "Tilskrivningen nevner rollen «%(role)s» og %(municipality)s. Bare én person har denne rollen i "
        "kommunen, så personen kan kjennes igjen. Skriv «en programkommune» i stedet for kommunenavnet, "
        "eller en mer generell rolle."
    ) % {"role": role, "municipality": municipality.name}
