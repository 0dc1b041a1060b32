from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityFilesConfig(AppConfig):
    name = "integrity_files"
    verbose_name = _("Integrity files")
