"""Meetings of the partnership's three tiers: the Global Coordinating Group (GCG), the
Action Groups and the countries' coordination groups (briefing pack of the 7th GCG
meeting, May 2020).

One ``Meeting`` model serves the three bodies; a body is the pair (kind, country) — or
(kind, Action Group) — and "the next meeting of the same body" is where a meeting's action
points are followed up.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from target87.countries.models import ILORegion


class Body(models.TextChoices):
    GCG = "gcg", _("Global Coordinating Group")
    ACTION_GROUP = "action_group", _("Action Group")
    COUNTRY = "country", _("Country coordination group")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class Constituency(models.TextChoices):
    """The partnership's constituencies, as the GCG is composed of them."""

    GOVERNMENT = "government", _("Governments")
    UN = "un", _("UN agencies and international organisations")
    WORKERS = "workers", _("Workers' organisations")
    EMPLOYERS = "employers", _("Employers' organisations and business")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIA = "academia", _("Academia and research")
    SECRETARIAT = "secretariat", _("Secretariat")


class Meeting(models.Model):
    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    country = models.ForeignKey(
        "countries.Country", on_delete=models.PROTECT, null=True, blank=True,
        related_name="coordination_meetings", verbose_name=_("country"),
        help_text=_("Only for a country coordination group."),
    )
    action_group = models.ForeignKey(
        "groups.ActionGroup", on_delete=models.PROTECT, null=True, blank=True,
        related_name="meetings", verbose_name=_("Action Group"),
        help_text=_("Only for a meeting of an Action Group."),
    )
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    start_date = models.DateField(_("date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    time = models.CharField(_("time"), max_length=60, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    virtual = models.BooleanField(_("virtual"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    chair = models.CharField(_("chair"), max_length=200, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    report = models.TextField(_("report"), blank=True)
    attendance_note = models.CharField(_("attendance"), max_length=300, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True,
        help_text=_("Title, author and date of the document the record is taken from."),
    )
    curation_note = models.TextField(
        _("curation note"), blank=True, help_text=_("Shown to staff only."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = [F("start_date").desc(nulls_last=True), "-number", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(condition=Q(body__in=Body.values), name="meeting_body_valid"),
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(body=Body.COUNTRY) & Q(country__isnull=False))
                | (~Q(body=Body.COUNTRY) & Q(country__isnull=True)),
                name="meeting_country_only_for_country_body",
            ),
            models.CheckConstraint(
                condition=(Q(body=Body.ACTION_GROUP) & Q(action_group__isnull=False))
                | (~Q(body=Body.ACTION_GROUP) & Q(action_group__isnull=True)),
                name="meeting_group_only_for_group_body",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="meeting_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=~Q(status=MeetingStatus.HELD) | Q(start_date__isnull=False),
                name="meeting_held_has_date",
            ),
            models.UniqueConstraint(
                fields=["number"], condition=Q(body=Body.GCG) & Q(number__isnull=False),
                name="meeting_gcg_number_unique",
            ),
            models.UniqueConstraint(
                fields=["country", "number"],
                condition=Q(body=Body.COUNTRY) & Q(number__isnull=False),
                name="meeting_country_number_unique",
            ),
            models.UniqueConstraint(
                fields=["action_group", "number"],
                condition=Q(body=Body.ACTION_GROUP) & Q(number__isnull=False),
                name="meeting_group_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return str(self.display_title)

    @property
    def display_title(self) -> str:
        from target87.meetings.services import meeting_title

        return meeting_title(self)

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    def body_key(self) -> tuple:
        """Meetings with the same key are meetings of the same body."""
        return (self.body, self.country_id, self.action_group_id)

    def permission_country_ids(self) -> set[int]:
        return {self.country_id} if self.country_id else set()

    def is_public(self) -> bool:
        return self.is_published


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("number"), default=1)
    title = models.CharField(_("title"), max_length=300)
    objective = models.TextField(_("objective"), blank=True)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True,
                                                        blank=True)
    points = models.TextField(_("points"), blank=True, help_text=_("One point per line."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__gt=0),
                name="agenda_duration_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    def point_list(self) -> list[str]:
        return [line.strip() for line in self.points.splitlines() if line.strip()]

    def permission_country_ids(self):
        return self.meeting.permission_country_ids()

    def is_public(self) -> bool:
        return self.meeting.is_published


class MeetingDocument(models.Model):
    """A document of the meeting, cited by title, author and date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=300)
    author = models.CharField(_("author"), max_length=200, blank=True)
    date_text = models.CharField(_("date"), max_length=60, blank=True,
                                 help_text=_("As the document gives it, e.g. “May 2020”."))
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(
        _("file"), upload_to="meetings/documents/%Y/", max_length=300, blank=True,
        help_text=_("PDF, PNG, JPEG, DOCX, DOC or ODT."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self) -> str:
        return self.citation

    @property
    def file_name(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""

    @property
    def href(self) -> str:
        """Where a reader opens the document: its file (served to those who may see the
        meeting) or else its link."""
        if self.file:
            return reverse("media_file", args=[self.file.name])
        return self.url

    @property
    def citation(self) -> str:
        return ", ".join(x for x in (self.author, self.title, self.date_text) if x)

    def permission_country_ids(self):
        return self.meeting.permission_country_ids()

    def is_public(self) -> bool:
        return self.meeting.is_published


class ParticipantRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")
    GUEST = "guest", _("Guest")
    SECRETARIAT = "secretariat", _("Secretariat")


class Participant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    person = models.CharField(_("person"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    partner = models.ForeignKey(
        "partnership.Partner", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="meeting_participations", verbose_name=_("partner"),
    )
    country = models.ForeignKey(
        "countries.Country", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="meeting_participations", verbose_name=_("country represented"),
    )
    constituency = models.CharField(_("constituency"), max_length=20,
                                    choices=Constituency.choices)
    region = models.CharField(_("region"), max_length=30, choices=ILORegion.choices, blank=True)
    role = models.CharField(_("role"), max_length=12, choices=ParticipantRole.choices,
                            default=ParticipantRole.MEMBER)
    remote = models.BooleanField(_("took part remotely"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "constituency", "organisation", "person"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=~Q(person="") | ~Q(organisation=""),
                name="participant_person_or_organisation",
            ),
            models.CheckConstraint(
                condition=Q(constituency__in=Constituency.values),
                name="participant_constituency_valid",
            ),
            models.CheckConstraint(
                condition=Q(role__in=ParticipantRole.values), name="participant_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return " — ".join(x for x in (self.person, self.organisation) if x)

    def permission_country_ids(self):
        return self.meeting.permission_country_ids()

    def is_public(self) -> bool:
        return self.meeting.is_published


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions",
        verbose_name=_("agenda item"),
    )
    order = models.PositiveSmallIntegerField(_("number"), default=1)
    text = models.TextField(_("decision"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]

    def permission_country_ids(self):
        return self.meeting.permission_country_ids()

    def is_public(self) -> bool:
        return self.meeting.is_published


class ActionPointStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (ActionPointStatus.OPEN, ActionPointStatus.IN_PROGRESS)


class ActionPoint(models.Model):
    """Something a meeting asked someone to do, followed up at the body's next meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_points")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="action_points", verbose_name=_("agenda item"),
    )
    order = models.PositiveSmallIntegerField(_("number"), default=1)
    text = models.TextField(_("action point"))
    owner = models.CharField(
        _("owner"), max_length=200, blank=True,
        help_text=_("Who is to do it, as the meeting named them (e.g. “Secretariat”)."),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="action_points", verbose_name=_("owner's account"),
        help_text=_("The action point appears in this person's “My work”."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionPointStatus.choices,
                              default=ActionPointStatus.OPEN)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("action point")
        verbose_name_plural = _("action points")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionPointStatus.values), name="action_point_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(owner="") | Q(owner_user__isnull=False),
                name="action_point_has_owner",
                violation_error_message=_("An action point needs an owner: name who is to do "
                                          "it or choose their account."),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def owner_label(self) -> str:
        if self.owner:
            return self.owner
        return str(self.owner_user) if self.owner_user_id else ""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url() + f"#action-{self.pk}"

    def permission_country_ids(self):
        return self.meeting.permission_country_ids()

    def is_public(self) -> bool:
        return self.meeting.is_published


class FollowUp(models.Model):
    """What the body's next meeting recorded about an action point."""

    action_point = models.ForeignKey(ActionPoint, on_delete=models.CASCADE,
                                     related_name="follow_ups")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups",
                                verbose_name=_("meeting"))
    status = models.CharField(_("status"), max_length=12, choices=ActionPointStatus.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action_point", "recorded_at", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["action_point", "meeting"],
                                    name="follow_up_once_per_meeting"),
            models.CheckConstraint(
                condition=Q(status__in=ActionPointStatus.values), name="follow_up_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_point}: {self.get_status_display()}"

    def permission_country_ids(self):
        return self.meeting.permission_country_ids()

    def is_public(self) -> bool:
        return self.meeting.is_published


class GCGMemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")


class GCGMember(models.Model):
    """A seat on the Global Coordinating Group, held by an organisation or a government."""

    organisation = models.CharField(_("organisation or government"), max_length=200)
    partner = models.ForeignKey(
        "partnership.Partner", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="gcg_seats", verbose_name=_("partner"),
    )
    country = models.ForeignKey(
        "countries.Country", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="gcg_seats", verbose_name=_("country"),
        help_text=_("The government's country, or the organisation's seat."),
    )
    constituency = models.CharField(_("constituency"), max_length=20,
                                    choices=Constituency.choices)
    region = models.CharField(_("region"), max_length=30, choices=ILORegion.choices, blank=True,
                              help_text=_("Empty for a global organisation."))
    role = models.CharField(_("role"), max_length=10, choices=GCGMemberRole.choices,
                            default=GCGMemberRole.MEMBER)
    representative = models.CharField(_("representative"), max_length=200, blank=True)
    since = models.DateField(_("member since"), null=True, blank=True)
    until = models.DateField(_("member until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    curation_note = models.TextField(_("curation note"), blank=True,
                                     help_text=_("Shown to staff only."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["constituency", "organisation"]
        verbose_name = _("GCG member")
        verbose_name_plural = _("GCG members")
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="gcg_member_unique"),
            models.CheckConstraint(
                condition=Q(constituency__in=Constituency.values),
                name="gcg_member_constituency_valid",
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(since__isnull=True)
                | Q(until__gte=F("since")),
                name="gcg_member_until_after_since",
            ),
        ]

    def __str__(self) -> str:
        return self.organisation

    def is_public(self) -> bool:
        return True
