"""The demo case loads completely, once, with the figures and shares of the report."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from annotations import demo
from annotations.models import ContextNote, Correction, NoteFigure, Verdict
from claims.models import Claim, ClaimRelation, Figure, Source, Speaker

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    models = [Speaker, Source, Claim, Figure, ContextNote, NoteFigure, ClaimRelation, Verdict]
    counted = {m.__name__: m.objects.count() for m in models}
    counted["history"] = Claim.history.count() + ContextNote.history.count()
    counted["versions"] = sum(Claim.objects.values_list("version", flat=True))
    return counted


def test_load_demo_loads_the_case(capsys):
    call_command("load_demo")
    assert counts() | {"history": 0, "versions": 0} == {
        "Speaker": 4,
        "Source": 5,
        "Claim": 16,
        "Figure": 16,
        "ContextNote": 6,
        "NoteFigure": 1,
        "ClaimRelation": 8,
        "Verdict": 4,
        "history": 0,
        "versions": 0,
    }
    assert set(Claim.objects.values_list("status", flat=True)) == {"published"}
    assert set(ContextNote.objects.values_list("status", flat=True)) == {"published"}
    out = capsys.readouterr().out
    for username in ("editor", "reviewer", "admin"):
        assert username in out
    assert User.objects.get(username="admin").is_superuser


def test_load_demo_twice_changes_nothing(capsys):
    call_command("load_demo")
    before = counts()
    call_command("load_demo")
    assert counts() == before
    assert "nothing changed" in capsys.readouterr().out


def test_demo_logins_work_with_the_printed_passwords(client, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    passwords = dict(
        line.split()
        for line in out.splitlines()
        if line.startswith("  ") and len(line.split()) == 2
    )
    login = {"username": "admin", "password": passwords["admin"]}
    assert client.post("/accounts/login/", login).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_forty_years_note_is_on_the_five_listed_claims():
    call_command("load_demo")
    note = ContextNote.objects.get(slug="forty-years")
    assert set(note.claims.values_list("slug", flat=True)) == {
        "ndd-criminal-histories",
        "ndd-convicted",
        "murder-13099",
        "other-convictions",
        "assault-released",
    }


def test_the_docket_is_the_denominator_of_662566():
    call_command("load_demo")
    figure = Figure.objects.get(claim__slug="ndd-criminal-histories")
    assert figure.value == 662566
    assert figure.part_of.value == 7_000_000
    assert figure.part_of.qualifier == "nearly"
    assert round(figure.share_percent, 1) == Decimal("9.5")
    murders = Figure.objects.get(claim__slug="murder-13099")
    assert round(murders.share_percent, 2) == Decimal("0.19")
    convicted = Figure.objects.get(claim__slug="ndd-convicted")
    assert convicted.qualifier == "more_than" and convicted.part_of == figure


def test_quotes_are_kept_exactly_including_the_typo():
    call_command("load_demo")
    assert "over the past 40 year or more" in Claim.objects.get(slug="misinterpreting").text
    assert Claim.objects.get(slug="beyond-disturbing").text_kind == "verbatim"


def test_the_four_illustrative_verdicts():
    call_command("load_demo")
    verdicts = Verdict.objects.select_related("claim", "rating")
    assert {v.claim.slug for v in verdicts} == set(demo.VERDICTS)
    assert {v.rating.label for v in verdicts} == {"Missing context"}
    assert all(v.explanation.startswith("Illustrative") for v in verdicts)


def test_no_invented_urls_and_no_corrections():
    call_command("load_demo")
    assert not Source.objects.exclude(url="").exists()
    assert not Correction.objects.exists()
    report = Source.objects.get(slug="report")
    assert (report.publisher, report.date_precision) == ("Latin Times", "month")


def test_reset_passwords_gives_new_ones(client, capsys):
    call_command("load_demo")
    capsys.readouterr()
    call_command("load_demo", "--reset-passwords")
    out = capsys.readouterr().out
    new = dict(
        line.split()
        for line in out.splitlines()
        if line.startswith("  ") and len(line.split()) == 2
    )
    login = {"username": "editor", "password": new["editor"]}
    assert client.post("/accounts/login/", login).status_code == 302
    assert client.get("/").wsgi_request.user.username == "editor"
