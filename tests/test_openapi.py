"""/openapi.json is a valid OpenAPI 3.1 document, and requests generated from it pass every
Schemathesis check: no 500, answers as documented."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.checks import FailureGroup, positive_data_acceptance

from .voting_fixtures import COLLEGE, REGIONAL, Clock, make_app


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
