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
        return scope_queryset(request.user, qs, self.scope_country_field)

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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from target87.countries.models import Country

        if db_field.related_model is Country and not is_secretariat(request.user):
            kwargs["queryset"] = Country.objects.filter(pk__in=focal_country_ids(request.user))
            # The autocomplete and raw-id widgets look countries up among all of them; a
            # plain select offers only the countries this user may change.
            kwargs["widget"] = forms.Select
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
