"""deploy/plenary.env.example: every setting Plenary reads is documented there, and production settings made
from it pass `manage.py check --deploy` with nothing to report."""

import re
import secrets

from tests.plenary.test_settings import ROOT, run_manage

TEMPLATE = ROOT / "deploy" / "plenary.env.example"
# Read by Django's test run or by the tools, never by a deployment.
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE"}


def template_values() -> dict[str, str]:
    values = {}
    for line in TEMPLATE.read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def names_read_by(path) -> set[str]:
    text = path.read_text()
    return set(re.findall(r"""(?:os\.environ\.get|env_bool|env_list)\(\s*"([A-Z0-9_]+)\"""", text))


def test_every_setting_read_from_the_environment_is_in_the_template():
    read = names_read_by(ROOT / "plenary" / "settings.py") | names_read_by(ROOT / "deploy" / "gunicorn.conf.py")
    assert len(read) > 30
    assert sorted(read - set(template_values()) - NOT_SETTINGS) == []


def test_check_deploy_is_clean_with_the_template():
    values = {**template_values(), "SECRET_KEY": secrets.token_urlsafe(50)}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **values)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_template_keeps_https_on_and_debug_off():
    values = template_values()
    assert (values["DEBUG"], values["PLENARY_LOCAL_HTTP"], values["BEHIND_TLS_PROXY"]) == ("0", "0", "1")
    assert values["SECRET_KEY"] == ""  # never a shared secret


def test_local_http_is_refused_for_a_public_host_name():
    result = run_manage(
        "check", DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="plenary.example.org", PLENARY_LOCAL_HTTP="1"
    )
    assert result.returncode != 0
    assert "loopback" in result.stderr


def test_nginx_accepts_an_import_at_the_limit():
    values = template_values()
    site = (ROOT / "deploy" / "nginx-plenary.conf").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", site).group(1))
    assert megabytes * 1024 * 1024 > int(values["PLENARY_IMPORT_MAX_BYTES"])
