from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "target87.accounts"
    verbose_name = _("Accounts and roles")

    def load_reference_data(self, stdout):
        from target87.accounts.services import load_demo_accounts

        return load_demo_accounts(stdout=stdout)
