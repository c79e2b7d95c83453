from __future__ import annotations

from django.conf import settings
from django.db import transaction

from target87.accounts.models import Role, RoleAssignment, User
from target87.countries.models import Country

DEMO_PASSWORD = "alliance87-demo"
# (username, first name, last name, organisation, role, country ISO3 or None, staff)
DEMO_ACCOUNTS = [
    ("secretariat", "Sam", "Secretariat", "Alliance 8.7 Secretariat", Role.SECRETARIAT, None,
     True),
    ("gcg", "Gabriela", "Member", "Global Coordinating Group", Role.GCG_MEMBER, None, False),
    ("focal-npl", "Nima", "Focal Point", "Ministry of Labour, Nepal", Role.FOCAL_POINT, "NPL",
     False),
    ("focal-mdg", "Mialy", "Focal Point", "Ministry of Labour, Madagascar", Role.FOCAL_POINT,
     "MDG", False),
    ("chair", "Chris", "Chair", "Supply Chains Action Group", Role.ACTION_GROUP_CHAIR, None,
     False),
    ("partner", "Pat", "Partner", "Partner organisation", Role.PARTNER_REPRESENTATIVE, None,
     False),
]


def grant_role(user: User, role: str, country: Country | None = None) -> RoleAssignment:
    assignment, _ = RoleAssignment.objects.get_or_create(user=user, role=role, country=country)
    for attr in ("_target87_roles", "_target87_focal_countries"):
        if hasattr(user, attr):
            delattr(user, attr)
    return assignment


@transaction.atomic
def load_demo_accounts(stdout=None) -> int:
    """Create the demo accounts once; an existing account is left as it is."""
    if not getattr(settings, "TARGET87_DEMO_ACCOUNTS", True):
        return 0
    created = 0
    for username, first, last, org, role, iso3, staff in DEMO_ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        user = User(username=username, first_name=first, last_name=last, organisation=org,
                    email=f"{username}@example.org", is_staff=staff)
        user.set_password(DEMO_PASSWORD)
        user.save()
        country = Country.objects.get(iso3=iso3) if iso3 else None
        grant_role(user, role, country)
        created += 1
    if stdout is not None:
        stdout.write(f"  demo accounts: {created} created")
    return created
