from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, get_language_bidi

from target87.accounts import permissions


def navigation() -> list[tuple[str, str]]:
    """Main menu items that apps declare as ``nav_items = [(order, url_name, label)]``."""
    items = []
    for app_config in apps.get_app_configs():
        for order, url_name, label in getattr(app_config, "nav_items", ()):
            try:
                items.append((order, reverse(url_name), label))
            except NoReverseMatch:
                continue
    return [(url, label) for _order, url, label in sorted(items, key=lambda i: i[0])]


def work_count(request) -> int:
    """Open tasks of the person, for the menu; counted once per request, only if shown."""
    if not hasattr(request, "work_count"):
        from target87.core.work import work_items

        request.work_count = len(work_items(request.user))
    return request.work_count


def platform(request):
    user = getattr(request, "user", None)
    return {
        # a callable: templates call it only where the count is shown
        "WORK_COUNT": lambda: work_count(request),
        "LANGUAGE_DIR": "rtl" if get_language_bidi() else "ltr",
        "CURRENT_LANGUAGE": get_language(),
        "PLATFORM_LANGUAGES": settings.LANGUAGES,
        "NAV_ITEMS": navigation(),
        "user_roles": permissions.roles(user) if user is not None else set(),
        "is_secretariat": permissions.is_secretariat(user) if user is not None else False,
    }
