"""Fixtures for the policy parser tests (not named conftest: the root conftest owns that module name)."""

from __future__ import annotations

from pathlib import Path

import pytest

from creditgraph.ingest.policies import PolicyCorpus, parse_folder
from creditgraph.ingest.policies.evaluate import ExpectedDocument, load_expected

HERE = Path(__file__).resolve().parent
# shared/ sits beside the checkout (main, CI's clone); a worktree under /work/wt/ reads /work/shared.
POLICIES = next(
    (p for p in (HERE.parents[3] / "shared" / "policies", Path("/work/shared/policies")) if p.is_dir()),
    HERE.parents[3] / "shared" / "policies",
)
EXPECTED = HERE / "expected"
FIXTURES = HERE / "fixtures"
HELDOUT = HERE / "heldout"
HELDOUT_EXPECTED = HERE / "heldout_expected"


@pytest.fixture(scope="session", name="corpus")
def corpus_fixture() -> PolicyCorpus:
    if not POLICIES.is_dir():
        pytest.skip(f"policy documents not found at {POLICIES}")
    return parse_folder(POLICIES)


@pytest.fixture(scope="session", name="expected")
def expected_fixture() -> list[ExpectedDocument]:
    return load_expected(EXPECTED)
