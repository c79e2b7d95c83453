from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipConfig(AppConfig):
    name = "target87.partnership"
    verbose_name = _("Partnership")
    nav_items = [(60, "partnership:directory", _("Partners"))]

    def ready(self):
        from target87.core.home import register_home_block
        from target87.partnership.home import partners_card

        register_home_block(80, "partners", partners_card)
        from target87.core.notify import register_kind
        from target87.core.sections import register_country_section
        from target87.partnership import rules  # noqa: F401
        from target87.partnership.views import country_partners_section

        register_country_section(80, "partners", country_partners_section)
        from target87.core.work import register_work_provider
        from target87.partnership.work import applications_to_decide

        register_work_provider("partnership.applications", applications_to_decide)
        register_kind("partner_application.submitted", _("A partner application to decide"))
        register_kind("partner_application.decided", _("The decision on a partner application"))

    def load_reference_data(self, stdout):
        from target87.partnership.services import load_partners

        return load_partners(stdout=stdout)
