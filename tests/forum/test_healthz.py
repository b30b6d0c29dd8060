"""/healthz against the real services, and against a Redis that stops under it."""

import json
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import free_port, start_daphne, start_redis


def get_json(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - local test server
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.django_db
def test_healthz_reports_every_service_ok(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "mode": settings.PLENARIA_MODE,
        "database": "ok",
        "channel_layer": "ok",
        "broker": "ok",
    }


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_healthz_reports_a_stopped_redis_as_503(tmp_path):
    port = free_port()
    redis = start_redis(port)
    server, base = start_daphne(tmp_path, REDIS_URL=f"redis://127.0.0.1:{port}/0")
    try:
        status, body = get_json(f"{base}/healthz")
        assert status == 200, body
        assert body == {
            "status": "ok",
            "mode": "services",
            "database": "ok",
            "channel_layer": "ok",
            "broker": "ok",
        }

        redis.terminate()
        redis.wait(timeout=10)
        status, body = get_json(f"{base}/healthz")
        assert status == 503
        assert body["status"] == "error"
        assert body["database"] == "ok"
        assert body["channel_layer"].startswith("error:")
        assert body["broker"].startswith("error:")

        # Redis comes back: so does the health of the process, without a restart.
        redis = start_redis(port)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            status, body = get_json(f"{base}/healthz")
            if status == 200:
                break
            time.sleep(0.5)
        assert status == 200, body
    finally:
        server.stop()
        redis.terminate()
        redis.wait(timeout=10)
