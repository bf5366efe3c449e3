"""Registration pages under the language prefix (/<lang>/...): each capability brings its own."""

from registration.accounts import urls as accounts
from registration.attendance import urls as attendance
from registration.badges import urls as badges
from registration.certificates import urls as certificates
from registration.checkin import urls as checkin
from registration.doors import urls as doors
from registration.letters import urls as letters
from registration.mailings import urls as mailings
from registration.self_service import urls as self_service
from registration.spreadsheets import urls as spreadsheets
from registration.vetting import urls as vetting

app_name = "registration"

urlpatterns = [
    *accounts.urlpatterns,
    *self_service.urlpatterns,
    *vetting.urlpatterns,
    *spreadsheets.urlpatterns,
    *badges.urlpatterns,
    *checkin.urlpatterns,
    *doors.urlpatterns,
    *attendance.urlpatterns,
    *mailings.urlpatterns,
    *letters.urlpatterns,
    *certificates.urlpatterns,
]
