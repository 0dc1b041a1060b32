from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffmgmtConfig(AppConfig):
    name = "staffmgmt"
    verbose_name = _("Staff and posts")
