from django.http import Http404
from django.shortcuts import get_object_or_404, render

from target87.accounts.permissions import Action, can
from target87.groups.models import ActionGroup


def visible_groups(user):
    return [g for g in ActionGroup.objects.prefetch_related("chairs__organisation")
            if can(user, Action.VIEW, g)]


def index(request):
    return render(request, "groups/index.html", {"groups": visible_groups(request.user)})


def detail(request, slug):
    group = get_object_or_404(ActionGroup, slug=slug)
    if not can(request.user, Action.VIEW, group):
        raise Http404
    return render(
        request,
        "groups/detail.html",
        {
            "group": group,
            "chairs": group.chairs.select_related("organisation", "representative"),
            "members": group.memberships.select_related("partner", "partner__country"),
            "pillars": group.pillars.all(),
        },
    )
