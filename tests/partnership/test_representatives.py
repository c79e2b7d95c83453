"""Who speaks for a partner is one record: the partner representative role scoped to the
organisation. A person who was linked to a partner before keeps, after the data migration,
what the link gave them: membership of the partner's Action Groups, the right to ask to join
a group for it, and announcements to its groups."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from target87.accounts.models import Role, RoleAssignment

BEFORE = [("partnership", "0002_application_flow"),
          ("accounts", "0003_invitations_organisation_scope")]
AFTER = [("partnership", "0004_remove_partner_representative")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_links_become_scoped_roles_and_keep_their_rights():
    old = _migrate(BEFORE)
    User = old.get_model("accounts", "User")
    Partner = old.get_model("partnership", "Partner")
    Link = old.get_model("partnership", "PartnerRepresentative")
    Assignment = old.get_model("accounts", "RoleAssignment")
    union = Partner.objects.create(name="Cocoa Union", partner_type="civil_society")
    ngo = Partner.objects.create(name="Free Work NGO", partner_type="civil_society")
    linked = User.objects.create(username="linked")          # a link only
    both = User.objects.create(username="both")              # a link and the scoped role
    unscoped = User.objects.create(username="unscoped")      # a link and an unscoped role
    Link.objects.create(partner=union, user=linked)
    Link.objects.create(partner=ngo, user=linked)
    Link.objects.create(partner=union, user=both)
    Assignment.objects.create(user=both, role="partner_representative", organisation=union)
    Link.objects.create(partner=ngo, user=unscoped)
    Assignment.objects.create(user=unscoped, role="partner_representative")

    _migrate(AFTER)
    try:
        def scopes(username):
            return sorted(RoleAssignment.objects.filter(
                user__username=username, role=Role.PARTNER_REPRESENTATIVE
            ).values_list("organisation__name", flat=True), key=str)

        assert scopes("linked") == ["Cocoa Union", "Free Work NGO"]
        assert scopes("both") == ["Cocoa Union"]
        assert scopes("unscoped") == ["Free Work NGO"]
        made = RoleAssignment.objects.get(user__username="linked",
                                          organisation__name="Cocoa Union")
        assert made.history.filter(history_type="+").exists()
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        assert "partnership_partnerrepresentative" not in tables

        # what the link gave: membership, asking to join, a group's announcements
        from target87.accounts.models import User as CurrentUser
        from target87.groups.models import ActionGroup, GroupMembership
        from target87.groups.rules import member_of
        from target87.groups.services import partners_of, request_membership
        from target87.notifications import audiences
        from target87.partnership.models import Partner as CurrentPartner

        person = CurrentUser.objects.get(username="linked")
        union_now = CurrentPartner.objects.get(name="Cocoa Union")
        supply = ActionGroup.objects.create(slug="supply-test", name_en="Supply Chains")
        other = ActionGroup.objects.create(slug="migration-test", name_en="Migration")
        GroupMembership.objects.create(group=supply, partner=union_now)
        assert member_of(person, supply) and not member_of(person, other)
        assert [p.name for p in partners_of(person)] == ["Cocoa Union", "Free Work NGO"]
        assert person in audiences.recipients(f"group:{supply.slug}")
        assert person not in audiences.recipients(f"group:{other.slug}")
        request = request_membership(person, other, union_now)
        assert request.partner == union_now and request.requested_by == person
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_approval_makes_the_contact_a_scoped_representative(db, secretariat):
    from django.utils import timezone
    from tests.conftest import make_user

    from target87.partnership.models import PartnerApplication
    from target87.partnership.services import decide_application

    person = make_user("contact", email="contact@union.example")
    application = PartnerApplication.objects.create(
        organisation="Cocoa Union", partner_type="civil_society",
        contact_email="contact@union.example", email_confirmed_at=timezone.now())
    decide_application(secretariat, application, approve=True)
    assert list(RoleAssignment.objects.filter(user=person).values_list(
        "role", "organisation__name")) == [(Role.PARTNER_REPRESENTATIVE, "Cocoa Union")]
