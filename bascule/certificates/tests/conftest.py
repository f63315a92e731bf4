"""Fixtures of the certificates tests: `commit` runs what waits for the commit (the jobs and
e-mails queued with the change)."""

import pytest


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks
