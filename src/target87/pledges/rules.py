"""Pledges are recorded and reviewed by the Secretariat; a country's focal point also
reviews the pledges of their country. Published pledges are public."""

from target87.accounts.permissions import (
    Action,
    focal_country_ids,
    is_secretariat,
    register_rule,
)
from target87.pledges.models import Pledge, PledgeEvent, PledgeReview


def pledge_rule(user, action, pledge):
    if action == Action.VIEW:
        return True if pledge.is_published else None
    if is_secretariat(user):
        return True
    if action == Action.REVIEW and pledge.country_id:
        return pledge.country_id in focal_country_ids(user)
    return False


def review_rule(user, action, review):
    if action == Action.VIEW:
        return pledge_rule(user, action, review.pledge)
    return is_secretariat(user)


def event_rule(user, action, event):
    return True if action == Action.VIEW else is_secretariat(user)


register_rule(Pledge, pledge_rule)
register_rule(PledgeReview, review_rule)
register_rule(PledgeEvent, event_rule)
