"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json: the paths are
written here, the components are generated from the models the routes answer with
(voting/schemas.py), so the two cannot drift apart."""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue, models_json_schema
from pydantic_core import core_schema

from . import schemas

REF = "#/components/schemas/{model}"


class _Generator(GenerateJsonSchema):
    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        """A member that may be absent (schemas.Absent) has no default to state: None is not
        a value of its type, and validators hold a default to the type."""
        generated = super().default_schema(schema)
        if schema.get("default", ...) is None:
            generated.pop("default", None)
        return generated


def components() -> dict[str, Any]:
    """Every model's JSON Schema (2020-12, which OpenAPI 3.1 uses), each under its name."""
    pairs = [(m, "serialization") for m in schemas.RESPONSES] + [(m, "validation") for m in schemas.REQUESTS]
    _, top = models_json_schema(pairs, ref_template=REF, schema_generator=_Generator)  # type: ignore[arg-type]
    defs: dict[str, Any] = top["$defs"]
    return defs


def _ref(model: type[schemas.Body]) -> dict[str, str]:
    return {"$ref": REF.format(model=model.__name__)}


def _problem(description: str) -> dict[str, Any]:
    content = {"application/problem+json": {"schema": _ref(schemas.Problem)}}
    return {"description": description, "content": content}


def _json(description: str, model: type[schemas.Body], headers: dict[str, Any] | None = None) -> Any:
    content = {"application/json": {"schema": _ref(model)}}
    return {"description": description, "content": content, **({"headers": headers} if headers else {})}


def _body(model: type[schemas.Body]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": _ref(model)}}}


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
                    "responses": {"200": _json("All contests.", schemas.ContestList)},
                }
            },
            "/contests/{contest_id}": {
                "get": {
                    "operationId": "getContest",
                    "parameters": [CONTEST_ID, LANGUAGE],
                    "responses": {
                        "200": _json(
                            "The contest, its candidates, and its tally when visible.", schemas.Contest
                        ),
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
                        "200": _json("The challenge.", schemas.Challenge),
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
                    "requestBody": _body(schemas.EmailCodeRequest),
                    "responses": {
                        "202": _json("Sent.", schemas.EmailCodeSent),
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
                    "requestBody": _body(schemas.CredentialRequest),
                    "responses": {
                        "201": _json("Verified.", schemas.Credential),
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
                    "requestBody": _body(schemas.BallotRequest),
                    "responses": {
                        "201": _json(
                            "Accepted; the receipt is the ledger entry's hash.",
                            schemas.Receipt,
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
                        "200": _json("Tallies (live votes: cached for at most 5 s).", schemas.Results),
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
                                            _ref(schemas.LedgerEntry),
                                            _ref(schemas.Checkpoint),
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
                        "200": _json("The latest signed checkpoint of the ledger.", schemas.Checkpoint),
                        "404": _problem("No such contest, or its ledger is empty."),
                    },
                }
            },
            "/ledger-key": {
                "get": {
                    "operationId": "getLedgerKey",
                    "responses": {"200": _json("The public key that signs checkpoints.", schemas.LedgerKey)},
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
                            "Which vote and entry the receipt is, whether it counts and for whom; "
                            "while a sealed vote is open, only what its sealed ledger shows.",
                            schemas.ReceiptStatus,
                        ),
                        "404": _problem("No ballot has this receipt."),
                    },
                }
            },
            "/health": {
                "get": {
                    "operationId": "health",
                    "responses": {
                        "200": _json("The service and its database work.", schemas.Health),
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
        "components": {"schemas": components()},
    }
