from django import forms

from target87.accounts.permissions import (
    Action,
    can,
    focal_country_ids,
    is_secretariat,
    require,
    scope_queryset,
)


class ScopedAdminMixin:
    """Admin permissions through the permission service, rows scoped to a focal point's
    countries. ``scope_country_field`` names the path to the country."""

    scope_country_field = "country"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_secretariat(request.user):
            return qs
        qs = scope_queryset(request.user, qs, self.scope_country_field)
        # The rows listed are those whose record page the user may open: the same rule
        # (can VIEW), so that no list shows the title of an unpublished event, publication
        # or draft practice that the record page would refuse.
        visible = [obj.pk for obj in qs if can(request.user, Action.VIEW, obj)]
        return qs.filter(pk__in=visible)

    def has_view_permission(self, request, obj=None):
        return can(request.user, Action.VIEW, obj) if obj else request.user.is_staff

    def has_change_permission(self, request, obj=None):
        return can(request.user, Action.CHANGE, obj) if obj else is_secretariat(request.user)

    def has_add_permission(self, request, *args):
        return is_secretariat(request.user)

    def has_delete_permission(self, request, obj=None):
        return can(request.user, Action.DELETE, obj) if obj else is_secretariat(request.user)

    def save_model(self, request, obj, form, change):
        # The change permission was checked on the record as stored; check again on the
        # record as edited, so that editing a country (or a parent that carries it) cannot
        # move a record out of the editor's countries.
        require(request.user, Action.CHANGE if change else Action.CREATE, obj)
        super().save_model(request, obj, form, change)

    def editable_country_ids(self, request) -> set[int] | None:
        """Countries whose records this user may link to here; None means every country."""
        return None if is_secretariat(request.user) else focal_country_ids(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from target87.countries.models import Country

        allowed = self.editable_country_ids(request)
        related = db_field.related_model
        if allowed is not None:
            if related is Country:
                kwargs["queryset"] = Country.objects.filter(pk__in=allowed)
            elif _country_field(related):
                # a parent record (priority, workshop, customized indicator) of another
                # country would carry the record out of the editor's countries
                kwargs["queryset"] = related._default_manager.filter(country_id__in=allowed)
            if "queryset" in kwargs:
                # The autocomplete and raw-id widgets look records up among all of them
                # (and show the label of any id typed); a plain select offers only these.
                kwargs["widget"] = forms.Select
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _country_field(model) -> bool:
    from django.core.exceptions import FieldDoesNotExist

    from target87.countries.models import Country

    try:
        field = model._meta.get_field("country")
    except FieldDoesNotExist:  # the model is not country-scoped
        return False
    return getattr(field, "related_model", None) is Country
