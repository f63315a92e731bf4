"""The production setup runs: gunicorn with DEBUG off serves the health check, the login page
and a collected static file (what `make serve` does, docs/deployment.md)."""

import importlib.util
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(tmp_path: Path) -> dict[str, str]:
    """The variables `make serve` sets, on a database and static folder of this test's own."""
    keep = {"PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 (this interpreter, the project's manage.py)
        [sys.executable, "manage.py", *args, "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def gunicorn_required():
    if importlib.util.find_spec("gunicorn") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but gunicorn is not installed (pyproject.toml pins it)")
        pytest.skip("gunicorn is not installed: pip install -e . installs it")


def test_gunicorn_serves_the_app_with_debug_off(tmp_path, gunicorn_required):
    env = production_environment(tmp_path)
    manage(env, "migrate")
    manage(env, "collectstatic", "--noinput")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 (this interpreter, gunicorn)
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "1", "--access-logfile", "-"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, body = get(f"{base}/healthz")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                time.sleep(0.2)
        assert (status, json.loads(body)) == (200, {"status": "ok"})

        status, headers, body = get(f"{base}/readyz")
        assert status == 200, body

        status, headers, body = get(f"{base}/accounts/login/")
        assert status == 200
        assert b'name="csrfmiddlewaretoken"' in body
        # DEBUG is off: an unknown page gets the styled 404, not Django's debug page.
        status, _, body = get(f"{base}/no-such-page/")
        assert status in {302, 404}
        assert b"URLconf" not in body

        manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
        hashed = next(v for k, v in manifest["paths"].items() if k.endswith(".css"))
        status, headers, body = get(f"{base}/static/{hashed}")
        assert status == 200 and body
        assert "immutable" in headers.get("Cache-Control", "")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        finally:
            if server.poll() is None:
                server.kill()
            server.stdout.close()
    assert server.returncode == 0
