from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("partnership", "0003_representatives_become_roles"),
    ]

    operations = [
        migrations.DeleteModel(name="HistoricalPartnerRepresentative"),
        migrations.DeleteModel(name="PartnerRepresentative"),
    ]
