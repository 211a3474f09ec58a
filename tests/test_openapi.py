"""/openapi.json is a valid OpenAPI 3.1 document, and no request generated from it gets a 500."""

from __future__ import annotations

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

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


def test_no_generated_request_gets_a_server_error(api_app: Flask) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)
    failures: list[str] = []
    seen: set[int] = set()
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(), real=st.sampled_from([None, REGIONAL, COLLEGE]))
        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case: schemathesis.Case, real: str | None) -> None:
            # Random ids never exist: send a share of the cases to real contests so that the
            # generated bodies and headers reach the ballot logic itself.
            if real and "contest_id" in (case.path_parameters or {}):
                case.path_parameters["contest_id"] = real
            response = case.call()
            seen.add(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}")

        check()
    assert failures == []
    assert {200, 404, 422} <= seen  # the generated requests reached real contests
