from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_noop


def notifications(request):
    """Unread count for the menu, counted only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        from target87.notifications.services import unread_count

        return unread_count(user)

    return {"unread_notifications": SimpleLazyObject(count)}


# the label of the menu's count in base.html lives in this app's catalogue
gettext_noop("unread")
