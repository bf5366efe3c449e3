"""Registration addresses without a language prefix (files, machine endpoints)."""

from registration.badges import urls as badges
from registration.checkin import urls as checkin
from registration.doors import urls as doors
from registration.mailings import urls as mailings

app_name = "registration_files"

urlpatterns = [*checkin.file_urlpatterns, *doors.file_urlpatterns, *badges.file_urlpatterns, *mailings.file_urlpatterns]
