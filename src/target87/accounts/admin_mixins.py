from target87.accounts.permissions import Action, can, is_secretariat, scope_queryset


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
