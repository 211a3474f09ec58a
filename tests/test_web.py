"""The built site and the API from one origin, as `make run` serves them."""

from __future__ import annotations

from pathlib import Path

from .voting_fixtures import Clock, make_app


def test_the_site_is_served_beside_the_api(tmp_path: Path, clock: Clock) -> None:
    site = tmp_path / "site"
    (site / "ru" / "about").mkdir(parents=True)
    (site / "index.html").write_text("<html lang=kk>басты</html>", encoding="utf-8")
    (site / "ru" / "about" / "index.html").write_text("<html lang=ru>о проекте</html>", encoding="utf-8")
    (site / "404.html").write_text("<html>404</html>", encoding="utf-8")
    client = make_app(tmp_path / "app", clock, TOP100_SITE_DIR=str(site)).test_client()
    home = client.get("/")
    assert home.status_code == 200 and "басты" in home.get_data(as_text=True)
    assert "frame-ancestors 'none'" in home.headers["Content-Security-Policy"]
    assert client.get("/ru/about/").status_code == 200
    assert client.get("/ru/about").status_code == 200
    missing = client.get("/no/such/page/")
    assert missing.status_code == 404 and "404" in missing.get_data(as_text=True)
    assert client.get("/../../etc/passwd").status_code == 404
    assert client.get("/api/v1/health").status_code == 200
    unknown = client.get("/api/v1/no-such-thing")
    assert unknown.status_code == 404 and unknown.mimetype == "application/problem+json"


def test_cors_only_for_configured_site_origins(tmp_path: Path, clock: Clock) -> None:
    client = make_app(tmp_path, clock, TOP100_CORS_ORIGINS=["https://top100.example.kz"]).test_client()
    allowed = client.get("/api/v1/contests", headers={"Origin": "https://top100.example.kz"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://top100.example.kz"
    other = client.get("/api/v1/contests", headers={"Origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    default = make_app(tmp_path / "same-origin", clock).test_client()
    assert (
        "Access-Control-Allow-Origin"
        not in default.get("/api/v1/contests", headers={"Origin": "https://top100.example.kz"}).headers
    )
