"""Permission rules: the Secretariat keeps the directory and decides applications."""

from target87.accounts.permissions import Action, is_secretariat, register_rule
from target87.partnership.models import Partner, PartnerApplication


def partner_rule(user, action, obj):
    if action == Action.VIEW:
        return None
    return is_secretariat(user)


def application_rule(user, action, obj):
    # applications carry personal data: the Secretariat only, for every action
    return is_secretariat(user)


register_rule(Partner, partner_rule)
register_rule(PartnerApplication, application_rule)
