"""Evaluation of the validation rules kept as data (``ValidationRule`` rows)."""

from __future__ import annotations

import operator as op
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from target87.monitoring.models import Observation, ValidationRule

OBSERVATION_FIELDS = {
    "value",
    "numerator",
    "denominator",
    "value_bool",
    "value_year",
    "value_text",
    "currency",
    "percent_gdp",
    "se",
    "ci_low",
    "ci_high",
    "period",
}
COMPARE = {"==": op.eq, "!=": op.ne, ">": op.gt, ">=": op.ge, "<": op.lt, "<=": op.le}
_MISSING = object()


@dataclass(frozen=True)
class Violation:
    rule: str
    field: str
    message: str
    indicator: str = ""
    disaggregation_key: str = ""

    def as_text(self, label: str = "") -> str:
        where = label or self.indicator
        if self.disaggregation_key:
            where = f"{where} [{self.disaggregation_key}]"
        return (
            f"{where}, {self.field}: {self.message}" if where else f"{self.field}: {self.message}"
        )


def check_operand(text: str) -> None:
    """Raise ``ValueError`` when a rule operand cannot be read (used when loading rules)."""
    text = text.strip()
    try:
        Decimal(text)
        return
    except InvalidOperation:
        pass
    field = text.split(".", 1)[1] if "." in text else text
    if field not in OBSERVATION_FIELDS:
        raise ValueError(f"unknown operand {text!r}: expected a number, a field or CODE.field")


def _read(value):
    if value is None or value == "":
        return _MISSING
    return value


def _operand(text: str, obs: Observation, related):
    text = text.strip()
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    if "." in text:
        code, field = text.split(".", 1)
        other = related(code)
        if other is None:
            return _MISSING
        return _read(getattr(other, field))
    return _read(getattr(obs, text))


def applies(rule: ValidationRule, obs: Observation) -> bool:
    indicator = obs.indicator
    if indicator is None:
        return False
    if rule.indicators and indicator.code not in rule.indicators:
        return False
    if rule.value_types and indicator.value_type not in rule.value_types:
        return False
    return bool(rule.indicators or rule.value_types)


def evaluate(rule: ValidationRule, obs: Observation, related) -> bool:
    """True when the observation satisfies the rule (or the rule is skipped)."""
    left = _operand(rule.left, obs, related)
    right = _operand(rule.right, obs, related)
    strategy = rule.missing_value_strategy
    if rule.operator == "implies":
        if left is _MISSING:
            return strategy != ValidationRule.MissingStrategy.NEVER_SKIP
        if not left:
            return True
        return right is not _MISSING
    if left is _MISSING or right is _MISSING:
        if strategy == ValidationRule.MissingStrategy.SKIP_IF_ANY_MISSING:
            return True
        if strategy == ValidationRule.MissingStrategy.SKIP_IF_LEFT_MISSING and left is _MISSING:
            return True
        return False
    if isinstance(left, bool) or isinstance(right, bool):
        return COMPARE[rule.operator](bool(left), bool(right))
    return COMPARE[rule.operator](Decimal(str(left)), Decimal(str(right)))


def validate_observations(observations, rules=None) -> list[Violation]:
    """Every violation among ``observations`` (one country and period), with the rule's message
    in the current language. Cross-indicator operands look among the same observations first,
    then in the database."""
    observations = list(observations)
    rules = list(rules if rules is not None else ValidationRule.objects.all())
    index = {(o.indicator.code, o.disaggregation_key): o for o in observations if o.indicator_id}

    violations = []
    for obs in observations:

        def related(code, obs=obs):
            found = index.get((code, obs.disaggregation_key))
            if found is not None:
                return found
            return Observation.objects.filter(
                country_id=obs.country_id,
                period=obs.period,
                indicator__code=code,
                disaggregation_key=obs.disaggregation_key,
                origin=obs.origin,
            ).first()

        for rule in rules:
            if applies(rule, obs) and not evaluate(rule, obs, related):
                violations.append(
                    Violation(
                        rule=rule.code,
                        field=rule.field,
                        message=rule.message,
                        indicator=obs.indicator.code,
                        disaggregation_key=obs.disaggregation_key,
                    )
                )
    return violations
