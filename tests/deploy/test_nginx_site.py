"""deploy/nginx-plenary.conf as shipped (TLS included) is a configuration nginx accepts: `nginx -t` with a
self-signed certificate in place of Let's Encrypt's."""

import shutil
import subprocess

import pytest

from tests.conftest import IN_CI
from tests.deploy.stack import DEPLOY_SITE, NGINX


def test_nginx_accepts_the_site(tmp_path):
    if not shutil.which(NGINX) or not shutil.which("openssl"):
        if IN_CI:
            pytest.fail("CI=true but nginx or openssl is missing")
        pytest.skip("nginx NOT INSTALLED: the nginx site is not checked (apt-get install nginx)")
    key, certificate = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    request = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=plenary.test"]
    subprocess.run(
        [*request, "-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    site = DEPLOY_SITE.read_text().replace("/etc/letsencrypt/live/plenary.example.org", str(tmp_path))
    # Unprivileged ports and files of this test only: the test checks the site, not this machine's nginx.
    site = site.replace("listen 80;", "listen 127.0.0.1:18180;").replace(
        "listen 443 ssl;", "listen 127.0.0.1:18143 ssl;"
    )
    site = "\n".join(line for line in site.splitlines() if "[::]" not in line)
    (tmp_path / "site.conf").write_text(site)
    config = tmp_path / "nginx.conf"
    config.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path};\n  proxy_temp_path {tmp_path};\n"
        f"  include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run([NGINX, "-t", "-c", str(config)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
