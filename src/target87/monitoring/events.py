"""Who is told of the questionnaire's workflow events, through ``target87.core.notify``.

Subjects and bodies stay lazy so that each recipient reads them in their own language; the
values (country, year) are passed as parameters.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from target87.core.notify import notify, register_kind

KINDS = {
    "questionnaire.submitted": _("A progress questionnaire was submitted"),
    "questionnaire.returned": _("A progress questionnaire was returned for revision"),
    "questionnaire.approved": _("A progress questionnaire was approved"),
    "questionnaire.published": _("Indicator values of a questionnaire were published"),
    "questionnaire.comment": _("A review comment addressed to you"),
    "review.proposed": _("An annual review to record"),
}


def register_kinds() -> None:
    for key, label in KINDS.items():
        register_kind(key, label)


def users_with_role(role: str, country=None):
    from target87.accounts.models import User

    users = User.objects.filter(is_active=True, role_assignments__role=role)
    if country is not None:
        users = users.filter(role_assignments__country=country)
    return list(users.distinct().order_by("pk"))


def secretariat():
    from target87.accounts.models import Role

    return users_with_role(Role.SECRETARIAT)


def gcg_members():
    from target87.accounts.models import Role

    return users_with_role(Role.GCG_MEMBER)


def focal_points(country):
    from target87.accounts.models import Role

    return users_with_role(Role.FOCAL_POINT, country)


class CountryName:
    """A country's name in the language active when the text is written for a recipient."""

    def __init__(self, country):
        self.country = country

    def __str__(self) -> str:
        return self.country.name_in()


def _params(q) -> dict:
    return {"country": CountryName(q.country), "iso3": q.country.iso3, "year": q.cycle.year}


def _url(q) -> str:
    return reverse("monitoring:questionnaire", args=[q.country.iso3, q.cycle.year])


def questionnaire_submitted(q) -> None:
    notify(
        secretariat(),
        "questionnaire.submitted",
        subject=_("%(country)s submitted its %(year)s progress questionnaire"),
        body=_("The questionnaire is waiting for your review."),
        params=_params(q),
        url=_url(q),
        obj=q,
    )


def questionnaire_returned(q) -> None:
    notify(
        focal_points(q.country),
        "questionnaire.returned",
        subject=_("Your %(year)s progress questionnaire was returned for revision"),
        body=_("Read the reviewers' comments, revise the answers and submit it again."),
        params=_params(q),
        url=_url(q),
        obj=q,
    )


def questionnaire_approved(q) -> None:
    notify(
        focal_points(q.country),
        "questionnaire.approved",
        subject=_("Your %(year)s progress questionnaire was approved"),
        params=_params(q),
        url=_url(q),
        obj=q,
    )


def questionnaire_published(q, count: int) -> None:
    params = {**_params(q), "count": count}
    notify(
        focal_points(q.country),
        "questionnaire.published",
        subject=_("%(count)s indicator values of %(country)s for %(year)s were published"),
        params=params,
        url=reverse("countries:detail", args=[q.country.iso3]),
        obj=q,
    )


def review_comment(comment) -> None:
    q = comment.questionnaire
    notify(
        focal_points(q.country),
        "questionnaire.comment",
        subject=_("A reviewer commented on your %(year)s progress questionnaire"),
        body=comment.text,
        params=_params(q),
        url=_url(q),
        obj=comment,
    )


def annual_review_proposed(q) -> None:
    """After approval, the Secretariat and the GCG are asked to hold the year's review."""
    notify(
        secretariat() + [u for u in gcg_members() if u not in secretariat()],
        "review.proposed",
        subject=_("Annual review of %(country)s for %(year)s: the questionnaire is approved"),
        body=_("Record the annual review, with the approved answers as evidence."),
        params=_params(q),
        url=reverse("pathfinders:review_new", args=[q.country.iso3])
        + f"?year={q.cycle.year}&questionnaire={q.pk}",
        obj=q,
    )

