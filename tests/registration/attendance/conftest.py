from tests.registration.doors.conftest import _fresh_rate_limits, door  # noqa: F401  (the doors' fixtures)
