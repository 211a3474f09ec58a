"""The baseline of the vote benchmark: a bare Flask endpoint doing one raw SQLite INSERT
per request, on a connection opened per request with the service's own pragmas."""

from __future__ import annotations

import os
import sqlite3

from flask import Flask, request

app = Flask(__name__)
DATABASE = os.environ.get("BARE_DATABASE", "bare.sqlite3")
PRAGMAS = "PRAGMA journal_mode=wal; PRAGMA synchronous=full; PRAGMA busy_timeout=10000;"


@app.post("/ballot")
def ballot() -> tuple[str, int]:
    connection = sqlite3.connect(DATABASE, timeout=10)
    try:
        connection.executescript(PRAGMAS)
        connection.execute(
            "INSERT INTO ballot (voter, body) VALUES (?, ?)",
            (request.cookies.get("t100_voter", ""), request.get_data(as_text=True)),
        )
        connection.commit()
    finally:
        connection.close()
    return "", 201


def create_schema(path: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.executescript(
            PRAGMAS + "CREATE TABLE IF NOT EXISTS ballot (id INTEGER PRIMARY KEY, voter TEXT, body TEXT);"
        )
