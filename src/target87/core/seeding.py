"""Loading seed records so that `target87 setup` can run again after people edit them.

Each seeded record is remembered under a key taken from its data file (country and position,
a slug, ...), never found again by its text. On a later run:

- a record created earlier is found by its key, whatever a person has since changed;
- a field still holding the value the loader last wrote follows the data file;
- a field a person changed keeps their value;
- a record a person deleted is not created again.

Records loaded before keys existed are adopted once, by the lookup the loader used then.
"""

from __future__ import annotations

import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from target87.core.models import SeedRecord


def _plain(value):
    if isinstance(value, models.Model):
        value = value.pk
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _attname(model, name: str) -> str:
    field = model._meta.get_field(name)
    return field.attname


def _adopt(model, content_type, lookups):
    claimed = SeedRecord.objects.filter(content_type=content_type).values_list("object_id")
    candidates = model._default_manager.exclude(pk__in=[int(pk) if pk.isdigit() else pk
                                                        for (pk,) in claimed])
    for lookup in lookups:
        obj = candidates.filter(**lookup).order_by("pk").first()
        if obj is not None:
            return obj
    return None


CREATED, UPDATED, UNCHANGED = "created", "updated", ""


def seed(model, key: str, values: dict, adopt: list[dict] | None = None):
    """Create or refresh the record seeded under ``key``; returns ``(record, outcome)``,
    outcome being CREATED, UPDATED or UNCHANGED (falsy), so outcomes can be counted.

    ``values`` are field values (foreign keys as instances or ids); ``adopt`` lists lookups
    that may find this record if it was loaded before it had a key (tried in order, each
    record adopted once). ``record`` is None when a person deleted it.
    """
    content_type = ContentType.objects.get_for_model(model)
    wanted = {_attname(model, name): value for name, value in values.items()}
    wanted = {name: (value.pk if isinstance(value, models.Model) else value)
              for name, value in wanted.items()}
    plain = {name: _plain(value) for name, value in wanted.items()}
    entry = SeedRecord.objects.filter(content_type=content_type, key=key).first()
    if entry is not None:
        obj = model._default_manager.filter(pk=entry.object_id).first()
        if obj is None:
            return None, UNCHANGED  # deleted by a person: stays deleted
        last = entry.values
    else:
        obj = _adopt(model, content_type, adopt) if adopt else None
        last = None
        if obj is None:
            obj = model._default_manager.create(**wanted)
            SeedRecord.objects.create(content_type=content_type, key=key,
                                      object_id=str(obj.pk), values=plain)
            return obj, CREATED

    changed_fields = []
    for name, value in wanted.items():
        current = _plain(getattr(obj, name))
        if current == plain[name]:
            continue
        # untouched since the loader wrote it (or adopted with no record of what it wrote:
        # then the person's current value wins)
        if last is not None and name in last and current == last[name]:
            setattr(obj, name, value)
            changed_fields.append(name)
    if changed_fields:
        obj.save(update_fields=changed_fields)
    if entry is None:
        # adopted: what the file says now is what the loader is taken to have written
        SeedRecord.objects.create(content_type=content_type, key=key, object_id=str(obj.pk),
                                  values=plain)
    elif entry.values != plain:
        entry.values = plain
        entry.save(update_fields=["values", "loaded_at"])
    return obj, UPDATED if changed_fields else UNCHANGED
