"""Hostile input never gets a 5xx or a traceback: deep JSON, long paths, symbolic links out
of the site folder, 405 with Allow, oversized chunked bodies (413 under a real gunicorn),
the server's own 400 and 431 as problem+json on /api/."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from benchmarks.flood import Client, serve
from benchmarks.vote_load import CONTEST
from voting import guards

from .voting_fixtures import OPEN, REGIONAL, Clock, make_app, verified

API = "/api/v1"
BALLOTS = f"{API}/contests/{REGIONAL}/ballots"


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = json.loads(response.get_data())
    assert body["status"] == status and body["detail"]
    return body


def test_deeply_nested_json_is_malformed_not_a_crash(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    voter = verified(app)
    deep = "[" * 2000 + "]" * 2000  # 4 KB: within the body limit
    _problem(voter.post(BALLOTS, data=deep, content_type="application/json"), 422)
    nested = '{"a":' * 2000 + "1" + "}" * 2000
    _problem(voter.post(BALLOTS, data=nested[:4000], content_type="application/json"), 422)
    _problem(
        app.test_client().post(
            f"{API}/contests/{REGIONAL}/credential", data=deep, content_type="application/json"
        ),
        422,
    )
    assert "Traceback" not in caplog.text and "RecursionError" not in caplog.text
    # Brackets inside strings are text, and ordinary ballots still pass.
    assert voter.post(BALLOTS, json={"candidate": "[" * 100}).status_code == 422  # unknown candidate
    assert voter.post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code == 201


def test_the_depth_scan_counts_only_brackets_outside_strings() -> None:
    assert guards._depth_exceeds("[" * 33, 32)
    assert not guards._depth_exceeds("[" * 32 + "]" * 32, 32)
    assert not guards._depth_exceeds(json.dumps({"x": "[{" * 100 + '\\"'}), 32)


def test_405_names_the_allowed_methods(client: FlaskClient) -> None:
    response = client.delete(f"{API}/contests/{REGIONAL}")
    _problem(response, 405)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD", "OPTIONS"}
    response = client.get(BALLOTS)
    _problem(response, 405)
    assert "POST" in response.headers["Allow"]


def test_the_servers_own_400_and_431_are_problems_on_the_api(app: Flask, client: FlaskClient) -> None:
    from werkzeug.exceptions import BadRequest, RequestHeaderFieldsTooLarge

    @app.get("/api/v1/_raise/<int:status>")
    def _raise(status: int) -> str:  # what werkzeug raises itself on a broken request
        raise BadRequest() if status == 400 else RequestHeaderFieldsTooLarge()

    assert _problem(client.get("/api/v1/_raise/400"), 400)["type"].endswith("/bad_request")
    assert _problem(client.get("/api/v1/_raise/431"), 431)["type"].endswith("/headers_too_large")


def test_long_path_segments_are_404s_without_a_traceback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = _site(tmp_path)
    client = make_app(tmp_path / "app", Clock(OPEN), TOP100_SITE_DIR=str(site)).test_client()
    for path in [
        "/" + "a" * 300,
        "/ru/" + "b" * 300 + "/",
        "/x/" + "c" * 300 + "/index.html",
        f"{API}/receipts/{'d' * 300}",
    ]:
        response = client.get(path)
        assert response.status_code == 404, path
    assert "Traceback" not in caplog.text and "File name too long" not in caplog.text


def _site(tmp_path: Path) -> Path:
    site, outside = tmp_path / "site", tmp_path / "outside"
    (site / "x").mkdir(parents=True)
    outside.mkdir()
    (site / "index.html").write_text("<p>home</p>")
    (site / "404.html").write_text("<p>missing</p>")
    (site / "x" / "index.html").write_text("<p>x</p>")
    (outside / "secret.txt").write_text("SECRET")
    (outside / "index.html").write_text("SECRET")
    os.symlink(outside / "secret.txt", site / "leak.txt")
    os.symlink(outside, site / "leakdir")
    os.symlink(site, site / "loop")  # a loop of links must not hang the scan
    os.symlink(site / "x" / "index.html", site / "alias.html")  # a link inside the site is fine
    return site


@pytest.mark.parametrize("whitenoise", [True, False])
def test_links_out_of_the_site_folder_are_refused(tmp_path: Path, whitenoise: bool) -> None:
    site = _site(tmp_path)
    app = make_app(tmp_path / "app", Clock(OPEN), TOP100_SITE_DIR=str(site))
    if not whitenoise:  # Flask's own fallback (a site folder missing at start-up, filled later)
        app.wsgi_app = app.wsgi_app.application  # type: ignore[attr-defined,method-assign]
    client = app.test_client()
    assert b"home" in client.get("/").data
    assert b"<p>x</p>" in client.get("/alias.html").data
    for path in ["/leak.txt", "/leakdir/secret.txt", "/leakdir/", "/leakdir/index.html"]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"SECRET" not in response.data


def test_site_scan_lists_no_file_from_outside(tmp_path: Path) -> None:
    site = _site(tmp_path)
    listed = {Path(path).relative_to(site).as_posix() for path, _ in web_site_files(site)}
    assert listed == {"index.html", "404.html", "x/index.html", "alias.html"}


def web_site_files(site: Path) -> Iterator[tuple[str, os.stat_result]]:
    from voting.web import site_files

    return site_files(str(site))


def _chunks(size: int) -> Iterator[bytes]:
    block = b" " * 65536
    for _ in range(size // len(block)):
        yield block


def test_an_oversized_chunked_body_is_413_under_gunicorn(tmp_path: Path) -> None:
    server, port, _ = serve(tmp_path)
    try:
        status, token = Client(port, "127.0.0.1").credential(CONTEST)
        assert status == 201
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            # the server may answer and close before the client has sent everything
            connection.request(
                "POST",
                f"/api/v1/contests/{CONTEST}/ballots",
                body=_chunks(10 * 1024 * 1024),
                headers=headers,
                encode_chunked=True,
            )
        response = connection.getresponse()
        assert response.status == 413
        assert response.getheader("Content-Type") == "application/problem+json"
        assert json.loads(response.read())["type"].endswith("/too_large")
        connection.close()
        # A small chunked ballot still goes through.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(
            "POST",
            f"/api/v1/contests/{CONTEST}/ballots",
            body=iter([b'{"candidate": ', b'"dias-nurlanuly"}']),
            headers=headers,
            encode_chunked=True,
        )
        assert connection.getresponse().status == 201
        connection.close()
    finally:
        server.terminate()
        server.wait(10)
    log = (tmp_path / "gunicorn.log").read_text()
    assert "Traceback" not in log
