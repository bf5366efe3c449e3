"""A token bucket per key: a burst of ``burst`` requests, then ``per_second`` sustained.

The bucket is one row in the database that every web process shares, taken in one statement (an upsert that
refills, takes a token or refuses, and says which): atomic across processes and machines, and one round trip
on the door's hot path. Django's database cache needs a read, a write and a count of its table per request,
which on PostgreSQL under load cost more than the scan itself.
"""

import time

from django.db import connection, models


class RateBucket(models.Model):
    key = models.CharField(max_length=200, primary_key=True)
    tokens = models.FloatField()
    stamp = models.FloatField()  # seconds since the epoch of the last request
    refused = models.BooleanField(default=False)  # whether that request was refused

    class Meta:
        db_table = "plenary_ratebucket"

    def __str__(self) -> str:
        return self.key


_TABLE = "plenary_ratebucket"
_AVAILABLE = "{smaller}(%s, {table}.tokens + (excluded.stamp - {table}.stamp) * %s)"
# The table and the function names are constants: only the key and the numbers are parameters.
_UPSERT = (
    "INSERT INTO {table} (key, tokens, stamp, refused) VALUES (%s, %s, %s, %s) "
    "ON CONFLICT (key) DO UPDATE SET "
    "tokens = CASE WHEN {available} >= 1 THEN {available} - 1 ELSE {available} END, "
    "refused = {available} < 1, stamp = excluded.stamp "
    "RETURNING refused"
)


def rate_limit_exceeded(*, key: str, burst: int, per_second: float, now: float | None = None) -> bool:
    """Takes one token from the bucket ``key``; True when it is empty (the request is refused). Call it outside
    the caller's transaction: a transaction rolled back gives the token back."""
    now = time.time() if now is None else now
    smaller = "LEAST" if connection.vendor == "postgresql" else "MIN"
    available = _AVAILABLE.format(smaller=smaller, table=_TABLE)
    rate = (float(burst), float(per_second))
    with connection.cursor() as cursor:
        cursor.execute(
            _UPSERT.format(table=_TABLE, available=available),
            [key[:200], float(burst) - 1, now, False, *rate, *rate, *rate, *rate],
        )
        (refused,) = cursor.fetchone()
    return bool(refused)
