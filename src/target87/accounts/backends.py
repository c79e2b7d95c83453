"""Admin index entries decided by each admin class's own permission methods.

Django lists a model on the admin index only if the user has a Django permission in its
app, while the platform's admin classes ask the permission service. Staff would then open a
model page by its address but find the index empty. This backend lets an active staff user
past the app-level check; each admin class's ``has_view/change/add_permission`` then decides
which models are listed, exactly as they decide which pages open. It grants no permission
on any model.
"""

from django.contrib.auth.backends import BaseBackend


class AdminIndexBackend(BaseBackend):
    def has_module_perms(self, user_obj, app_label):
        return bool(user_obj.is_active and user_obj.is_staff)
