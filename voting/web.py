"""Serving the built site from the same origin as the API (for `make run` and small
deployments), and the security headers every response carries.

WhiteNoise serves the site's files (gzip and brotli copies made by `make site`, hashed
assets cached for a year); Flask sees only the API and the paths no file answers."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, request, send_from_directory
from werkzeug.exceptions import MethodNotAllowed, NotFound
from whitenoise import WhiteNoise

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

# Material's bundles (main.<hash>.min.css), the site's own scripts and style sheet
# (top100.<hash>.css, site_builder/site/assets.py) and photos (media/<hash>/<width>.webp): a
# changed file gets a new name, so browsers may keep these for a year. Pages and share cards
# keep their names and are revalidated after a minute.
_HASHED = re.compile(r"\.[0-9a-f]{8,}(\.min)?\.(css|js)$|^/media/[0-9a-f]{12,}/")


@bp.get("/", defaults={"path": ""})
@bp.get("/<path:path>")
def page(path: str) -> Response:
    root = current_app.config.get(SITE_DIR)
    if path.startswith("api/"):  # unknown API paths get the API's problem+json 404 or 405
        _api_method_not_allowed()
    if not root or path.startswith("api/"):
        abort(404)
    target = path if path and not path.endswith("/") else f"{path}index.html"
    try:
        if inside(Path(root), target, directory=True):
            target = f"{target.rstrip('/')}/index.html"
        if not inside(Path(root), target):
            raise NotFound()
        return send_from_directory(root, target)
    except NotFound:
        missing = send_from_directory(root, not_found_page(Path(root), path))
        missing.status_code = 404
        return missing


def inside(root: Path, relative: str, directory: bool = False) -> bool:
    """Whether ``relative`` names a file (or folder) of the site that really lies inside
    it: a symbolic link leading out of the site folder is refused, and a name too long
    for the file system (ENAMETOOLONG, a 500 before) is simply not there."""
    try:
        found = (root / relative).resolve(strict=True)
        base = root.resolve(strict=True)
    except (OSError, RuntimeError):  # missing, too long, a loop of links
        return False
    return found.is_relative_to(base) and (found.is_dir() if directory else found.is_file())


def _api_method_not_allowed() -> None:
    """A GET to an API path that takes only other methods (POST .../ballots) lands on this
    catch-all: answer 405 with the methods the path does take, not 404."""
    methods = current_app.url_map.bind_to_environ(request.environ).allowed_methods()
    others = set(methods) - {"GET", "HEAD", "OPTIONS"}
    if others:
        raise MethodNotAllowed(valid_methods=sorted(others | {"OPTIONS"}))


def not_found_page(root: Path, path: str) -> str:
    """The 404 page in the language of the path's prefix (ru/..., en/...; Kazakh at /)."""
    lang = path.split("/", 1)[0]
    page = f"{lang}/404.html"
    return page if lang.isalpha() and inside(root, page) else "404.html"


def headers_for(path: str) -> dict[str, str]:
    """The security headers of a response to ``path`` (the API's or the site's)."""
    return {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Content-Security-Policy": API_CSP if path.startswith("/api/") else SITE_CSP,
    }


def security_headers(response: Response) -> Response:
    headers = response.headers
    for name, value in headers_for(request.path).items():
        headers.setdefault(name, value)
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
    if request.path.startswith("/api/"):
        headers.setdefault("Cache-Control", "no-store")
    return response


def _immutable(path: str, url: str) -> bool:
    return bool(_HASHED.search(url))


def _file_headers(headers: Any, path: str, url: str) -> None:
    for name, value in headers_for(url).items():
        headers[name] = value


def site_files(root: str) -> Iterator[tuple[str, os.stat_result]]:
    """The site's files as WhiteNoise's scan lists them, without what a symbolic link
    would bring in from outside the site folder (WhiteNoise follows every link)."""
    base = os.path.realpath(root)
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if _within(os.path.join(folder, d), base)]
        for name in files:
            path = os.path.join(folder, name)
            if _within(path, base):
                try:
                    yield path, os.stat(path)
                except OSError as error:  # a dangling link
                    if error.errno not in (errno.ENOENT, errno.ELOOP):
                        raise


def _within(path: str, base: str) -> bool:
    return os.path.commonpath([os.path.realpath(path), base]) == base


class SiteFiles(WhiteNoise):  # type: ignore[misc]
    def update_files_dictionary(self, root: str, prefix: str) -> None:
        stat_cache = dict(site_files(root))
        for path in stat_cache:
            url = prefix + path[len(root) :].replace("\\", "/")
            self.add_file_to_dictionary(url, path, stat_cache=stat_cache)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.after_request(security_headers)
    root = app.config.get(SITE_DIR)
    if root and Path(root).is_dir():
        app.wsgi_app = SiteFiles(  # type: ignore[method-assign]
            app.wsgi_app,
            root=root,
            index_file=True,
            max_age=60,  # pages change with each build; hashed files are immutable (above)
            immutable_file_test=_immutable,
            add_headers_function=_file_headers,
        )
