"""Bench only (bench/load_rush.py --fast-hasher): the production settings with an MD5 password hasher, to see what
the rest of the stack sustains without PBKDF2's cost. Never used outside the bench; the output says so loudly."""

from plenary.settings import *  # noqa: F403 (the production settings, unchanged but for the hasher)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
