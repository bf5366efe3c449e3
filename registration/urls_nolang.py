"""Registration addresses without a language prefix (files, machine endpoints)."""

from registration.badges import urls as badges
from registration.certificates import urls as certificates
from registration.checkin import urls as checkin
from registration.doors import urls as doors
from registration.letters import urls as letters
from registration.mailings import urls as mailings
from registration.verification import urls as verification

app_name = "registration_files"

urlpatterns = [
    *checkin.file_urlpatterns,
    *doors.file_urlpatterns,
    *badges.file_urlpatterns,
    *mailings.file_urlpatterns,
    *letters.file_urlpatterns,
    *certificates.file_urlpatterns,
    *verification.file_urlpatterns,
]
