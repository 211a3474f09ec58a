"""/openapi.json is a valid OpenAPI 3.1 document, and requests generated from it pass every
Schemathesis check: no 500, answers as documented."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from pydantic import ValidationError
from schemathesis import GenerationMode
from schemathesis.checks import FailureGroup, positive_data_acceptance

from voting import schemas
from voting.models import Contest

from .voting_fixtures import COLLEGE, OPEN, REGIONAL, SEALED_OPEN, Clock, make_app, verified, verify


@pytest.fixture
def api_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    from .voting_fixtures import OPEN as NOW

    return make_app(tmp_path_factory.mktemp("openapi"), Clock(NOW), TOP100_LIMIT_PER_VOTER="1000 per minute")


def test_the_document_is_valid_openapi_3_1(api_app: Flask) -> None:
    document = api_app.test_client().get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    validate(document)
    assert set(document["paths"]) == {
        "/contests",
        "/contests/{contest_id}",
        "/contests/{contest_id}/challenge",
        "/contests/{contest_id}/email-code",
        "/contests/{contest_id}/credential",
        "/contests/{contest_id}/ballots",
        "/contests/{contest_id}/results",
        "/contests/{contest_id}/ledger",
        "/contests/{contest_id}/checkpoint",
        "/ledger-key",
        "/receipts/{code}",
        "/health",
        "/openapi.json",
    }


# Both operations take a body whose shape the schema states, but whether it is accepted
# depends on the contest's verification method (device, email, codes, telegram), which the
# schema cannot say: a well-formed body for another method is refused with 422 wrong_method.
DEPENDS_ON_THE_CONTEST = {"/contests/{contest_id}/credential", "/contests/{contest_id}/email-code"}
EXAMPLES = 150  # per operation and mode: about 2,700 requests in some 40 s


def excluded_for(case: schemathesis.Case) -> list[Any]:
    return [positive_data_acceptance] if case.operation.path in DEPENDS_ON_THE_CONTEST else []


def test_generated_requests_pass_every_check(api_app: Flask) -> None:
    """Schemathesis with all its checks (no server error, status codes, content types,
    headers and bodies conforming to the document, valid data accepted, invalid data
    refused), positive and negative, bounded by the number of examples."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)
    failures: list[str] = []
    seen: set[int] = set()
    sent = 0
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        for result in schema.get_all_operations():
            operation = result.ok()

            @given(
                case=operation.as_strategy(generation_mode=mode),
                real=st.sampled_from([None, REGIONAL, COLLEGE]),
            )
            @settings(
                max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
            )
            def check(case: schemathesis.Case, real: str | None) -> None:
                nonlocal sent
                # Random ids never exist: send a share of the cases to real contests so that
                # the generated bodies and headers reach the ballot logic itself.
                if real and "contest_id" in (case.path_parameters or {}):
                    case.path_parameters["contest_id"] = real
                sent += 1
                try:
                    response = case.call_and_validate(excluded_checks=excluded_for(case))
                    seen.add(response.status_code)
                except FailureGroup as error:
                    failures.append(f"{case.method} {case.formatted_path}: {error}")

            try:
                check()
            except Unsatisfiable:
                continue  # no parameter to break: nothing negative to send (/health, /contests)
    assert failures == [], "\n".join(failures[:5])
    assert sent >= 2000, sent
    assert {200, 401, 404, 422} <= seen  # the generated requests reached real contests


class Conformance:
    """Checks real answers against the served document: the status is documented for the
    operation, the media type too, and the body validates against its schema (the models'
    own, generated into components)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.seen: set[tuple[str, str, int]] = set()

    def check(self, response: Any, path: str, method: str = "get") -> Any:
        operation = self.document["paths"][path][method]
        status = response.status_code
        assert str(status) in operation["responses"], (path, method, status)
        content = operation["responses"][str(status)]["content"]
        assert response.mimetype in content, (path, status, response.mimetype)
        schema = {**content[response.mimetype]["schema"], "components": self.document["components"]}
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        if response.mimetype == "application/x-ndjson":
            bodies = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
            assert bodies
        else:
            bodies = [response.get_json(force=True)]
        for body in bodies:
            errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
            assert errors == [], (path, status, errors)
        self.seen.add((path, method, status))
        return bodies[0]


ONE = "/contests/{contest_id}"
BALLOTS, RESULTS, LEDGER = f"{ONE}/ballots", f"{ONE}/results", f"{ONE}/ledger"
CREDENTIAL, EMAIL_CODE, RECEIPT = f"{ONE}/credential", f"{ONE}/email-code", "/receipts/{code}"


def test_every_route_answers_with_its_models_schema(tmp_path: Path) -> None:
    """Real answers of every operation, in the states Schemathesis' random requests cannot
    reach (a real receipt live, voided, sealed and unsealed; an e-mail code sent), validate
    against the schemas generated from the models."""
    clock = Clock(OPEN)
    app = make_app(tmp_path / "device", clock)
    client, api = app.test_client(), "/api/v1"
    conform = Conformance(client.get(f"{api}/openapi.json").get_json())
    c = conform.check
    for path in ("/openapi.json", "/health", "/contests", "/ledger-key"):
        c(client.get(api + path), path)
    c(client.get(f"{api}/contests/nope"), ONE)
    c(client.get(f"{api}/receipts/{'0' * 64}"), RECEIPT)
    c(client.get(f"{api}/contests/{REGIONAL}/challenge"), f"{ONE}/challenge")
    c(verify(app, client), CREDENTIAL, "post")
    url = f"{api}/contests/{REGIONAL}"
    code = c(client.post(f"{url}/ballots", json={"candidate": "dias-nurlanuly"}), BALLOTS, "post")["receipt"]
    c(client.post(f"{url}/ballots", json={"candidate": "dias-nurlanuly"}), BALLOTS, "post")  # 409
    c(client.post(f"{url}/ballots", json={"candidate": 1}), BALLOTS, "post")  # 422
    assert c(client.get(url), ONE)["tally"]["total"] == 1
    c(client.get(f"{url}/results"), RESULTS)
    c(client.get(f"{url}/ledger"), LEDGER)
    c(client.get(f"{url}/checkpoint"), f"{ONE}/checkpoint")
    assert c(client.get(f"{api}/receipts/{code}"), RECEIPT)["counted"] is True
    done = app.test_cli_runner().invoke(args=["ballots", "void", code, "--reason", "test", "--yes"])
    assert done.exit_code == 0, done.output
    assert c(client.get(f"{api}/receipts/{code}"), RECEIPT)["void"]["reason"] == "test"

    clock.now = SEALED_OPEN  # the sealed college vote is open
    url = f"{api}/contests/{COLLEGE}"
    sealed = verified(app, COLLEGE).post(f"{url}/ballots", json={"candidate": "sanzhar-askaruly"})
    sealed_receipt = f"{api}/receipts/{c(sealed, BALLOTS, 'post')['receipt']}"
    assert c(client.get(sealed_receipt), RECEIPT)["counted"] is None
    assert c(client.get(f"{url}/results"), RESULTS)["closes"]  # 403 sealed
    assert "tally" not in c(client.get(url), ONE)
    c(client.get(f"{url}/ledger"), LEDGER)
    clock.now = OPEN  # closed: the seal lifts
    assert c(client.get(sealed_receipt), RECEIPT)["candidate"]["id"] == "sanzhar-askaruly"
    c(client.get(f"{url}/ledger"), LEDGER)  # with its close entry

    email_app = make_app(tmp_path / "email", clock, TOP100_OUTBOX=str(tmp_path / "outbox"))
    with email_app.app_context():
        Contest.update(verification="email").where(Contest.id == REGIONAL).execute()
    mail, url, address = email_app.test_client(), f"{api}/contests/{REGIONAL}", "voter@example.kz"
    c(mail.post(f"{url}/email-code", json={"email": address}), EMAIL_CODE, "post")  # 202
    c(mail.post(f"{url}/email-code", json={"email": address}), EMAIL_CODE, "post")  # 429
    sent = re.search(r"\b(\d{6})\b", next((tmp_path / "outbox").glob("*.eml")).read_text(encoding="utf-8"))
    assert sent is not None
    other = "000000" if sent.group(1) != "000000" else "111111"
    wrong = c(mail.post(f"{url}/credential", json={"email": address, "code": other}), CREDENTIAL, "post")
    assert wrong["attempts_left"] >= 1
    answer = mail.post(f"{url}/credential", json={"email": address, "code": sent.group(1)})
    assert c(answer, CREDENTIAL, "post")["method"] == "email"

    answered = {(path, method) for path, method, status in conform.seen if status < 300}
    documented = {(path, method) for path, item in conform.document["paths"].items() for method in item}
    assert answered == documented
    assert {status for *_, status in conform.seen} >= {200, 201, 202, 403, 404, 409, 422, 429}


def test_a_body_member_the_model_lacks_is_an_error() -> None:
    """Routes build their bodies through the models: an unknown member fails at once."""
    good = {"receipt": "a" * 64, "contest": REGIONAL, "seq": 1, "time": "t", "salt": "b" * 32, "check": "/x"}
    assert schemas.Receipt(**good).dump() == good
    with pytest.raises(ValidationError):
        schemas.Receipt(**good, candidate="dias-nurlanuly")
    with pytest.raises(ValidationError):
        schemas.Receipt(**{**good, "salt": None})


def test_every_response_model_is_in_the_document(api_app: Flask) -> None:
    document = api_app.test_client().get("/api/v1/openapi.json").get_json()
    served = json.dumps(document["paths"])
    for model in (*schemas.RESPONSES, *schemas.REQUESTS):
        assert f'"#/components/schemas/{model.__name__}"' in served, model.__name__
    assert document["components"]["schemas"]["ReceiptStatus"]["required"][:5] == [
        "contest", "seq", "kind", "candidate", "counted"
    ]
