from tests.registration.doors.conftest import _fresh_rate_limits, device_client, door  # noqa: F401  (the doors')
