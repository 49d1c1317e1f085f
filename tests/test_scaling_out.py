"""Scaling out: anonymous reads go to the replica, writes and staff to the primary; the cache."""

from __future__ import annotations

import copy
import socket
import uuid

import pytest
from django.core.cache import caches
from django.db import connections, router
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from claims.workflow import Status
from config.routers import PrimaryReplicaRouter, replica_reads
from config.settings import cache_from_url
from tests.conftest import PASSWORD, make_user
from tests.factories import ClaimFactory
from tests.test_production_settings import settings_under


@pytest.fixture
def replica(transactional_db, settings):
    """A second connection, alias "replica", to the same test database; the router installed.

    Transactional, because the replica connection only sees committed rows. The alias is
    set on `connections` without a settings entry, which the test case treats as a
    connection made on the fly rather than a database the test did not ask for.
    """
    default = connections["default"].settings_dict
    backend = load_backend(default["ENGINE"])
    connections["replica"] = backend.DatabaseWrapper(copy.deepcopy(default), "replica")
    settings.DATABASE_ROUTERS = ["config.routers.PrimaryReplicaRouter"]
    yield connections["replica"]
    connections["replica"].close()
    del connections["replica"]


def queries_on(alias: str) -> CaptureQueriesContext:
    return CaptureQueriesContext(connections[alias])


def test_router_rules():
    r = PrimaryReplicaRouter()
    assert r.db_for_read(Claim) == "default"
    with replica_reads():
        assert r.db_for_read(Claim) == "replica"
        assert r.db_for_write(Claim) == "default"
    assert r.db_for_read(Claim) == "default"
    assert r.allow_migrate("default", "claims") and not r.allow_migrate("replica", "claims")


def test_anonymous_get_reads_from_the_replica(client, replica):
    claim = ClaimFactory(status=Status.PUBLISHED, summary="Read from the replica")
    with queries_on("replica") as on_replica, queries_on("default") as on_default:
        listing = client.get("/claims/")
        page = client.get(claim.get_absolute_url())
    assert "Read from the replica" in listing.content.decode()
    assert page.status_code == 200
    assert len(on_replica) > 0
    assert len(on_default) == 0


def test_writes_go_to_the_primary_even_during_a_public_request(replica):
    with replica_reads(), queries_on("replica") as on_replica, queries_on("default") as on_default:
        assert router.db_for_write(Claim) == "default"
        claim = ClaimFactory(status=Status.PUBLISHED)
        claim.summary = "Changed"
        claim.save()
    assert any(q["sql"].startswith("INSERT") for q in on_default.captured_queries)
    assert any(q["sql"].startswith("UPDATE") for q in on_default.captured_queries)
    assert not any(q["sql"].startswith(("INSERT", "UPDATE")) for q in on_replica.captured_queries)


def test_anonymous_post_and_everything_logged_in_use_the_primary(client, replica):
    user = make_user("ed")
    ClaimFactory(status=Status.PUBLISHED)
    with queries_on("replica") as on_replica:
        assert (
            client.post("/accounts/login/", {"username": "ed", "password": PASSWORD}).status_code
            == 302
        )
        assert client.get("/claims/").status_code == 200
        assert client.get("/admin/").status_code == 302  # not staff: sent to the admin login
    assert len(on_replica) == 0
    assert client.get("/").wsgi_request.user == user


def test_without_a_replica_url_there_is_no_replica_and_no_router():
    plain = settings_under(["DATABASES", "DATABASE_ROUTERS"], DEBUG="1")
    assert "replica" not in plain["DATABASES"] and plain["DATABASE_ROUTERS"] == []


def test_replica_url_adds_the_alias_and_the_router():
    configured = settings_under(
        ["DATABASES", "DATABASE_ROUTERS"],
        DEBUG="1",
        DATABASE_URL="postgres://desk@primary.internal:5432/desk",
        DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/desk",
    )
    replica = configured["DATABASES"]["replica"]
    assert replica["ENGINE"] == "django.db.backends.postgresql"
    assert (replica["HOST"], replica["USER"]) == ("replica.internal", "reader")
    assert replica["TEST"] == {"MIRROR": "default"}
    assert configured["DATABASE_ROUTERS"] == ["config.routers.PrimaryReplicaRouter"]


def test_cache_url_selects_the_backend():
    assert cache_from_url("redis://cache.internal:6379/1") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/1",
    }
    assert cache_from_url("rediss://:secret@cache.internal:6380/0")["LOCATION"].startswith(
        "rediss://"
    )
    assert cache_from_url("locmem://")["BACKEND"].endswith("LocMemCache")
    assert cache_from_url("dummy://")["BACKEND"].endswith("DummyCache")
    with pytest.raises(Exception, match="CACHE_URL must start with"):
        cache_from_url("memcached://cache.internal:11211")


def test_cache_defaults_to_local_memory_and_reads_cache_url():
    assert settings_under(["CACHES"], DEBUG="1")["CACHES"]["default"]["BACKEND"].endswith(
        "LocMemCache"
    )
    redis = settings_under(["CACHES"], DEBUG="1", CACHE_URL="redis://127.0.0.1:6379/0")
    assert redis["CACHES"]["default"] == cache_from_url("redis://127.0.0.1:6379/0")


def redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_is_running(), reason="no Redis on 127.0.0.1:6379")
def test_round_trip_through_local_redis(settings):
    settings.CACHES = {
        "default": cache_from_url("redis://127.0.0.1:6379/0")
        | {"KEY_PREFIX": f"claims-test-{uuid.uuid4().hex}"}
    }
    cache = caches["default"]
    cache.set("greeting", {"claims": 3}, timeout=30)
    assert cache.get("greeting") == {"claims": 3}
    cache.set("counter", 1, timeout=30)
    assert cache.incr("counter") == 2
    cache.delete_many(["greeting", "counter"])
    assert cache.get("greeting") is None
