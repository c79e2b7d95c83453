from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from target87.accounts import views
from target87.accounts.throttle import LoginForm, ThrottledPasswordResetView

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", auth_views.PasswordChangeView.as_view(
        template_name="accounts/form_page.html",
        success_url=reverse_lazy("accounts:password_change_done")), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(
        template_name="accounts/message.html"), name="password_change_done"),
    path("password/reset/", ThrottledPasswordResetView.as_view(
        template_name="accounts/form_page.html",
        email_template_name="accounts/password_reset_email.txt",
        success_url=reverse_lazy("accounts:password_reset_done")), name="password_reset"),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/message.html"), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/form_page.html",
        success_url=reverse_lazy("accounts:password_reset_complete")),
        name="password_reset_confirm"),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/message.html"), name="password_reset_complete"),
    path("invitation/<str:token>/", views.accept_invitation, name="invitation"),
    path("people/", views.people, name="people"),
    path("people/invite/", views.invite, name="invite"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/roles/", views.assign_role, name="assign_role"),
    path("people/<int:pk>/roles/<int:assignment_pk>/remove/", views.revoke_role,
         name="revoke_role"),
    path("people/<int:pk>/active/", views.set_active, name="set_active"),
    path("people/<int:pk>/invitation/", views.resend_invitation, name="resend_invitation"),
]
