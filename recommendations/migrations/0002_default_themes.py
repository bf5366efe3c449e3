"""The seven themes every conference starts with (global: no conference)."""

from django.db import migrations

DEFAULT_THEMES = [
    ("Legal accountability", "المساءلة القانونية", "Responsabilité juridique"),
    ("Parliamentary action", "العمل البرلماني", "Action parlementaire"),
    ("Media and awareness", "الإعلام والتوعية", "Médias et sensibilisation"),
    ("Children and women", "الأطفال والنساء", "Enfants et femmes"),
    ("Health and medical neglect", "الصحة والإهمال الطبي", "Santé et négligence médicale"),
    ("Detention conditions", "ظروف الاحتجاز", "Conditions de détention"),
    ("Solidarity and coordination", "التضامن والتنسيق", "Solidarité et coordination"),
]


def create_themes(apps, schema_editor):
    Theme = apps.get_model("recommendations", "Theme")
    for order, (name_en, name_ar, name_fr) in enumerate(DEFAULT_THEMES, start=1):
        Theme.objects.get_or_create(
            conference=None, name_en=name_en, defaults={"name_ar": name_ar, "name_fr": name_fr, "order": order * 10}
        )


def remove_themes(apps, schema_editor):
    Theme = apps.get_model("recommendations", "Theme")
    Theme.objects.filter(conference=None, name_en__in=[t[0] for t in DEFAULT_THEMES], recommendations=None).delete()


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0001_initial")]
    operations = [migrations.RunPython(create_themes, remove_themes)]
