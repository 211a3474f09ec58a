"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

HASH = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
SALT = {"type": "string", "pattern": "^[0-9a-f]{32}$"}
SEALED = "null while a sealed vote is open; published when it closes"
TEXT3 = {
    "type": "object",
    "required": ["kk", "ru", "en"],
    "additionalProperties": False,
    "properties": {lang: {"type": "string"} for lang in ("kk", "ru", "en")},
}


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _json(description: str, schema: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }
    if headers:
        response["headers"] = headers
    return response


CONTEST_ID = {
    "name": "contest_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 100},
}
LANGUAGE = {
    "name": "Accept-Language",
    "in": "header",
    "required": False,
    "description": "kk, ru or en: the language of error titles and details.",
    "schema": {"type": "string"},
}
NOT_FOUND = _problem("No such contest.")


def document() -> dict[str, Any]:
    schemas: dict[str, Any] = {
        "Problem": {
            "type": "object",
            "required": ["type", "title", "status", "detail"],
            "properties": {
                "type": {"type": "string"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
                "closes": {"type": "string", "format": "date-time"},
            },
        },
        "ContestSummary": {
            "type": "object",
            "required": [
                "id",
                "year",
                "stage",
                "scope",
                "title",
                "opens",
                "closes",
                "status",
                "results",
                "advance",
            ],
            "properties": {
                "id": {"type": "string"},
                "year": {"type": "integer"},
                "stage": {"enum": ["college", "region", "republic"]},
                "scope": {
                    "type": "string",
                    "description": "college:<id>, region:<ISO 3166-2:KZ code> or national",
                },
                "title": TEXT3,
                "opens": {"type": "string", "format": "date-time"},
                "closes": {"type": "string", "format": "date-time"},
                "status": {
                    "enum": ["upcoming", "open", "closed"],
                    "description": "computed in Asia/Almaty time",
                },
                "results": {"enum": ["live", "sealed"]},
                "advance": {"type": "integer"},
                "demo": {"type": "boolean"},
                "verification": {"$ref": "#/components/schemas/Verification"},
            },
        },
        "Verification": {
            "type": "object",
            "required": ["method"],
            "properties": {
                "method": {"enum": ["device", "email", "telegram", "codes"]},
                "bot": {"type": ["string", "null"], "description": "telegram: the bot's username"},
                "bot_id": {"type": ["string", "null"], "description": "telegram: the bot's numeric id"},
            },
        },
        "CredentialRequest": {
            "description": (
                "By the contest's method: device {altcha: base64 ALTCHA v2 payload of a solved "
                "challenge}; email {email, code}; telegram {telegram: Login Widget fields}; "
                "codes {code: a printed access code}."
            ),
            "type": "object",
            "minProperties": 1,
            "additionalProperties": False,
            "properties": {
                "altcha": {"type": "string"},
                "email": {"type": "string"},
                "code": {"type": "string"},
                "telegram": {"type": "object"},
            },
        },
        "Credential": {
            "type": "object",
            "required": ["contest", "method", "credential"],
            "properties": {
                "contest": {"type": "string"},
                "method": {"type": "string"},
                "credential": {
                    "type": "string",
                    "description": "also set as an HttpOnly cookie; API clients send Authorization: Bearer",
                },
            },
        },
        "Candidate": {
            "type": "object",
            "required": ["id", "name", "withdrawn"],
            "properties": {"id": {"type": "string"}, "name": TEXT3, "withdrawn": {"type": "boolean"}},
        },
        "Tally": {
            "type": "object",
            "required": ["total", "as_of", "tally"],
            "properties": {
                "total": {"type": "integer"},
                "as_of": {"type": "string", "format": "date-time"},
                "tally": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["candidate", "votes"],
                        "properties": {
                            "candidate": {"type": "string"},
                            "votes": {"type": "integer"},
                            "withdrawn": {"type": "boolean"},
                        },
                    },
                },
            },
        },
        "Contest": {
            "allOf": [
                {"$ref": "#/components/schemas/ContestSummary"},
                {
                    "type": "object",
                    "properties": {
                        "candidates": {"type": "array", "items": {"$ref": "#/components/schemas/Candidate"}},
                        "tally": {"$ref": "#/components/schemas/Tally"},
                    },
                },
            ]
        },
        "ContestList": {
            "type": "object",
            "required": ["contests"],
            "properties": {
                "contests": {"type": "array", "items": {"$ref": "#/components/schemas/ContestSummary"}}
            },
        },
        "Results": {
            "allOf": [
                {"$ref": "#/components/schemas/Tally"},
                {
                    "type": "object",
                    "properties": {"contest": {"type": "string"}, "status": {"enum": ["open", "closed"]}},
                },
            ]
        },
        "BallotRequest": {
            "type": "object",
            "required": ["candidate"],
            "additionalProperties": False,
            "properties": {"candidate": {"type": "string", "description": "the candidate's profile id"}},
        },
        "Receipt": {
            "type": "object",
            "required": ["receipt", "contest", "seq", "time", "salt", "check"],
            "properties": {
                "receipt": HASH,
                "contest": {"type": "string"},
                "seq": {"type": "integer"},
                "time": {"type": "string"},
                "salt": {
                    **SALT,
                    "description": "the entry's secret: with it the voter can recompute the receipt "
                    "from their own candidate (docs/ledger.md); in a sealed vote, no one else sees it "
                    "before the vote closes",
                },
                "check": {"type": "string"},
            },
        },
        "LedgerEntry": {
            "type": "object",
            "description": "One line of the ledger download (docs/ledger.md); hash = SHA-256 of the "
            "RFC 8785 form of every field but hash.",
            "required": [
                "contest",
                "seq",
                "kind",
                "candidate",
                "ref",
                "reason",
                "tally",
                "time",
                "prev",
                "salt",
                "hash",
            ],
            "properties": {
                "contest": {"type": "string"},
                "seq": {"type": "integer", "minimum": 1},
                "kind": {"enum": ["ballot", "void", "close"]},
                "candidate": {"type": ["string", "null"], "description": SEALED},
                "ref": {"type": ["integer", "null"], "description": f"the voided entry; {SEALED}"},
                "reason": {"type": ["string", "null"], "description": f"why it was voided; {SEALED}"},
                "tally": {
                    "type": ["object", "null"],
                    "additionalProperties": {"type": "integer"},
                    "description": "the close entry's final tally",
                },
                "time": {"type": "string", "description": "UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ"},
                "prev": HASH,
                "salt": {"anyOf": [SALT, {"type": "null"}], "description": SEALED},
                "hash": HASH,
            },
        },
        "Checkpoint": {
            "type": "object",
            "description": "An Ed25519 signature over the RFC 8785 form of checkpoint.",
            "required": ["checkpoint", "key", "signature"],
            "properties": {
                "checkpoint": {
                    "type": "object",
                    "required": ["contest", "seq", "hash", "time", "voids"],
                    "properties": {
                        "contest": {"type": "string"},
                        "seq": {"type": "integer"},
                        "hash": HASH,
                        "time": {"type": "string"},
                        "voids": {"type": "integer", "description": "void entries up to seq"},
                    },
                },
                "key": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "signature": {"type": "string", "pattern": "^[0-9a-f]{128}$"},
            },
        },
        "LedgerKey": {
            "type": "object",
            "required": ["algorithm", "key"],
            "properties": {
                "algorithm": {"const": "Ed25519"},
                "key": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "format": {"type": "string"},
            },
        },
        "ReceiptStatus": {
            "allOf": [
                {"$ref": "#/components/schemas/LedgerEntry"},
                {
                    "type": "object",
                    "required": ["voided"],
                    "properties": {
                        "voided": {
                            "type": ["boolean", "null"],
                            "description": "null while a sealed vote is open",
                        },
                        "void": {
                            "type": "object",
                            "properties": {
                                "seq": {"type": "integer"},
                                "reason": {"type": "string"},
                                "time": {"type": "string"},
                            },
                        },
                    },
                },
            ]
        },
        "Health": {"type": "object", "required": ["status"], "properties": {"status": {"const": "ok"}}},
    }
    retry = {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "TOP 100 public vote",
            "version": "1.0.0",
            "description": "Public votes of the college and regional stages of the programme "
            "TOP 100 college students of Kazakhstan. One ballot per voter per vote; "
            "every accepted ballot is an entry of a public hash chain.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/contests": {
                "get": {
                    "operationId": "listContests",
                    "parameters": [LANGUAGE],
                    "responses": {"200": _json("All contests.", "ContestList")},
                }
            },
            "/contests/{contest_id}": {
                "get": {
                    "operationId": "getContest",
                    "parameters": [CONTEST_ID, LANGUAGE],
                    "responses": {
                        "200": _json("The contest, its candidates, and its tally when visible.", "Contest"),
                        "404": NOT_FOUND,
                    },
                }
            },
            "/contests/{contest_id}/challenge": {
                "get": {
                    "operationId": "getChallenge",
                    "parameters": [CONTEST_ID, LANGUAGE],
                    "description": "device contests: an ALTCHA v2 proof-of-work challenge (PBKDF2).",
                    "responses": {
                        "200": {"description": "The challenge", "content": {"application/json": {}}},
                        "403": _problem("The contest is not open."),
                        "404": NOT_FOUND,
                        "422": _problem("The contest uses another verification method."),
                        "429": {**_problem("Too many requests."), "headers": retry},
                    },
                }
            },
            "/contests/{contest_id}/email-code": {
                "post": {
                    "operationId": "sendEmailCode",
                    "parameters": [CONTEST_ID, LANGUAGE],
                    "description": "email contests: sends a six-digit code, valid 10 minutes.",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["email"],
                                    "additionalProperties": False,
                                    "properties": {"email": {"type": "string"}},
                                }
                            }
                        },
                    },
                    "responses": {
                        "202": {"description": "Sent", "content": {"application/json": {}}},
                        "403": _problem("The contest is not open."),
                        "404": NOT_FOUND,
                        "422": _problem("Not an e-mail address, or another verification method."),
                        "429": {**_problem("Sent a moment ago, or the address is locked."), "headers": retry},
                        "503": _problem("The message cannot be sent right now."),
                    },
                }
            },
            "/contests/{contest_id}/credential": {
                "post": {
                    "operationId": "getCredential",
                    "parameters": [CONTEST_ID, LANGUAGE],
                    "description": "Proves who the voter is by the contest's method; returns a credential "
                    "for this contest only.",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/CredentialRequest"}}
                        },
                    },
                    "responses": {
                        "201": _json("Verified.", "Credential"),
                        "403": _problem("Not open, or the proof did not verify (wrong, expired or used)."),
                        "404": NOT_FOUND,
                        "422": _problem("The body does not fit the contest's method."),
                        "429": {**_problem("Too many requests or attempts."), "headers": retry},
                        "503": _problem("The method is not available right now."),
                    },
                }
            },
            "/contests/{contest_id}/ballots": {
                "post": {
                    "operationId": "castBallot",
                    "parameters": [CONTEST_ID, LANGUAGE],
                    "description": (
                        "Casts the ballot of the voter named by this contest's credential "
                        "(cookie t100_voter_<contest>, or Authorization: Bearer)."
                    ),
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/BallotRequest"}}
                        },
                    },
                    "responses": {
                        "201": _json(
                            "Accepted; the receipt is the ledger entry's hash.",
                            "Receipt",
                            {"Location": {"schema": {"type": "string"}}},
                        ),
                        "401": _problem("No credential, or a forged or expired one."),
                        "403": _problem("The contest is not open, or the credential is another contest's."),
                        "404": NOT_FOUND,
                        "409": _problem("This voter has already voted in this contest."),
                        "413": _problem("The body is too large."),
                        "415": _problem("The body is not JSON."),
                        "422": _problem("Malformed body or unknown candidate."),
                        "429": {**_problem("Too many requests."), "headers": retry},
                        "503": _problem("Ballots cannot be accepted right now (fail closed)."),
                    },
                }
            },
            "/contests/{contest_id}/results": {
                "get": {
                    "operationId": "getResults",
                    "parameters": [CONTEST_ID, LANGUAGE],
                    "responses": {
                        "200": _json("Tallies (live votes: cached for at most 5 s).", "Results"),
                        "403": _problem("Sealed until the contest closes, or not open yet."),
                        "404": NOT_FOUND,
                    },
                }
            },
            "/contests/{contest_id}/ledger": {
                "get": {
                    "operationId": "getLedger",
                    "parameters": [CONTEST_ID, LANGUAGE],
                    "responses": {
                        "200": {
                            "description": "The hash chain then its signed checkpoints, one RFC 8785 "
                            "JSON object per line (streamed); verify with voting/ledger.py.",
                            "headers": {"Ledger-Key": {"schema": {"type": "string"}}},
                            "content": {
                                "application/x-ndjson": {
                                    "schema": {
                                        "oneOf": [
                                            {"$ref": "#/components/schemas/LedgerEntry"},
                                            {"$ref": "#/components/schemas/Checkpoint"},
                                        ]
                                    }
                                }
                            },
                        },
                        "404": NOT_FOUND,
                    },
                }
            },
            "/contests/{contest_id}/checkpoint": {
                "get": {
                    "operationId": "getCheckpoint",
                    "parameters": [CONTEST_ID, LANGUAGE],
                    "responses": {
                        "200": _json("The latest signed checkpoint of the ledger.", "Checkpoint"),
                        "404": _problem("No such contest, or its ledger is empty."),
                    },
                }
            },
            "/ledger-key": {
                "get": {
                    "operationId": "getLedgerKey",
                    "responses": {"200": _json("The public key that signs checkpoints.", "LedgerKey")},
                }
            },
            "/receipts/{code}": {
                "get": {
                    "operationId": "getReceipt",
                    "parameters": [
                        {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}},
                        LANGUAGE,
                    ],
                    "responses": {
                        "200": _json(
                            "The ledger entry of this receipt; while a sealed vote is open, only what "
                            "its sealed ledger shows.",
                            "ReceiptStatus",
                        ),
                        "404": _problem("No ballot has this receipt."),
                    },
                }
            },
            "/health": {
                "get": {
                    "operationId": "health",
                    "responses": {
                        "200": _json("The service and its database work.", "Health"),
                        "503": _problem("The database cannot be reached."),
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "responses": {
                        "200": {
                            "description": "This document.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {"schemas": schemas},
    }
