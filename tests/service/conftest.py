"""Shared pieces of the Drift Service tests."""

from __future__ import annotations

import pytest

from needs import require

require("fastapi")
require("duckdb")


@pytest.fixture(scope="session")
def spec():
    from watchtower.station_service import translator_spec

    return translator_spec()


@pytest.fixture(scope="session")
def august():
    """Ten days around the slang onset, 60 requests a day."""
    from watchtower.world import translator_logs

    return translator_logs("2043-08-08", "2043-08-27", requests_per_day=60)
