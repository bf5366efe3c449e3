"""/healthz: green when the database answers and a task worker wrote its heartbeat lately; red (503) otherwise,
for anyone, without a word about people, versions, hosts or workers."""

import datetime as dt
import threading

import pytest
from django.db import DatabaseError
from django.utils import timezone

from plenary.jobs.models import WorkerHeartbeat
from plenary.jobs.workers import heartbeat_start, worker_heartbeat
from tests.conftest import login_without_second_factor

pytestmark = pytest.mark.django_db


def test_red_without_any_worker(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "ok", "worker": "down"}


def test_green_with_a_worker_alive(client):
    worker_heartbeat(worker="web-1:4242")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "worker": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]
    assert b"web-1" not in response.content and b"4242" not in response.content


def test_red_when_the_worker_has_been_quiet_for_longer_than_the_limit(client, settings):
    settings.PLENARY_WORKER_DEAD_MINUTES = 5
    worker_heartbeat(worker="w:1", now=timezone.now() - dt.timedelta(minutes=6))
    assert client.get("/healthz").status_code == 503
    worker_heartbeat(worker="w:1", now=timezone.now() - dt.timedelta(minutes=4))
    assert client.get("/healthz").status_code == 200


def test_red_when_the_database_does_not_answer(client, monkeypatch):
    worker_heartbeat(worker="w:1")

    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("plenary.health.connection.cursor", broken)
    response = client.get("/healthz")
    assert (response.status_code, response.json()["database"]) == (503, "down")


def test_no_language_prefix_no_login_no_https_redirect(client, settings, secretariat_user):
    settings.SECURE_SSL_REDIRECT = True
    worker_heartbeat(worker="w:1")
    assert client.get("/healthz").status_code == 200  # a load balancer checking the web server over http
    assert client.get("/en/").status_code == 301
    assert client.get("/en/healthz").status_code in {301, 404}
    # A privileged account that has not passed its second factor is not sent to the MFA page either.
    login_without_second_factor(client, secretariat_user)
    assert client.get("/healthz").status_code == 200
    assert client.get("/en/", secure=True).status_code == 302


def test_only_reads(client):
    assert client.post("/healthz").status_code == 405


def test_old_heartbeats_are_forgotten():
    worker_heartbeat(worker="gone:1", now=timezone.now() - dt.timedelta(days=2))
    worker_heartbeat(worker="here:2")
    assert list(WorkerHeartbeat.objects.values_list("worker", flat=True)) == ["here:2"]


@pytest.mark.django_db(transaction=True)
def test_the_worker_beats_from_its_own_thread():
    stop = threading.Event()
    stop.set()  # one beat, then the thread ends
    heartbeat_start(worker="host:99", stop=stop).join(timeout=30)
    assert WorkerHeartbeat.objects.get().worker == "host:99"
