"""Who may do what with the supply-chain records.

- The criteria are public; the Secretariat edits them.
- Candidates, scores and ILO CAS cases: the Secretariat and the chairs of the Supply Chains
  Action Group score and edit; GCG members and the group's members read.
- Initiatives: published ones are public; partners (and chairs, GCG members) propose; only
  the Secretariat publishes or declines; the Secretariat and the chairs of the Supply
  Chains Action Group edit and remove them; a proposer reads their own proposal.
- Footprint runs: published finished runs are public; the Secretariat uploads and publishes.
"""

from target87.accounts.models import Role
from target87.accounts.permissions import Action, has_role, is_secretariat, register_rule
from target87.supplychains.models import (
    Candidate,
    CasCase,
    Criterion,
    FootprintRun,
    Initiative,
    Score,
)

SUPPLY_CHAINS_GROUP = "supply-chains"


def _group():
    from target87.groups.models import ActionGroup

    return ActionGroup.objects.filter(slug=SUPPLY_CHAINS_GROUP).first()


def chairs_supply_chains(user) -> bool:
    from target87.groups.chairs import is_chair as chairs

    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_target87_sc_chair", None)
    if cached is None:
        cached = chairs(user, _group())
        user._target87_sc_chair = cached
    return cached


def member_of_supply_chains(user) -> bool:
    from target87.groups.rules import member_of

    return member_of(user, _group())


def may_score(user) -> bool:
    return is_secretariat(user) or chairs_supply_chains(user)


def may_read_scores(user) -> bool:
    return (may_score(user) or has_role(user, Role.GCG_MEMBER)
            or member_of_supply_chains(user))


def criterion_rule(user, action, obj):
    if action == Action.VIEW:
        return True
    return is_secretariat(user)


def scoring_rule(user, action, obj):
    if action == Action.VIEW:
        return may_read_scores(user)
    if action in (Action.CREATE, Action.CHANGE, Action.DELETE):
        return may_score(user)
    return is_secretariat(user)


def initiative_rule(user, action, obj):
    if action == Action.VIEW:
        if obj.is_public():
            return True
        if obj.proposed_by_id and obj.proposed_by_id == getattr(user, "pk", None):
            return True
        return is_secretariat(user)
    if action == Action.CREATE:
        return may_propose_initiative(user)
    if action in (Action.CHANGE, Action.DELETE):
        return may_score(user)
    return is_secretariat(user)


def may_propose_initiative(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return is_secretariat(user) or bool(roles_of(user) & {
        Role.PARTNER_REPRESENTATIVE, Role.ACTION_GROUP_CHAIR, Role.GCG_MEMBER,
        Role.FOCAL_POINT})


def roles_of(user) -> set[str]:
    from target87.accounts.permissions import roles

    return roles(user)


def run_rule(user, action, obj):
    if action == Action.VIEW and obj.is_public():
        return True
    return is_secretariat(user)


register_rule(Criterion, criterion_rule)
register_rule(Candidate, scoring_rule)
register_rule(Score, scoring_rule)
register_rule(CasCase, scoring_rule)
register_rule(Initiative, initiative_rule)
register_rule(FootprintRun, run_rule)
