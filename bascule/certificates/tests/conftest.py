"""Fixtures of the certificates tests: `commit` runs what waits for the commit (the jobs and
e-mails queued with the change); the verification throttle's counters start empty."""

import pytest
from django.core.cache import cache


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()
