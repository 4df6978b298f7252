from django.db import migrations

GOALS = [
    (1, "Økt forebygging og bekjempelse av bostedsløshet", "More prevention of and fight against homelessness"),
    (2, "Økt boligsosial kompetanse i kommunene", "More housing-social competence in municipalities"),
    (3, "Økt boligsosial aktivitet i kommunene", "More housing-social activity in municipalities"),
]


def add_goals(apps, schema_editor):
    NationalGoal = apps.get_model("programmes", "NationalGoal")
    for number, nb, en in GOALS:
        NationalGoal.objects.update_or_create(number=number, defaults={"name_nb": nb, "name_en": en})


def remove_goals(apps, schema_editor):
    apps.get_model("programmes", "NationalGoal").objects.filter(number__in=[g[0] for g in GOALS]).delete()


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]
    operations = [migrations.RunPython(add_goals, remove_goals)]
