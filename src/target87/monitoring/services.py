"""Business rules of the monitoring framework: catalogue loading, observations and their
approval workflow, computed implementation indicators, and the yearly questionnaire."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from target87.accounts.permissions import Action, require
from target87.monitoring import events
from target87.monitoring.errors import SubmissionRefused, WorkflowError
from target87.monitoring.models import (
    DISAGGREGATIONS,
    Convention,
    CustomIndicator,
    Frequency,
    Indicator,
    Observation,
    ObservationStatus,
    Origin,
    Questionnaire,
    QuestionnaireStatus,
    ReviewComment,
    SupportActivity,
    ValidationRule,
    ValueType,
)
from target87.monitoring.validation import Violation, check_operand, validate_observations

LANGS = ["en", "fr", "es", "ar", "zh", "ru"]

# where the monitoring framework is published, cited as the readers know the document
FRAMEWORK_SOURCE = ("Alliance 8.7, 7th Global Coordinating Group Meeting: briefing pack, "
                    "19 May 2020, annex")

# --- reference data --------------------------------------------------------------------------


def _read_csv(filename: str) -> list[dict[str, str]]:
    text = (resources.files("target87.monitoring") / "data" / filename).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def _split(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def _upsert(model, key: str, rows: list[dict]) -> int:
    existing = {getattr(o, key): o for o in model.objects.all()}
    changed = 0
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            model.objects.create(**row)
            changed += 1
            continue
        diff = [f for f, v in row.items() if getattr(obj, f) != v]
        if diff:
            for f in diff:
                setattr(obj, f, row[f])
            obj.save(update_fields=diff)
            changed += 1
    return changed


def indicator_rows() -> list[dict]:
    rows = []
    for number, rec in enumerate(_read_csv("indicators.csv"), start=1):
        bad = [
            k for k in ("code", "dimension", "theme", "value_type", "name_en") if not rec[k].strip()
        ]
        if bad:
            raise ValueError(f"indicators.csv row {number}: empty {bad}")
        disaggs = _split(rec["disaggregations"])
        unknown = [d for d in disaggs if d not in DISAGGREGATIONS]
        if unknown:
            raise ValueError(
                f"indicators.csv row {number} ({rec['code']}): unknown disaggregations {unknown}"
            )
        row = {
            "code": rec["code"],
            "dimension": rec["dimension"],
            "theme": rec["theme"],
            "group": rec["group"],
            "standard": rec["standard"] == "yes",
            "computed": rec["computed"] == "yes",
            "value_type": rec["value_type"],
            "unit": rec["unit"],
            "disaggregations": disaggs,
            "conventions": _split(rec["conventions"]),
            "sdg_series": rec["sdg_series"],
            "order": number,
            "source": (rec.get("source") or "").strip()
            or f"{FRAMEWORK_SOURCE}: Proposed monitoring indicators for Pathfinder countries",
        }
        row.update({f"name_{lang}": rec[f"name_{lang}"] for lang in LANGS})
        rows.append(row)
    return rows


def convention_rows() -> list[dict]:
    rows = []
    for number, rec in enumerate(_read_csv("conventions.csv"), start=1):
        row = {
            "code": rec["code"],
            "adopted_year": int(rec["adopted_year"]),
            "themes": _split(rec["themes"]),
            "order": number,
            "source": f"{FRAMEWORK_SOURCE} (priority and additional conventions)",
        }
        row.update({f"name_{lang}": rec[f"name_{lang}"] for lang in LANGS})
        rows.append(row)
    return rows


def rule_rows() -> list[dict]:
    rows = []
    for number, rec in enumerate(_read_csv("validation_rules.csv"), start=1):
        try:
            check_operand(rec["left"])
            check_operand(rec["right"])
        except ValueError as exc:
            raise ValueError(f"validation_rules.csv row {number} ({rec['code']}): {exc}") from exc
        row = {
            "code": rec["code"],
            "left": rec["left"],
            "operator": rec["operator"],
            "right": rec["right"],
            "missing_value_strategy": rec["missing_value_strategy"],
            "value_types": _split(rec["value_types"]),
            "indicators": _split(rec["indicators"]),
            "field": rec["field"],
            "source": f"{FRAMEWORK_SOURCE} (rules implied by the indicators)",
        }
        row.update({f"message_{lang}": rec[f"message_{lang}"] for lang in LANGS})
        rows.append(row)
    return rows


@transaction.atomic
def load_catalogue(stdout=None) -> int:
    changed = _upsert(Convention, "code", convention_rows())
    changed += _upsert(Indicator, "code", indicator_rows())
    changed += _upsert(ValidationRule, "code", rule_rows())
    if stdout is not None:
        stdout.write(f"  monitoring catalogue: {changed} created or updated")
    return changed


# --- observations ----------------------------------------------------------------------------


def disaggregation_key(indicator: Indicator, disaggregation: dict | None) -> str:
    """Canonical text of a disaggregation, after checking it against the indicator."""
    disaggregation = {
        k: str(v) for k, v in (disaggregation or {}).items() if v not in (None, "", "total")
    }
    for dim, value in disaggregation.items():
        if dim == "convention":
            if indicator.value_type != ValueType.RATIFICATION or value not in indicator.conventions:
                raise ValidationError(
                    {
                        "disaggregation": _(
                            "%(indicator)s does not ask about convention %(value)s."
                        )
                        % {"indicator": indicator.code, "value": value}
                    }
                )
            continue
        if dim not in indicator.disaggregations:
            raise ValidationError(
                {
                    "disaggregation": _("%(indicator)s cannot be disaggregated by %(dim)s.")
                    % {"indicator": indicator.code, "dim": dim}
                }
            )
        if value not in DISAGGREGATIONS[dim]:
            raise ValidationError(
                {
                    "disaggregation": _(
                        "%(value)s is not a value of %(dim)s (expected one of %(allowed)s)."
                    )
                    % {"value": value, "dim": dim, "allowed": ", ".join(DISAGGREGATIONS[dim])}
                }
            )
    return "|".join(f"{k}={disaggregation[k]}" for k in sorted(disaggregation))


def _decimal(value, name):
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationError({name: _("Enter a number.")}) from exc
    if not number.is_finite():  # Decimal() reads "NaN" and "Infinity" as well
        raise ValidationError({name: _("Enter a finite number (not NaN or infinity).")})
    return number


VALUE_FIELD = {
    ValueType.PROPORTION: "value",
    ValueType.COUNT: "value",
    ValueType.AMOUNT: "value",
    ValueType.YEAR: "value_year",
    ValueType.YES_NO: "value_bool",
    ValueType.RATIFICATION: "value_bool",
    ValueType.FREQUENCY: "value_text",
    ValueType.TEXT: "value_text",
}


def get_indicator(code: str) -> Indicator:
    try:
        return Indicator.objects.get(code=code)
    except Indicator.DoesNotExist:
        raise ValidationError(
            {"indicator": _("Unknown indicator code %(code)s.") % {"code": code}}
        ) from None


def _locked(obs: Observation) -> WorkflowError:
    return WorkflowError(
        _("%(obs)s is %(status)s: only a draft can be changed (return it for revision first).")
        % {"obs": obs, "status": obs.get_status_display()}
    )


@transaction.atomic
def save_observation(
    country,
    indicator_code: str,
    period: int,
    value,
    disaggregation: dict | None = None,
    *,
    se=None,
    ci_low=None,
    ci_high=None,
    source: str = "",
    method_note: str = "",
    user=None,
    **fields,
) -> Observation:
    """Create or update the draft observation of (country, indicator, period, disaggregation).

    ``value`` goes to the field the indicator's value type uses (a proportion's percentage, a
    year, a yes/no...); ``fields`` may give the others (numerator, denominator, value_year,
    currency, percent_gdp, value_text). An observation past draft is refused, and so is a
    computed indicator: those are never typed in.
    """
    indicator = get_indicator(indicator_code)
    if indicator.computed:
        raise ValidationError(
            {
                "indicator": _("%(code)s is computed from the roadmap and cannot be entered.")
                % {"code": indicator.code}
            }
        )
    key = disaggregation_key(indicator, disaggregation)
    obs = (
        Observation.objects.select_for_update()
        .filter(country=country, indicator=indicator, period=period, disaggregation_key=key,
                origin=Origin.NATIONAL)
        .first()
    )
    if obs is None:
        obs = Observation(
            country=country,
            indicator=indicator,
            period=period,
            disaggregation_key=key,
            disaggregation={k: v for k, v in (part.split("=") for part in key.split("|") if part)},
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        if user is not None:
            require(user, Action.CREATE, obs)
    else:
        if not obs.is_editable:
            raise _locked(obs)
        if user is not None:
            require(user, Action.CHANGE, obs)
    values = dict(fields)
    values[VALUE_FIELD[indicator.value_type]] = value
    for name in ("value", "numerator", "denominator", "percent_gdp"):
        if name in values:
            setattr(obs, name, _decimal(values[name], name))
    if "value_year" in values:
        obs.value_year = (
            int(values["value_year"]) if values["value_year"] not in (None, "") else None
        )
    if "value_bool" in values:
        obs.value_bool = values["value_bool"]
    for name in ("value_text", "currency"):
        if name in values:
            setattr(obs, name, (values[name] or "").strip())
    if (
        indicator.value_type == ValueType.FREQUENCY
        and obs.value_text
        and obs.value_text not in Frequency.values
    ):
        raise ValidationError(
            {
                "value_text": _("Choose one of: %(allowed)s.")
                % {"allowed": ", ".join(Frequency.values)}
            }
        )
    obs.currency = (obs.currency or "").upper()
    obs.se, obs.ci_low, obs.ci_high = (
        _decimal(se, "se"),
        _decimal(ci_low, "ci_low"),
        _decimal(ci_high, "ci_high"),
    )
    # The database refuses a negative standard error too, but only with an IntegrityError:
    # checked here so that the form, the spreadsheet import and the API all get a message.
    if obs.se is not None and obs.se < 0:
        raise ValidationError(
            {
                "se": _("The standard error must be zero or more (got %(value)s).")
                % {"value": obs.se}
            }
        )
    obs.source, obs.method_note = source or obs.source, method_note or obs.method_note
    obs.full_clean(exclude=["disaggregation"], validate_constraints=False)
    obs.save()
    return obs


def latest_published(
    country, indicator_code: str, disaggregation: dict | None = None,
    origin: str = Origin.NATIONAL,
) -> Observation | None:
    """The most recent published observation of an indicator, for dashboards: the
    country's own (``national``) or the custodian's (``global``)."""
    indicator = get_indicator(indicator_code)
    key = disaggregation_key(indicator, disaggregation)
    return (
        Observation.objects.filter(
            country=country,
            indicator=indicator,
            disaggregation_key=key,
            status=ObservationStatus.PUBLISHED,
            origin=origin,
        )
        .order_by("-period")
        .first()
    )


def published_values(country) -> list[Observation]:
    return list(
        Observation.objects.filter(
            country=country, status=ObservationStatus.PUBLISHED, indicator__isnull=False
        )
        .select_related("indicator")
        # the country's own figure first ("national" sorts after "global")
        .order_by("indicator__order", "disaggregation_key", "-origin", "-period")
    )


def _transition(
    obs: Observation, user, action: str, allowed_from: set[str], to: str, comment: str = ""
):
    require(user, action, obs)
    if obs.status not in allowed_from:
        raise WorkflowError(
            _("%(obs)s is %(status)s and cannot be moved to %(to)s.")
            % {"obs": obs, "status": obs.get_status_display(), "to": ObservationStatus(to).label}
        )
    obs.status = to
    if comment:
        obs.review_comment = comment
    obs._change_reason = f"{obs.get_status_display()}"
    obs.save(update_fields=["status", "review_comment", "updated_at"])
    return obs


@transaction.atomic
def submit_observations(observations, user) -> list[Observation]:
    """Submit drafts for approval; refused as a whole, with every violation, if any rule fails."""
    observations = list(observations)
    for obs in observations:
        require(user, Action.SUBMIT, obs)
    violations = validate_observations(observations)
    if violations:
        raise SubmissionRefused([(f"{v.indicator}.{v.field}", v.message) for v in violations])
    for obs in observations:
        _transition(
            obs, user, Action.SUBMIT, {ObservationStatus.DRAFT}, ObservationStatus.SUBMITTED
        )
    return observations


def approve_observation(obs, user):
    return _transition(
        obs, user, Action.APPROVE, {ObservationStatus.SUBMITTED}, ObservationStatus.APPROVED
    )


def publish_observation(obs, user):
    return _transition(
        obs, user, Action.PUBLISH, {ObservationStatus.APPROVED}, ObservationStatus.PUBLISHED
    )


def return_observation(obs, user, comment: str):
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs revising.")})
    return _transition(
        obs, user, Action.APPROVE, {ObservationStatus.SUBMITTED}, ObservationStatus.DRAFT, comment
    )


def unapprove_observation(obs, user, comment: str = ""):
    return _transition(
        obs,
        user,
        Action.APPROVE,
        {ObservationStatus.APPROVED, ObservationStatus.PUBLISHED},
        ObservationStatus.SUBMITTED,
        comment,
    )


# --- computed implementation indicators -------------------------------------------------------


@dataclass
class ComputedValue:
    code: str
    value: object  # bool, Decimal (percent), dict currency -> Decimal, int, or None (no data)
    detail: str = ""


def compute_implementation_indicators(country, year: int | None = None) -> dict[str, ComputedValue]:
    """Implementation indicators of the briefing pack, computed from the roadmap and the records of
    support given to other countries; never typed in.

    - roadmap developed: the country has at least one roadmap action;
    - % of roadmap activities implemented: actions done among actions not dropped;
    - % of targets achieved: annual benchmarks achieved among those due by ``year``;
    - resources allocated: resources available to actions not dropped, per currency;
    - resources disbursed: resources available to actions in progress or done, per currency;
    - support to other countries: support activities recorded up to ``year``, per kind.
    """
    year = year or timezone.now().year
    out: dict[str, ComputedValue] = {}
    try:
        from target87.pathfinders.models import Benchmark, RoadmapAction
    except ImportError:  # the roadmap is kept by the pathfinders app
        RoadmapAction = Benchmark = None  # noqa: N806
    if RoadmapAction is not None:
        actions = RoadmapAction.objects.filter(priority__country=country)
        live = actions.exclude(status="dropped")
        total = live.count()
        done = live.filter(status="done").count()
        out["IMP_ROADMAP_DEVELOPED"] = ComputedValue(
            "IMP_ROADMAP_DEVELOPED",
            actions.exists(),
            _("%(n)d roadmap actions") % {"n": actions.count()},
        )
        out["IMP_ACTIVITIES_IMPLEMENTED"] = ComputedValue(
            "IMP_ACTIVITIES_IMPLEMENTED",
            (Decimal(done) * 100 / total).quantize(Decimal("0.1")) if total else None,
            _("%(done)d of %(total)d actions done") % {"done": done, "total": total},
        )
        due = Benchmark.objects.filter(action__priority__country=country, year__lte=year)
        n_due, n_achieved = due.count(), due.filter(achieved=True).count()
        out["IMP_TARGETS_ACHIEVED"] = ComputedValue(
            "IMP_TARGETS_ACHIEVED",
            (Decimal(n_achieved) * 100 / n_due).quantize(Decimal("0.1")) if n_due else None,
            _("%(a)d of %(n)d benchmarks due by %(year)d achieved")
            % {"a": n_achieved, "n": n_due, "year": year},
        )

        def by_currency(qs):
            rows = (
                qs.exclude(resources_available__isnull=True)
                .values("currency")
                .annotate(total=Sum("resources_available"))
                .order_by("currency")
            )
            return {r["currency"]: r["total"] for r in rows} or None

        out["IMP_RESOURCES_ALLOCATED"] = ComputedValue("IMP_RESOURCES_ALLOCATED", by_currency(live))
        out["IMP_RESOURCES_DISBURSED"] = ComputedValue(
            "IMP_RESOURCES_DISBURSED", by_currency(live.filter(status__in=["in_progress", "done"]))
        )
    else:
        for code in (
            "IMP_ROADMAP_DEVELOPED",
            "IMP_ACTIVITIES_IMPLEMENTED",
            "IMP_TARGETS_ACHIEVED",
            "IMP_RESOURCES_ALLOCATED",
            "IMP_RESOURCES_DISBURSED",
        ):
            out[code] = ComputedValue(code, None)
    support = SupportActivity.objects.filter(country=country, date__year__lte=year)
    for kind, code in (
        ("sponsoring", "IMP_SUPPORT_SPONSORING"),
        ("scaling", "IMP_SUPPORT_SCALING"),
        ("knowledge", "IMP_SUPPORT_KNOWLEDGE"),
        ("action_group", "IMP_SUPPORT_ACTION_GROUP"),
    ):
        out[code] = ComputedValue(code, support.filter(kind=kind).count())
    return out


# --- questionnaires ---------------------------------------------------------------------------


def questionnaire_for(iso3: str, year: int | None = None) -> Questionnaire:
    qs = Questionnaire.objects.select_related("cycle", "country").filter(country__iso3=iso3.upper())
    if year is not None:
        qs = qs.filter(cycle__year=year)
    q = qs.order_by("-cycle__year").first()
    if q is None:
        raise ValidationError(
            _("No questionnaire for %(iso3)s%(cycle)s.")
            % {"iso3": iso3.upper(), "cycle": f" ({year})" if year else ""}
        )
    return q


# parsing of raw answers ------------------------------------------------------------------------

YES = {"yes", "y", "true", "1", "oui", "sí", "si", "on"}
NO = {"no", "n", "false", "0", "non"}


# Larger than any count or amount an indicator holds; also keeps "1e1000000" from costing
# seconds of work when turned into an integer
MAX_MAGNITUDE = 16  # the value columns hold 16 digits before the point


def _check_magnitude(number: Decimal) -> None:
    if number and number.adjusted() >= MAX_MAGNITUDE:
        raise ValueError(_("Enter a number below ten million billion (10^16)."))


def parse_raw(kind: str, raw: str):
    """Parse one typed answer; raises ``ValueError`` with a readable message."""
    raw = (raw or "").strip()
    if raw == "":
        return None
    if kind == "decimal":
        try:
            number = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("Enter a number.")) from None
        # Decimal() reads "NaN" and "Infinity" too, which no indicator value can be
        if not number.is_finite():
            raise ValueError(_("Enter a finite number (not NaN or infinity)."))
        _check_magnitude(number)
        return number
    if kind == "integer":
        try:
            number = Decimal(raw)
        except InvalidOperation:
            raise ValueError(_("Enter a whole number.")) from None
        if not number.is_finite() or number != number.to_integral_value():
            raise ValueError(_("Enter a whole number."))
        _check_magnitude(number)
        return int(number)
    if kind == "year":
        # isdecimal(), not isdigit(): Arabic-Indic and full-width digits read, "²" does not
        if not raw.isdecimal() or len(raw) != 4:
            raise ValueError(_("Enter a year with four digits."))
        return int(raw)
    if kind in ("yes_no", "checkbox"):
        low = raw.lower()
        if low in YES:
            return True
        if low in NO:
            return False
        raise ValueError(_("Answer yes or no."))
    if kind == "frequency":
        if raw not in Frequency.values:
            raise ValueError(
                _("Choose one of: %(allowed)s.") % {"allowed": ", ".join(Frequency.values)}
            )
        return raw
    if kind == "currency":
        if len(raw) != 3 or not raw.isalpha():
            raise ValueError(_("Enter a three-letter currency code (ISO 4217)."))
        return raw.upper()
    return raw


# observation field -> questionnaire field of a customized indicator
CUSTOM_FIELD = {"value": "value", "value_text": "note"}


def sync_observations(
    q: Questionnaire, items, parsed: dict, errors: dict, user
) -> dict[tuple, Observation]:
    """Write the parsed indicator answers into draft observations of the cycle's year."""
    groups: dict[tuple, list] = {}
    for item in items:
        if item.section in ("indicators", "custom"):
            groups.setdefault(item.observation_key, []).append(item)
    result = {}
    for key, group in groups.items():
        if any(i.name in errors for i in group):
            continue
        kind, ref, dkey = key
        fields = {i.field: parsed.get(i.name) for i in group}
        blank = all(v in (None, "") for v in fields.values())
        if kind == "standard":
            existing = Observation.objects.filter(
                country=q.country, indicator__code=ref, period=q.cycle.year,
                disaggregation_key=dkey, origin=Origin.NATIONAL,
            ).first()
            if blank:
                if existing is not None and existing.is_editable:
                    existing.delete()
                continue
            if existing is not None and not existing.is_editable:
                result[key] = existing
                continue
            indicator = group[0].indicator
            vfield = VALUE_FIELD[indicator.value_type]
            value = fields.pop(vfield, None)
            source = fields.pop("source", None) or ""
            disagg = {"convention": group[0].convention.code} if group[0].convention else {}
            try:
                result[key] = save_observation(
                    q.country, ref, q.cycle.year, value, disagg, source=source, user=user, **fields
                )
            except ValidationError as exc:
                message = "; ".join(exc.messages)
                errors[group[0].name] = message
        else:
            custom = group[0].custom_indicator
            existing = Observation.objects.filter(
                custom_indicator=custom, period=q.cycle.year
            ).first()
            if blank:
                if existing is not None and existing.is_editable:
                    existing.delete()
                continue
            obs = existing or Observation(
                country=q.country, custom_indicator=custom, period=q.cycle.year
            )
            if not obs.is_editable:
                result[key] = obs
                continue
            obs.value = fields.get("value")
            obs.value_text = fields.get("note") or ""
            try:
                obs.full_clean(exclude=["disaggregation"], validate_constraints=False)
            except ValidationError as exc:
                # each message goes to the question it is about, as for the other answers
                by_field = {i.field: i.name for i in group}
                for field, messages in exc.message_dict.items():
                    name = by_field.get(CUSTOM_FIELD.get(field, field), group[0].name)
                    earlier = [errors[name]] if name in errors else []
                    errors[name] = "; ".join([*earlier, *messages])
                continue
            obs.save()
            result[key] = obs
    return result


def save_draft(q: Questionnaire, user, data: dict[str, str]) -> dict[str, str]:
    """Keep every typed answer (even one that does not parse) and update the draft
    observations; returns {item name: error message} for answers that could not be read.

    Committed on its own, so that a submission refused afterwards loses nothing typed.
    """
    from target87.monitoring.questions import build_items

    require(user, Action.CHANGE, q)
    if not q.is_editable:
        raise WorkflowError(
            _("This questionnaire is %(status)s and can no longer be changed.")
            % {"status": q.get_status_display()}
        )
    items = build_items(q)
    known = {i.name: i for i in items}
    limit = int(getattr(settings, "QUESTIONNAIRE_MAX_ANSWER_CHARS", 10_000))
    refused: dict[str, str] = {}
    with transaction.atomic():
        answers = dict(q.answers)
        if q.carried_over:
            q.carried_over = _still_carried_over(q, data)
        for name, raw in data.items():
            if name in known:
                text = "" if raw is None else str(raw)
                # An answer that cannot be stored is refused and the earlier one kept.
                if len(text) > limit:
                    refused[name] = _(
                        "The answer has %(n)s characters; at most %(limit)s are accepted "
                        "(setting QUESTIONNAIRE_MAX_ANSWER_CHARS)."
                    ) % {"n": len(text), "limit": limit}
                elif "\x00" in text:
                    refused[name] = _("The answer contains a NUL character (\\0), which no "
                                      "text may hold.")
                else:
                    answers[name] = text
        # an unticked checkbox is not sent by a browser form
        if data.get("_form") == "web":
            for item in items:
                if item.kind == "checkbox" and item.name not in data:
                    answers[item.name] = ""
        errors: dict[str, str] = {}
        parsed = {}
        for item in items:
            try:
                parsed[item.name] = parse_raw(item.kind, answers.get(item.name, ""))
            except ValueError as exc:
                errors[item.name] = str(exc)
        errors.update(refused)
        q.answers = answers
        q.save(update_fields=["answers", "carried_over", "updated_at"])
        for item in items:
            if item.section == "next_steps" and item.name not in errors:
                step = item.next_step
                if item.field == "achieved":
                    step.achieved = bool(parsed[item.name])
                else:
                    step.comment = parsed[item.name] or ""
                step.save()
        sync_observations(q, items, parsed, errors, user)
    return errors


def _still_carried_over(q: Questionnaire, data: dict) -> list[str]:
    """The carried-over answers neither confirmed (``confirm__NAME``, or
    ``_confirm_carried`` for all) nor changed by ``data``."""
    if data.get("_confirm_carried"):
        return []
    kept = []
    for name in q.carried_over:
        if data.get(f"confirm__{name}"):
            continue
        if name in data and str(data[name] or "").strip() != str(q.answers.get(name) or "").strip():
            continue
        kept.append(name)
    return kept


def submission_errors(q: Questionnaire) -> list[tuple[str, str]]:
    """Everything that stops a submission: unreadable answers, missing required answers and
    violated validation rules, each with the item it belongs to."""
    from target87.monitoring.questions import build_items

    items = build_items(q)
    errors: list[tuple[str, str]] = [
        (
            name,
            _("Carried over from %(year)s: confirm or change this answer.")
            % {"year": q.carried_from},
        )
        for name in q.carried_over
    ]
    parsed = {}
    for item in items:
        try:
            parsed[item.name] = parse_raw(item.kind, q.answers.get(item.name, ""))
        except ValueError as exc:
            errors.append((item.name, str(exc)))
        if item.required and not (q.answers.get(item.name) or "").strip():
            errors.append((item.name, _("This question must be answered.")))
    observations = list(
        Observation.objects.filter(
            country=q.country, period=q.cycle.year, indicator__isnull=False,
            origin=Origin.NATIONAL,
        ).select_related("indicator")
    )
    by_key = {}
    for item in items:
        if item.section == "indicators":
            by_key.setdefault(item.observation_key[1:], {})[item.field] = item.name
    for v in validate_observations(observations):
        names = by_key.get((v.indicator, v.disaggregation_key), {})
        name = names.get(v.field) or next(iter(names.values()), f"v__{v.indicator}__{v.field}")
        errors.append((name, v.message))
    return errors


def submit_questionnaire(
    q: Questionnaire, user, data: dict[str, str] | None = None
) -> Questionnaire:
    """Save the draft, then submit it; a refusal raises ``SubmissionRefused`` with the whole
    list, and the draft saved just before stays (it is committed first, on purpose)."""
    require(user, Action.SUBMIT, q)
    if not q.is_editable:
        raise WorkflowError(
            _("This questionnaire is %(status)s and cannot be submitted again.")
            % {"status": q.get_status_display()}
        )
    if data is not None:
        save_draft(q, user, data)
    errors = submission_errors(q)
    if errors:
        raise SubmissionRefused(errors)
    with transaction.atomic():
        _mark_submitted(q, user)
        events.questionnaire_submitted(q)
    return q


def _mark_submitted(q: Questionnaire, user) -> None:
    q.status = QuestionnaireStatus.SUBMITTED
    q.submitted_at, q.submitted_by = timezone.now(), user
    q.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    for obs in Observation.objects.filter(
        country=q.country, period=q.cycle.year, status=ObservationStatus.DRAFT
    ):
        obs.status = ObservationStatus.SUBMITTED
        obs.save(update_fields=["status", "updated_at"])


def add_review_comment(q: Questionnaire, user, question: str, text: str) -> ReviewComment:
    require(user, Action.REVIEW, q)
    if q.status != QuestionnaireStatus.SUBMITTED:
        raise WorkflowError(_("Only a submitted questionnaire is reviewed."))
    if not text.strip():
        raise ValidationError({"text": _("Write a comment.")})
    comment = ReviewComment.objects.create(
        questionnaire=q, question=question, text=text.strip(), author=user
    )
    events.review_comment(comment)
    return comment


@transaction.atomic
def return_questionnaire(q: Questionnaire, user) -> Questionnaire:
    require(user, Action.APPROVE, q)
    if q.status != QuestionnaireStatus.SUBMITTED:
        raise WorkflowError(_("Only a submitted questionnaire can be returned for revision."))
    q.status, q.decided_at, q.decided_by = QuestionnaireStatus.RETURNED, timezone.now(), user
    q.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    for obs in Observation.objects.filter(
        country=q.country, period=q.cycle.year, status=ObservationStatus.SUBMITTED
    ):
        obs.status = ObservationStatus.DRAFT
        obs.save(update_fields=["status", "updated_at"])
    events.questionnaire_returned(q)
    return q


@transaction.atomic
def approve_questionnaire(q: Questionnaire, user) -> Questionnaire:
    require(user, Action.APPROVE, q)
    if q.status != QuestionnaireStatus.SUBMITTED:
        raise WorkflowError(_("Only a submitted questionnaire can be approved."))
    q.status, q.decided_at, q.decided_by = QuestionnaireStatus.APPROVED, timezone.now(), user
    q.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    for obs in Observation.objects.filter(
        country=q.country, period=q.cycle.year, status=ObservationStatus.SUBMITTED
    ):
        obs.status = ObservationStatus.APPROVED
        obs.save(update_fields=["status", "updated_at"])
    events.questionnaire_approved(q)
    events.annual_review_proposed(q)
    return q


@transaction.atomic
def publish_questionnaire_values(q: Questionnaire, user) -> int:
    require(user, Action.PUBLISH, q)
    if q.status != QuestionnaireStatus.APPROVED:
        raise WorkflowError(_("Only the values of an approved questionnaire are published."))
    n = 0
    for obs in Observation.objects.filter(
        country=q.country, period=q.cycle.year, status=ObservationStatus.APPROVED
    ):
        publish_observation(obs, user)
        n += 1
    if n:
        events.questionnaire_published(q, n)
    return n


@transaction.atomic
def approve_and_publish(q: Questionnaire, user) -> int:
    """Approve a submitted questionnaire and publish its approved values in one step (both
    permissions are checked before anything changes); returns the values published."""
    require(user, Action.APPROVE, q)
    require(user, Action.PUBLISH, q)
    approve_questionnaire(q, user)
    return publish_questionnaire_values(q, user)


# The reporting cycles live in their own module; these names stay importable from here.
from target87.monitoring.cycles import (  # noqa: E402
    DEMO_CYCLE,
    REPORTING_STATUSES,
    completion,
    load_demo_cycle,
    open_cycle,
    prefill_next_steps,
    reporting_countries,
)

__all__ = [
    "DEMO_CYCLE",
    "REPORTING_STATUSES",
    "completion",
    "load_demo_cycle",
    "prefill_next_steps",
    "reporting_countries",
    "Violation",
    "SubmissionRefused",
    "WorkflowError",
    "save_observation",
    "latest_published",
    "compute_implementation_indicators",
    "open_cycle",
    "save_draft",
    "submit_questionnaire",
    "CustomIndicator",
]
