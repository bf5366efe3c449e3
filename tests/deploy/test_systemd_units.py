"""The systemd units in deploy/ are units systemd accepts (`systemd-analyze verify`), the workers below the web."""

import shutil
import subprocess

import pytest

from tests.plenary.test_settings import ROOT

UNITS = ["plenary-web.service", "plenary-worker@.service"]


def test_systemd_accepts_the_units(tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze not installed: the units are not checked")
    paths = []
    for name in UNITS:
        # An instance name for the template; the code is not installed in /srv/plenary here.
        path = tmp_path / name.replace("@.", "@1.")
        path.write_text((ROOT / "deploy" / name).read_text())
        paths.append(str(path))
    result = subprocess.run(["systemd-analyze", "verify", *paths], capture_output=True, text=True, check=False)
    problems = [line for line in result.stderr.splitlines() if line and "is not executable" not in line]
    assert problems == []


def test_workers_run_at_a_lower_priority_than_the_web():
    web = (ROOT / "deploy" / "plenary-web.service").read_text()
    worker = (ROOT / "deploy" / "plenary-worker@.service").read_text()
    assert "Nice=0" in web and "Nice=10" in worker
    assert "ExecStart=/srv/plenary/.venv/bin/python manage.py run_worker" in worker
    assert "-c deploy/gunicorn.conf.py" in web
