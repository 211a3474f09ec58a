"""The built site and the API from one origin, as `make run` serves them."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

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
    # Without its slash a page's relative links would miss: the server redirects.
    bare = client.get("/ru/about")
    assert bare.status_code == 302 and bare.headers["Location"] in {"about/", "/ru/about/"}
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


def test_missing_pages_answer_in_the_language_of_their_prefix(tmp_path: Path, clock: Clock) -> None:
    site = tmp_path / "site"
    for lang, text in (("", "Бет табылмады"), ("ru/", "Страница не найдена"), ("en/", "Page not found")):
        (site / lang).mkdir(parents=True, exist_ok=True)
        (site / lang / "404.html").write_text(f"<html>{text}</html>", encoding="utf-8")
    client = make_app(tmp_path / "app", clock, TOP100_SITE_DIR=str(site)).test_client()
    for path, text in (
        ("/no/such/", "Бет табылмады"),
        ("/ru/2026/nobody/", "Страница не найдена"),
        ("/en/nothing", "Page not found"),
        ("/de/nothing", "Бет табылмады"),
    ):
        reply = client.get(path)
        assert reply.status_code == 404 and text in reply.get_data(as_text=True), path


def test_compressed_files_and_year_long_caching_of_hashed_assets(tmp_path: Path, clock: Clock) -> None:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    page = "<html lang=kk>" + "басты бет " * 400 + "</html>"
    (site / "index.html").write_text(page, encoding="utf-8")
    (site / "index.html.gz").write_bytes(gzip.compress(page.encode()))
    (site / "index.html.br").write_bytes(brotli.compress(page.encode()))
    (site / "assets" / "main.0123abcd.min.css").write_text("body{}", encoding="utf-8")
    (site / "assets" / "top100.css").write_text("body{}", encoding="utf-8")
    (site / "assets" / "top100.0123456789.css").write_text("body{}", encoding="utf-8")
    (site / "media" / "16faa89d94fa7473565c").mkdir(parents=True)
    (site / "media" / "16faa89d94fa7473565c" / "240.webp").write_bytes(b"RIFF")
    client = make_app(tmp_path / "app", clock, TOP100_SITE_DIR=str(site)).test_client()
    br = client.get("/", headers={"Accept-Encoding": "gzip, br"})
    assert br.headers["Content-Encoding"] == "br"
    assert brotli.decompress(br.get_data()).decode() == page
    assert "frame-ancestors 'none'" in br.headers["Content-Security-Policy"]
    assert br.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" not in br.headers["Cache-Control"]
    gz = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip" and gzip.decompress(gz.get_data()).decode() == page
    plain = client.get("/")
    assert "Content-Encoding" not in plain.headers and plain.get_data(as_text=True) == page
    css = client.get("/assets/main.0123abcd.min.css")
    assert css.status_code == 200 and "max-age=315360000" in css.headers["Cache-Control"]
    assert "immutable" in css.headers["Cache-Control"]
    photo = client.get("/media/16faa89d94fa7473565c/240.webp")
    assert "immutable" in photo.headers["Cache-Control"]
    own = client.get("/assets/top100.0123456789.css")  # the site's own, by its content hash
    assert "immutable" in own.headers["Cache-Control"]
    unhashed = client.get("/assets/top100.css")  # the plain copy, for pages built before: revalidated
    assert unhashed.headers["Cache-Control"] == "max-age=60, public"
    assert client.get("/api/v1/health").headers["Cache-Control"] == "no-store"
