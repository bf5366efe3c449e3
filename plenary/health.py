"""``/healthz`` for load balancers and monitoring: is the database reachable, is a task worker alive?

200 when both are, 503 otherwise. It names no person, version, host or worker: only ``ok`` or ``down`` per part,
so it can be open to anyone (no language prefix, no login, no second factor, no HTTPS redirect).
"""

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from plenary.jobs.workers import workers_alive


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": "down", "worker": "down"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        if workers_alive():
            checks["worker"] = "ok"
    except DatabaseError:
        pass
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse({"status": "ok" if healthy else "down", **checks}, status=200 if healthy else 503)
