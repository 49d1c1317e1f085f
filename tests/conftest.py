"""Shared personas: one user per role, built once per test that asks for them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

PASSWORD = "correct horse battery staple"


def make_user(username: str, group: str | None = None, **extra) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db) -> User:
    return make_user("ed", "editor")


@pytest.fixture
def other_editor(db) -> User:
    return make_user("edna", "editor")


@pytest.fixture
def reviewer(db) -> User:
    return make_user("rev", "reviewer")


@pytest.fixture
def other_reviewer(db) -> User:
    return make_user("rita", "reviewer")


@pytest.fixture
def admin_user(db) -> User:
    return make_user("boss", "admin", is_staff=True, is_superuser=True)


@pytest.fixture
def outsider(db) -> User:
    """Logged in, but in no newsroom group."""
    return make_user("visitor")


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with an empty cache: rolled-back rows bump no generation."""
    from django.core.cache import cache

    from publication.cache import LOCAL

    cache.clear()
    LOCAL.clear()


@pytest.fixture(autouse=True)
def export_spool(settings, tmp_path) -> None:
    """Exports kept on disk go to this test's own folder (a rolled-back test leaves none)."""
    settings.EXPORT_SPOOL_DIR = str(tmp_path / "exports")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """Hashing strength is tested on its own; elsewhere it only slows the suite down."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- publication: API client that validates every response against the OpenAPI schema ---
@pytest.fixture
def api(db):
    """A DRF test client; every /api/v1/ response it gets is checked against /api/schema/."""
    from tests.api_support import ValidatingClient

    return ValidatingClient()


@pytest.fixture(autouse=True)
def newsroom_roles(request) -> None:
    """Transactional tests start after another one's flush: put the roles and scale back.

    A flush empties every table, including what data migrations created (the
    groups and the default rating scale), and whether the previous test
    flushed depends on test order.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        from tests.desk import ensure_newsroom_roles

        request.getfixturevalue("transactional_db")
        ensure_newsroom_roles()
