"""Who speaks for a partner is recorded once: the partner representative role scoped to
the organisation. Each earlier representative link becomes such a role (when missing); an
unscoped partner representative role of the same person is replaced by it, as the site
does when it gives the role a scope."""

from django.db import migrations
from django.utils import timezone

ROLE = "partner_representative"
REASON = "Partner representative link folded into the role"


def links_to_roles(apps, schema_editor):
    Link = apps.get_model("partnership", "PartnerRepresentative")
    Assignment = apps.get_model("accounts", "RoleAssignment")
    History = apps.get_model("accounts", "HistoricalRoleAssignment")
    now = timezone.now()
    for link in Link.objects.order_by("pk"):
        if Assignment.objects.filter(user_id=link.user_id, role=ROLE,
                                     organisation_id=link.partner_id).exists():
            continue
        for unscoped in Assignment.objects.filter(user_id=link.user_id, role=ROLE,
                                                  organisation__isnull=True):
            History.objects.create(
                id=unscoped.pk, user_id=unscoped.user_id, role=unscoped.role,
                country_id=None, organisation_id=None, granted_at=unscoped.granted_at,
                history_date=now, history_type="-", history_change_reason=REASON)
            unscoped.delete()
        made = Assignment.objects.create(user_id=link.user_id, role=ROLE,
                                         organisation_id=link.partner_id)
        History.objects.create(
            id=made.pk, user_id=made.user_id, role=ROLE, country_id=None,
            organisation_id=made.organisation_id, granted_at=made.granted_at,
            history_date=now, history_type="+", history_change_reason=REASON)


def roles_to_links(apps, schema_editor):
    Link = apps.get_model("partnership", "PartnerRepresentative")
    Assignment = apps.get_model("accounts", "RoleAssignment")
    for assignment in Assignment.objects.filter(role=ROLE, organisation__isnull=False):
        Link.objects.get_or_create(user_id=assignment.user_id,
                                   partner_id=assignment.organisation_id)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_invitations_organisation_scope"),
        ("partnership", "0002_application_flow"),
    ]

    operations = [
        migrations.RunPython(links_to_roles, roles_to_links),
    ]
