"""The built PWA's files: gzipped for a browser that accepts it (issue 20), never a file outside the build."""

from __future__ import annotations

import gzip

import pytest

SCRIPT = "export const screen = 'today';\n" * 200  # a few KB, worth compressing


@pytest.fixture
def config_overrides(tmp_path) -> dict:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>Ritme</title>" + "<!-- shell -->" * 100)
    (dist / "assets" / "index-abc123.js").write_text(SCRIPT)
    (dist / "assets" / "tiny-abc123.js").write_text("export {};\n")
    (tmp_path / "secret.txt").write_text("not part of the build " * 100)
    return {"FRONTEND_DIST": dist}


def test_a_script_is_gzipped_for_a_browser_that_accepts_it(client):
    response = client.get("/assets/index-abc123.js", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.mimetype == "text/javascript"
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert gzip.decompress(response.data).decode() == SCRIPT
    assert len(response.data) < len(SCRIPT) / 10


def test_without_gzip_the_file_is_sent_as_it_is(client):
    response = client.get("/assets/index-abc123.js", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert response.data.decode() == SCRIPT
    response.close()  # a file sent as it is: its handle closes with the response


def test_a_tiny_file_is_not_compressed(client):
    response = client.get("/assets/tiny-abc123.js", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and "Content-Encoding" not in response.headers
    response.close()


def test_the_shell_is_gzipped_and_never_cached_stale(client):
    response = client.get("/today-or-any-route", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Cache-Control"] == "no-cache"
    assert b"<title>Ritme</title>" in gzip.decompress(response.data)


def test_a_gzipped_file_answers_not_modified_to_its_own_etag(client):
    first = client.get("/assets/index-abc123.js", headers={"Accept-Encoding": "gzip"})
    again = client.get(
        "/assets/index-abc123.js", headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304


def test_security_headers_stay_on_a_gzipped_file(client):
    response = client.get("/assets/index-abc123.js", headers={"Accept-Encoding": "gzip"})
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt"])
def test_nothing_outside_the_build_is_served(client, path):
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert b"not part of the build" not in response.data
    assert b"not part of the build" not in (gzip.decompress(response.data) if response.data[:2] == b"\x1f\x8b" else b"")
