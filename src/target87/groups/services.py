"""Business rules of Action Groups: membership, workplan items, progress and its roll-up."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from target87.accounts.permissions import Action, organisation_ids, require
from target87.core.notify import notify
from target87.groups.chairs import chaired_group_ids, chairs_of, is_chair
from target87.groups.models import (
    ActionGroup,
    GroupMembership,
    ItemStatus,
    MembershipRequest,
    ProgressUpdate,
    RequestState,
    UpdateState,
    WorkplanItem,
)
from target87.partnership.models import Partner


class GroupError(ValueError):
    """A request that cannot go ahead; the message says why, for the person acting."""


def chair_users(group: ActionGroup) -> list:
    """The group's chairs, as ``groups.chairs.chairs_of`` decides (to notify them)."""
    return list(chairs_of(group))


def partners_of(user) -> list[Partner]:
    """The partner organisations the user speaks for (their partner representative roles)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Partner.objects.filter(pk__in=organisation_ids(user)))


# ---------------------------------------------------------------- membership


def request_membership(user, group: ActionGroup, partner: Partner | None = None,
                       message: str = "") -> MembershipRequest:
    """A partner's representative asks for the partner to join the group."""
    partners = partners_of(user)
    if not partners:
        raise GroupError(_("Only a representative of a partner organisation can ask to join "
                           "an Action Group; nothing was saved. Apply to become a partner "
                           "first."))
    if partner is None:
        partner = partners[0]
    elif partner not in partners:
        raise GroupError(_("You do not represent %(partner)s; nothing was saved.")
                         % {"partner": partner.name})
    if GroupMembership.objects.filter(group=group, partner=partner).exists():
        raise GroupError(_("%(partner)s is already a member of this group.")
                         % {"partner": partner.name})
    request = MembershipRequest(group=group, partner=partner, requested_by=user,
                                message=message.strip())
    require(user, Action.CREATE, request)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as exc:
        raise GroupError(_("A request from %(partner)s is already waiting for the chair.")
                         % {"partner": partner.name}) from exc
    notify(chair_users(group), "groups.membership_requested",
           subject=gettext_lazy("%(partner)s asks to join %(group)s"),
           params={"partner": partner.name, "group": group.name_en},
           url=reverse("groups:requests", args=[group.slug]), obj=request)
    return request


@transaction.atomic
def decide_membership(user, request: MembershipRequest, accept: bool,
                      reason: str = "") -> MembershipRequest:
    require(user, Action.APPROVE, request)
    MembershipRequest.objects.select_for_update().filter(pk=request.pk).exists()
    request.refresh_from_db()
    if request.state != RequestState.PENDING:
        raise GroupError(_("This request was already decided."))
    if accept:
        GroupMembership.objects.get_or_create(
            group=request.group, partner=request.partner,
            defaults={"since": timezone.localdate(), "source": "Membership request"},
        )
    request.state = RequestState.ACCEPTED if accept else RequestState.DECLINED
    request.reason = reason.strip()
    request.decided_by = user
    request.decided_at = timezone.now()
    request.save()
    notify([request.requested_by], "groups.membership_decided",
           subject=gettext_lazy("Your request to join %(group)s: %(decision)s"),
           body=gettext_lazy("%(reason)s"),
           params={"group": request.group.name_en, "decision": request.get_state_display(),
                   "reason": request.reason},
           url=request.group.get_absolute_url(), obj=request)
    return request


# ---------------------------------------------------------------- workplan items


def check_item(item: WorkplanItem) -> None:
    """The rules an item keeps beyond the database constraints."""
    plan = item.workplan
    if item.due_date and not (plan.period_start <= item.due_date <= plan.period_end):
        raise GroupError(
            _("Due date %(date)s of item %(code)s is outside the workplan's period "
              "(%(start)s to %(end)s); nothing was saved.")
            % {"date": item.due_date.isoformat(), "code": item.code,
               "start": plan.period_start.isoformat(), "end": plan.period_end.isoformat()}
        )
    if item.parent_id:
        if item.parent.workplan_id != plan.pk:
            raise GroupError(_("Item %(code)s must be part of an item of the same workplan.")
                             % {"code": item.code})
        if item.parent.level >= item.level:
            raise GroupError(
                _("Item %(code)s (%(level)s) cannot be part of a %(parent)s.")
                % {"code": item.code, "level": item.get_level_display(),
                   "parent": item.parent.get_level_display()}
            )


def save_item(user, item: WorkplanItem) -> WorkplanItem:
    require(user, Action.CHANGE if item.pk else Action.CREATE, item)
    check_item(item)
    item.save()
    return item


# ---------------------------------------------------------------- progress


def propose_update(user, group: ActionGroup, item: WorkplanItem, *, date: dt.date, text: str,
                   status: str, link: str = "", evidence=None,
                   achieved_value=None) -> ProgressUpdate:
    """A member (or chair) reports progress on an item of their group's workplan.

    A chair's own update is accepted at once; a member's waits for a chair.
    """
    if item.workplan.group_id != group.pk:
        raise GroupError(_("Item %(code)s belongs to another group's workplan; a progress "
                           "update can only be given on %(group)s's own workplans. Nothing "
                           "was saved.") % {"code": item.code, "group": group.name})
    if date > timezone.localdate():
        raise GroupError(_("The date of a progress update cannot be in the future."))
    if status not in ItemStatus.values:
        raise GroupError(_("Unknown status %(status)s.") % {"status": status})
    update = ProgressUpdate(item=item, date=date, text=text.strip(), link=link,
                            status=status, achieved_value=achieved_value, proposed_by=user)
    if evidence:
        update.evidence = evidence
    require(user, Action.CREATE, update)
    update.save()
    if is_chair(user, group):
        return decide_update(user, update, accept=True)
    notify(chair_users(group), "groups.update_proposed",
           subject=gettext_lazy("Progress to accept on %(code)s (%(group)s)"),
           params={"code": item.code, "group": group.name_en},
           url=reverse("groups:updates", args=[group.slug]), obj=update)
    return update


@transaction.atomic
def decide_update(user, update: ProgressUpdate, accept: bool) -> ProgressUpdate:
    require(user, Action.APPROVE, update)
    ProgressUpdate.objects.select_for_update().filter(pk=update.pk).exists()
    update.refresh_from_db()
    if update.state != UpdateState.PROPOSED:
        raise GroupError(_("This progress update was already decided."))
    update.state = UpdateState.ACCEPTED if accept else UpdateState.DECLINED
    update.decided_by = user
    update.decided_at = timezone.now()
    update.save()
    if accept:
        item = update.item
        item.status = update.status
        if update.achieved_value is not None:
            item.achieved_value = update.achieved_value
        item.save()
    if update.proposed_by_id and update.proposed_by_id != user.pk:
        notify([update.proposed_by], "groups.update_decided",
               subject=gettext_lazy("Your progress update on %(code)s: %(decision)s"),
               params={"code": update.item.code, "decision": update.get_state_display()},
               url=update.item.workplan.get_absolute_url(), obj=update)
    return update


# ---------------------------------------------------------------- results and roll-up


def rolled_up_status(statuses: list[str]) -> str:
    """The status of a parent from its children's: dropped children do not count; all
    achieved is achieved; any delayed is delayed; any started is in progress."""
    live = [s for s in statuses if s != ItemStatus.DROPPED]
    if not live:
        return ItemStatus.DROPPED if statuses else ItemStatus.NOT_STARTED
    if all(s == ItemStatus.ACHIEVED for s in live):
        return ItemStatus.ACHIEVED
    if ItemStatus.DELAYED in live:
        return ItemStatus.DELAYED
    if any(s != ItemStatus.NOT_STARTED for s in live):
        return ItemStatus.IN_PROGRESS
    return ItemStatus.NOT_STARTED


class Node:
    """An item with its children and the status rolled up from them."""

    def __init__(self, item: WorkplanItem):
        self.item = item
        self.children: list[Node] = []
        self.status = item.status
        self.updates: list[ProgressUpdate] = []
        self.depth = 0

    @property
    def status_label(self) -> str:
        return ItemStatus(self.status).label

    @property
    def overdue(self) -> bool:
        due = self.item.due_date
        return bool(due and due < timezone.localdate()
                    and self.status not in (ItemStatus.ACHIEVED, ItemStatus.DROPPED))


def results(workplan, since: dt.date | None = None, until: dt.date | None = None,
            accepted_only: bool = True) -> list[Node]:
    """The workplan as a tree with rolled-up statuses and each item's progress updates
    (accepted ones, dated within [since, until] when given)."""
    items = list(workplan.items.prefetch_related("lead_partners", "contributing_partners"))
    nodes = {item.pk: Node(item) for item in items}
    updates = ProgressUpdate.objects.filter(item__workplan=workplan)
    if accepted_only:
        updates = updates.filter(state=UpdateState.ACCEPTED)
    if since:
        updates = updates.filter(date__gte=since)
    if until:
        updates = updates.filter(date__lte=until)
    for update in updates.order_by("date"):
        nodes[update.item_id].updates.append(update)
    roots = []
    for item in items:
        node = nodes[item.pk]
        (nodes[item.parent_id].children if item.parent_id else roots).append(node)

    def settle(node: Node, depth: int) -> None:
        node.depth = depth
        for child in node.children:
            settle(child, depth + 1)
        if node.children:
            node.status = rolled_up_status([c.status for c in node.children])

    for root in roots:
        settle(root, 0)
    return roots


def flatten(nodes: list[Node]) -> list[Node]:
    out = []
    for node in nodes:
        out.append(node)
        out.extend(flatten(node.children))
    return out


def status_counts(nodes: list[Node]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for node in flatten(nodes):
        if not node.children:
            counts[node.status] += 1
    return {label: counts.get(value, 0) for value, label in ItemStatus.choices}


def open_requests_for(user) -> list[MembershipRequest]:
    groups = chaired_group_ids(user)
    if not groups:
        return []
    return list(MembershipRequest.objects.filter(
        state=RequestState.PENDING, group_id__in=groups).select_related("group", "partner"))


def open_updates_for(user) -> list[ProgressUpdate]:
    groups = chaired_group_ids(user)
    if not groups:
        return []
    return list(ProgressUpdate.objects.filter(
        state=UpdateState.PROPOSED, item__workplan__group_id__in=groups).select_related(
        "item__workplan__group"))

