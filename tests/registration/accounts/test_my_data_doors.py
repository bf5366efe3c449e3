"""A delegate's data download names the door they came in by (a door record since issue 13)."""

from registration.checkin.services import checkin_registration
from registration.models import Registration
from tests.factories import DoorFactory


def test_a_delegates_data_download_names_the_door_they_came_in_by(delegate_client, delegate_registration):
    door = DoorFactory(conference=delegate_registration.conference, name_en="Main entrance")
    Registration.objects.filter(pk=delegate_registration.pk).update(status="approved")
    delegate_registration.refresh_from_db()
    checkin_registration(
        conference=delegate_registration.conference, registration=delegate_registration, door=door, by=None
    )

    data = delegate_client.get("/en/me/data.json").json()

    assert [c["door"] for r in data["registrations"] for c in r["check_ins"]] == ["Main entrance"]
