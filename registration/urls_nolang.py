"""Registration addresses without a language prefix (files, machine endpoints)."""

from registration.badges import urls as badges
from registration.checkin import urls as checkin

app_name = "registration_files"

urlpatterns = [*checkin.file_urlpatterns, *badges.file_urlpatterns]
