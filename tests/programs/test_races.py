"""Two people acting on one document at once (PostgreSQL threads, each with its own connection):
one wins, the other is told in Russian what happened; no review is lost or doubled.
Run: python tests/postgres.py tests/programs/test_races.py (SQLite has no row locks)."""

import pytest

from opora.accounts.models import Role
from opora.programs import services
from opora.programs.models import Review, SchoolDocument, Status
from tests.factories import UserFactory, assign
from tests.test_races import TRIES, at_once

from .worlds import all_met, kind, pdf


@pytest.fixture
def w(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # A second curator of school A (two curators one year is unusual, but two tabs of one are not).
    world.curator_2 = UserFactory(email="curator2@example.ru", person__region=world.region)
    assign(world.curator_2, Role.CURATOR, region=world.region, schools=[world.school_a])
    return world


def submitted(w, n: int) -> SchoolDocument:
    slot = services.Slot(kind(w.campaign, "other"), title=f"Документ {n}")
    return services.document_upload(user=w.users["director_a"], school=w.school_a, slot=slot, file=pdf(), submit=True)


@pytest.mark.django_db(transaction=True)
def test_approve_and_return_at_once_one_wins_the_other_is_told(w, postgres_only):
    for attempt in range(TRIES):
        document = submitted(w, attempt)
        seen = document.revision

        def decide(user, verdict, comment, document=document, seen=seen):
            return services.document_review(
                user=user,
                document=SchoolDocument.objects.get(pk=document.pk),
                revision=seen,
                verdict=verdict,
                comment=comment,
                marks=all_met(document),
            )

        results = at_once(
            lambda: decide(w.users["curator_a"], Review.Verdict.APPROVED, ""),
            lambda: decide(w.curator_2, Review.Verdict.RETURNED, "Доработать"),
        )
        won = [r for r in results if isinstance(r, Review)]
        lost = [r for r in results if isinstance(r, services.DocumentConflict)]
        assert len(won) == 1 and len(lost) == 1, results
        assert "Ваше решение не сохранено" in str(lost[0])
        document.refresh_from_db()
        assert document.status == won[0].verdict
        assert document.reviews.count() == 1 and document.changes.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_first_uploads_at_once_make_one_document_with_two_versions(w, postgres_only):
    for attempt in range(TRIES):
        slot = services.Slot(kind(w.campaign, "other"), title=f"Одновременно {attempt}")
        results = at_once(
            *[
                lambda n=n, slot=slot: services.document_upload(
                    user=w.users["director_a"], school=w.school_a, slot=slot, file=pdf(f"v{n}.pdf", bytes([n]))
                )
                for n in range(2)
            ]
        )
        assert all(isinstance(r, SchoolDocument) for r in results), results
        document = SchoolDocument.objects.get(school=w.school_a, title=f"Одновременно {attempt}")
        assert sorted(document.versions.values_list("number", flat=True)) == [1, 2]
        assert document.status == Status.DRAFT
