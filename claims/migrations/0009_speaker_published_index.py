# The public list's search by speaker name and the speaker pages read a speaker's newest
# claims first through this index.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0008_relation_unique_code"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["speaker", "-published_at", "-id"], name="claims_claim_speaker_pub"
            ),
        ),
    ]
