from django.db import migrations


def seed(apps, schema_editor):
    from forum.taxonomies import seed_taxonomies

    seed_taxonomies(apps)


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
