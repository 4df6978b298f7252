"""The main menu is what the apps register, in their order, each with its own rule."""

from django.urls import reverse

from boligsosial.core import navigation


def menu_labels(client) -> list[str]:
    return [
        str(item["label"])
        for item in client.get(reverse("programmes:portfolio")).context["nav_items"]
    ]


def test_every_app_contributes_its_entry_in_a_fixed_order(world, client_for):
    assert menu_labels(client_for(world.admin)) == [
        "Portefølje",
        "Rapportering",
        "Mål og tiltak",
        "Oppfølging",
        "Virkemidler",
        "Evaluering",
        "Evalueringsrapport",
        "Kommuner",
        "Regioner",
    ]


def test_an_entry_with_a_rule_is_left_out_for_users_the_rule_refuses(world, client_for):
    assert "Evaluering" in menu_labels(client_for(world.evaluator))
    assert "Evaluering" not in menu_labels(client_for(world.drammen_leader))
    assert "Evaluering" not in menu_labels(client_for(world.viewer))
    # Published evaluation reports are for everyone in the programme.
    assert "Evalueringsrapport" in menu_labels(client_for(world.drammen_leader))
    # Husbanken's regions are for Husbanken.
    assert "Regioner" in menu_labels(client_for(world.contact))
    assert "Regioner" not in menu_labels(client_for(world.drammen_leader))


def test_the_current_page_is_marked_and_anonymous_visitors_get_no_menu(world, client_for, rf):
    items = client_for(world.viewer).get(reverse("programmes:portfolio")).context["nav_items"]
    assert [str(i["label"]) for i in items if i["current"]] == ["Portefølje"]
    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert navigation.navigation_for(request) == []


def test_registering_the_same_url_again_replaces_the_entry(settings):
    before = navigation.entries()
    entry = next(e for e in before if e.url_name == "programmes:portfolio")
    navigation.register(entry)
    assert navigation.entries() == before


def test_an_entry_whose_url_does_not_resolve_is_skipped(world, rf):
    navigation.register(navigation.NavEntry("Finnes ikke", "nowhere:index", order=5))
    try:
        request = rf.get("/")
        request.user = world.admin
        labels = [str(i["label"]) for i in navigation.navigation_for(request)]
        assert "Finnes ikke" not in labels and labels[0] == "Portefølje"
    finally:
        navigation._entries.pop("nowhere:index")
