"""Keep the search index and the content version (ETags) in step with edits."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from target87.knowledge import search
from target87.knowledge.models import (
    Event,
    EventTranslation,
    GoodPractice,
    LabourLaw,
    LawTranslation,
    PracticeAttachment,
    PracticeTranslation,
    Publication,
    PublicationTranslation,
)
from target87.knowledge.services import bump_content_version


def _practice_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.index_practice(instance)


def _translation_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        practice = GoodPractice.objects.filter(pk=instance.practice_id).first()
        if practice is not None:
            search.index_practice(practice)


def _practice_countries_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, GoodPractice):
        search.index_practice(instance)


def _practice_deleted(sender, instance, **kwargs):
    search.unindex_practice(instance.pk)


def connect() -> None:
    post_save.connect(_practice_saved, sender=GoodPractice, dispatch_uid="kn-practice-index")
    post_delete.connect(_practice_deleted, sender=GoodPractice, dispatch_uid="kn-practice-unindex")
    for model in (PracticeTranslation,):
        post_save.connect(
            _translation_changed, sender=model, dispatch_uid=f"kn-index-{model.__name__}"
        )
        post_delete.connect(
            _translation_changed, sender=model, dispatch_uid=f"kn-unindex-{model.__name__}"
        )
    m2m_changed.connect(
        _practice_countries_changed,
        sender=GoodPractice.countries.through,
        dispatch_uid="kn-practice-countries",
    )
    for model in (
        GoodPractice,
        PracticeTranslation,
        PracticeAttachment,
        Publication,
        PublicationTranslation,
        LabourLaw,
        LawTranslation,
        Event,
        EventTranslation,
    ):
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"kn-v-{model.__name__}")
        post_delete.connect(
            bump_content_version, sender=model, dispatch_uid=f"kn-vd-{model.__name__}"
        )
    for through in (
        GoodPractice.countries.through,
        Event.countries.through,
        Publication.countries.through,
    ):
        m2m_changed.connect(
            bump_content_version, sender=through, dispatch_uid=f"kn-vm-{through.__name__}"
        )
    from target87.partnership.models import Partner

    post_save.connect(bump_content_version, sender=Partner, dispatch_uid="kn-v-partner")
    post_delete.connect(bump_content_version, sender=Partner, dispatch_uid="kn-vd-partner")
