"""The pathfinder tasks on each person's "My work" list.

- focal point: roadmap actions of their countries past their target date, not done;
- Secretariat and GCG members: annual reviews to record (a country's questionnaire of the
  year is approved and no review of that year is on record).
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from target87.accounts.models import Role
from target87.accounts.permissions import focal_country_ids, has_role, is_secretariat
from target87.core.work import WorkItem, register_work_provider
from target87.pathfinders import services
from target87.pathfinders.models import ActionStatus, RoadmapAction


def focal_point_items(user) -> list[WorkItem]:
    countries = focal_country_ids(user)
    if not countries:
        return []
    today = timezone.localdate()
    late = (RoadmapAction.objects
            .filter(priority__country_id__in=countries, target_date__lt=today)
            .exclude(status__in=[ActionStatus.DONE, ActionStatus.DROPPED])
            .select_related("priority__country"))
    return [
        WorkItem(
            kind="roadmap.action_late",
            title=_("Roadmap action of %(country)s past its target date: %(action)s")
            % {"country": action.priority.country.name_in(), "action": action.title[:80]},
            url=reverse("pathfinders:action_edit", args=[action.priority.country.iso3,
                                                         action.pk]),
            due=action.target_date,
            created=timezone.make_aware(dt.datetime.combine(action.target_date, dt.time.min)),
            overdue=True,
        )
        for action in late
    ]


def reviewer_items(user) -> list[WorkItem]:
    """The Secretariat and the GCG review every pathfinder country."""
    if not (is_secretariat(user) or has_role(user, Role.GCG_MEMBER)):
        return []
    return [
        WorkItem(
            kind="review.record",
            title=_("Record the %(year)s annual review of %(country)s")
            % {"year": proposal["year"], "country": proposal["country"].name_in()},
            url=reverse("pathfinders:review_new", args=[proposal["country"].iso3])
            + f"?year={proposal['year']}",
            created=proposal["proposed_at"],
        )
        for proposal in services.reviews_to_record()
    ]


def register() -> None:
    register_work_provider("pathfinders.focal_point", focal_point_items)
    register_work_provider("pathfinders.reviews", reviewer_items)
