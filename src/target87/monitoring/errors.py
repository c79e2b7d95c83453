"""The refusals of the monitoring workflow, shared by its modules."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class SubmissionRefused(ValidationError):
    """A submission with violations; ``errors`` lists every (field name, message)."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__([f"{name}: {message}" if name else message for name, message in errors])


class WorkflowError(ValidationError):
    pass
