from django.db import migrations

GROUPS = [
    "HAD, hospitalisation à domicile",
    "SMR, soins médicaux et de réadaptation, SSR, soins de suite et de réadaptation",
    "EHPAD, établissement d'hébergement pour personnes âgées dépendantes",
    "PDSA, permanence des soins ambulatoires",
    "SAS, service d'accès aux soins",
    "GHT, groupement hospitalier de territoire",
    "ESMS, établissements et services médico-sociaux",
    "CPTS, communauté professionnelle territoriale de santé",
    "IDE, infirmier diplômé d'État, infirmière diplômée d'État",
    "ARS, agence régionale de santé",
    "CME, commission médicale d'établissement",
    "SAMU, service d'aide médicale urgente",
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for terms in GROUPS:
        Synonym.objects.get_or_create(terms=terms)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
