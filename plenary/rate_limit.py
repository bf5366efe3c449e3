"""A token bucket per key in Django's cache: a burst of ``burst`` requests, then ``per_second`` sustained.

Not atomic across processes (a read and a write): the limits it serves are generous, and a few requests more
under a race cost nothing; what matters is that a stuck scanner or a script cannot flood the server.
"""

import time

from django.core.cache import cache


def rate_limit_exceeded(*, key: str, burst: int, per_second: float, now: float | None = None) -> bool:
    """Takes one token from the bucket ``key``; True when it is empty (the request is refused)."""
    now = time.time() if now is None else now
    cache_key = f"plenary:bucket:{key}"
    tokens, stamp = cache.get(cache_key, (float(burst), now))
    tokens = min(float(burst), tokens + (now - stamp) * per_second)
    refused = tokens < 1
    if not refused:
        tokens -= 1
    cache.set(cache_key, (tokens, now), timeout=int(burst / per_second) + 60)
    return refused
