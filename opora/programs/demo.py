"""Demo school documents: the schools with a curator write their concept, mid-term programme and an
anti-risk programme per activated factor, in every status — on review for some days, returned with
the curator's comments per criterion, sent again as a new version, approved, one approved and then
reopened by the region; some still missing. Then the operator draws a sample for the expert council
(seed 2026), the demo expert is assigned and has scored part of it.

The demo director's school has its concept on review (waiting for the demo curator) and its mid-term
programme returned; the demo curator's second school has documents in every status."""

from __future__ import annotations

import datetime
import functools
import hashlib
import io
import random
import zipfile
from html import escape

from django.core.files.base import ContentFile
from django.utils import timezone
from docx import Document

from opora.accounts.models import Assignment, Role, User
from opora.core.russian import counted
from opora.registry import demo as registry_demo
from opora.registry.models import Region

from .models import (
    CriterionMark,
    DocumentKind,
    DocumentVersion,
    ExpertScore,
    Review,
    SchoolDocument,
    Status,
    StatusChange,
)
from .selectors import slots_for
from .services import council

RETURN_NOTES = (
    "Цели не связаны с уровнями рисков из рискового профиля школы",
    "Мероприятия сформулированы общими словами, нет сроков и ответственных",
    "Показатели не позволяют увидеть, снизился ли риск",
)
RETURN_COMMENTS = (
    "Доработайте раздел «Цели и задачи»: опирайтесь на рисковый профиль.",
    "Уточните мероприятия: кто, что и к какому сроку делает, каким будет результат.",
)
# The statuses the demo cycles through, with their weights.
FATES = (("approved", 5), ("submitted", 3), ("returned", 2), ("resubmitted", 2), ("draft", 1), ("missing", 2))


TITLE, SCHOOL = "DEMO-TITLE-PLACEHOLDER", "DEMO-SCHOOL-PLACEHOLDER"


@functools.cache
def _template() -> bytes:
    """One short, real DOCX with places for the title and the school (python-docx takes ~70 ms a
    document: the demo's 165 would take 12 s; filling the template in takes a millisecond)."""
    document = Document()
    document.add_heading(TITLE, level=1)
    document.add_paragraph(SCHOOL)
    document.add_heading("1. Анализ положения школы", level=2)
    document.add_paragraph("По итогам анкетирования и самодиагностики школа выделила направления работы на год.")
    document.add_heading("2. Цели и задачи", level=2)
    document.add_paragraph("Снизить долю обучающихся с рисками учебной неуспешности к концу учебного года.")
    document.add_heading("3. Мероприятия", level=2)
    for line in ("Педагогический совет по итогам ВПР — март", "Взаимопосещение уроков — ежемесячно"):
        document.add_paragraph(line, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_bytes(title: str, school: str) -> bytes:
    """A short, real DOCX: what a school would upload, so the demo's downloads open."""
    source = zipfile.ZipFile(io.BytesIO(_template()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(TITLE.encode(), escape(title, quote=False).encode())
                data = data.replace(SCHOOL.encode(), escape(school, quote=False).encode())
            target.writestr(item, data)
    return buffer.getvalue()


class Writer:
    """Makes documents with their history as if it had happened on the given days."""

    def __init__(self, now):
        self.now = now
        self.count = 0

    def upload(self, document: SchoolDocument, by, at) -> DocumentVersion:
        number = document.versions.count() + 1
        content = docx_bytes(document.name, document.school.full_name)
        name = f"{document.kind.title} (версия {number}).docx"
        version = DocumentVersion(
            document=document,
            number=number,
            original_name=name,
            filetype="docx",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=by,
            uploaded_at=at,
        )
        version.file.save(name, ContentFile(content), save=False)
        version.save()
        return version

    def change(self, document, to, by, at, version, comment=""):
        StatusChange.objects.create(
            document=document, from_status=document.status, to_status=to, by=by, at=at, version=version, comment=comment
        )
        document.status, document.status_at = to, at
        document.revision += 1
        document.save(update_fields=["status", "status_at", "revision"])

    def review(self, document, verdict, by, at, version, rng):
        criteria = list(document.kind.criteria.all())
        returned = verdict == Status.RETURNED
        comment = rng.choice(RETURN_COMMENTS) if returned else "Документ соответствует требованиям."
        review = Review.objects.create(
            document=document, version=version, verdict=verdict, comment=comment, reviewer=by, at=at
        )
        missed = {rng.randrange(len(criteria))} if returned and criteria else set()
        CriterionMark.objects.bulk_create(
            CriterionMark(
                review=review, criterion=c, met=n not in missed, comment=rng.choice(RETURN_NOTES) if n in missed else ""
            )
            for n, c in enumerate(criteria)
        )
        self.change(document, verdict, by, at, version, comment)

    def play(self, slot, school, fate, director, curator, rng) -> None:
        """One document's life up to `fate`, over the last weeks."""
        if fate == "missing":
            return
        start = self.now - datetime.timedelta(days=rng.randint(20, 45), hours=rng.randint(0, 8))
        document = SchoolDocument.objects.create(
            school=school, campaign=slot.kind.campaign, kind=slot.kind, factor=slot.factor, stage=slot.stage
        )
        self.count += 1
        version = self.upload(document, director, start)
        if fate == "draft":
            return
        sent = start + datetime.timedelta(hours=2)
        self.change(document, Status.SUBMITTED, director, sent, version)
        if fate == "submitted":
            waiting = datetime.timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 6))
            SchoolDocument.objects.filter(pk=document.pk).update(status_at=self.now - waiting)
            StatusChange.objects.filter(document=document).update(at=self.now - waiting)
            return
        reviewed = sent + datetime.timedelta(days=rng.randint(2, 6))
        if fate == "approved":
            self.review(document, Status.APPROVED, curator, reviewed, version, rng)
            return
        self.review(document, Status.RETURNED, curator, reviewed, version, rng)
        if fate == "resubmitted":
            again = reviewed + datetime.timedelta(days=rng.randint(3, 7))
            version = self.upload(document, director, again)
            self.change(document, Status.SUBMITTED, director, again, version, "Цели и мероприятия переработаны")
            self.review(document, Status.APPROVED, curator, again + datetime.timedelta(days=2), version, rng)


def _team(region, campaign):
    """school id → a user of its team, and → its curator's user. Demo people without a login get
    one that cannot sign in (no password), so that the history names who uploaded and who reviewed."""
    users = {u.person_id: u for u in User.objects.filter(person__region=region, person__isnull=False)}
    team, curators = {}, {}
    for a in Assignment.objects.filter(campaign=campaign, role__in=(Role.SCHOOL_TEAM, Role.CURATOR)).prefetch_related(
        "schools"
    ):
        if a.person_id not in users:
            user = User(email=f"person-{a.person_id}@demo.opora.ru", person_id=a.person_id)
            user.set_unusable_password()
            user.save()
            users[a.person_id] = user
        target = team if a.role == Role.SCHOOL_TEAM else curators
        for s in a.schools.all():
            target.setdefault(s.pk, users[a.person_id])
    return team, curators


def load(region: Region, out) -> None:
    campaign = registry_demo.campaign_of(region)
    if SchoolDocument.objects.filter(campaign=campaign).exists():
        return
    rng = random.Random(20260320)
    writer = Writer(timezone.now())
    DocumentKind.for_campaign(campaign)
    team, curators = _team(region, campaign)
    curator = User.objects.filter(email="curator@demo.opora.ru").first()
    demo_schools = []
    if curator is not None:
        demo_schools = list(
            Assignment.objects.filter(person=curator.person, campaign=campaign, role=Role.CURATOR)
            .get()
            .schools.order_by("fis_oko_login")
        )
    schools = sorted(
        {s for a in Assignment.objects.filter(campaign=campaign, role=Role.CURATOR) for s in a.schools.all()},
        key=lambda s: s.fis_oko_login,
    )
    fates, weights = zip(*FATES, strict=True)
    slots = slots_for(schools, campaign)
    for school in schools:
        by, checker = team.get(school.pk), curators.get(school.pk)
        own = [s for s in slots[school.pk] if s.kind.required]
        if demo_schools and school == demo_schools[0]:
            # The demo director's school: concept waiting for the demo curator, mid-term returned.
            plan = ["submitted", "returned"] + ["missing"] * (len(own) - 2)
        elif len(demo_schools) > 1 and school == demo_schools[1]:
            plan = ["submitted", "returned", "approved", "resubmitted", "draft"][: len(own)]
        else:
            plan = [rng.choices(fates, weights)[0] for _ in own]
        for slot, fate in zip(own, plan, strict=False):
            writer.play(slot, school, fate, by, checker, rng)
    _reopen_one(campaign, writer)
    sample = _council(region, campaign, rng)
    out.write(
        f"Документы школ: {counted(writer.count, 'документ', 'документа', 'документов')} "
        f"в {counted(len(schools), 'школе', 'школах', 'школах')}; выборка экспертного совета — "
        f"{counted(sample, 'документ', 'документа', 'документов')}."
    )


def _reopen_one(campaign, writer: Writer) -> None:
    """One approved programme reopened by the operator, with the reason."""
    operator = User.objects.filter(email="operator@demo.opora.ru").first()
    document = SchoolDocument.objects.filter(campaign=campaign, status=Status.APPROVED, kind__code="midterm").last()
    if document is not None:
        writer.change(
            document,
            Status.RETURNED,
            operator,
            writer.now - datetime.timedelta(days=1),
            document.versions.first(),
            "По замечанию экспертного совета: в программе нет показателей по каждому году.",
        )


def _council(region, campaign, rng) -> int:
    operator = User.objects.filter(email="operator@demo.opora.ru").first()
    expert = User.objects.filter(email="expert@demo.opora.ru").first()
    if operator is None or not council.eligible(campaign).exists():
        return 0
    sample = council.sample_draw(
        user=operator, campaign=campaign, title="Экспертиза концепций и программ (весна)", size=8, seed=2026
    )
    if expert is None:
        return sample.size
    for n, entry in enumerate(
        sample.entries.select_related("document__school", "document__campaign", "document__kind")
    ):
        if council.expert_conflict(expert, entry.document):
            continue
        assignment = council.expert_assign(user=operator, entry=entry, expert=expert)
        if n % 3 == 2:
            continue  # left for the expert to score in the demo
        ExpertScore.objects.bulk_create(
            ExpertScore(
                assignment=assignment,
                criterion=c,
                points=rng.randint(max(0, c.max_points - 2), c.max_points),
                comment="" if rng.random() < 0.6 else "Формулировки можно уточнить",
            )
            for c in entry.document.kind.criteria.all()
        )
        assignment.comment = rng.choice(("Документ целостный, цели связаны с рисками.", "Нужны измеримые показатели."))
        assignment.scored_at = timezone.now()
        assignment.save(update_fields=["comment", "scored_at"])
    return sample.size
