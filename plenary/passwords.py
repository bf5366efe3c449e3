"""How passwords are stored: Argon2id, at the configuration OWASP's Password Storage Cheat Sheet gives first.

Django ships PBKDF2 as its default and recommends Argon2 when argon2-cffi is installed. PBKDF2 at Django 6.1's
1,500,000 iterations costs about 450 ms of a core on this project's 2-core machine, at every sign-up and login;
that one hash set the ceiling of the registration rush (bench/load_rush.py). Argon2id with 19 MiB of memory and
two passes costs about 23 ms, and being memory-hard it costs an attacker's graphics cards far more per guess than
PBKDF2 does. Stored PBKDF2 hashes keep working and are rewritten as Argon2id at the owner's next login (Django's
`must_update`), because PBKDF2 stays in PASSWORD_HASHERS after this one.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Django's Argon2 hasher (same algorithm name and format) with OWASP's parameters instead of 100 MiB and 8
    lanes: 19 MiB, 2 passes, 1 lane, which needs no threads in a gunicorn worker."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
