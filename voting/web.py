"""Serving the built site from the same origin as the API (for `make run` and small
deployments), and the security headers every response carries."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, request, send_from_directory
from werkzeug.exceptions import NotFound

from .settings import SITE_DIR

bp = Blueprint("site", __name__)

# No inline script or style: Material's head script is a file (themes/assets/material-head.js)
# and content HTML is sanitised (site_builder/site/markup.py), so a script that slipped into a
# text could not run on the vote's origin. 'wasm-unsafe-eval' is Pagefind's WebAssembly;
# nothing may come from another origin. tests/test_csp.py holds a real browser to this.
SITE_CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
    "style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
API_CSP = "default-src 'none'; frame-ancestors 'none'"


@bp.get("/", defaults={"path": ""})
@bp.get("/<path:path>")
def page(path: str) -> Response:
    root = current_app.config.get(SITE_DIR)
    if not root or path.startswith("api/"):  # unknown API paths get the API's problem+json 404
        abort(404)
    target = path if path and not path.endswith("/") else f"{path}index.html"
    try:
        if (Path(root) / target).is_dir():
            target = f"{target.rstrip('/')}/index.html"
        return send_from_directory(root, target)
    except NotFound:
        missing = send_from_directory(root, "404.html")
        missing.status_code = 404
        return missing


def security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Content-Security-Policy", API_CSP if request.path.startswith("/api/") else SITE_CSP)
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
    if request.path.startswith("/api/"):
        headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.after_request(security_headers)
