"""Results uploads, identification runs, manual decisions and approval of the list."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

import polars as pl
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import capfirst

from opora.core.access import require
from opora.core.russian import plural
from opora.registry.forms import approvals_by, describe_approval
from opora.registry.models import Campaign, Order, School

from . import results_db
from .models import Identification, ListDecision, ListedSchool, ResultsUpload
from .results_db import store_results
from .results_reader import read_results
from .rules import RuleParams, identify_frame
from .sheets import ResultsFileError

MAX_LISTED_ERRORS = 200


def results_upload(*, campaign: Campaign, upload, user) -> ResultsUpload:
    """Stores the file first (kept whatever happens), then all its results or none of them."""
    record = ResultsUpload.objects.create(
        campaign=campaign, file=upload, original_name=upload.name[:255], uploaded_by=user
    )
    try:
        frame = read_results(record.file.path, name=record.original_name)
        frame = _with_school_ids(frame, campaign, record.original_name)
        with transaction.atomic():
            store_results(frame, upload_id=record.pk)
    except ResultsFileError as error:
        record.status = ResultsUpload.Status.REJECTED
        # Stored (and shown, and kept in the session by the upload page) capped: the first errors
        # and «… и ещё N ошибок».
        record.errors = error.lines(MAX_LISTED_ERRORS)
    else:
        record.status = ResultsUpload.Status.ACCEPTED
        record.row_count = frame.height
        record.years = sorted(frame["year"].unique().to_list())
    record.save(update_fields=["status", "errors", "row_count", "years"])
    return record


def _with_school_ids(frame: pl.DataFrame, campaign: Campaign, name: str) -> pl.DataFrame:
    """Adds each row's school id, joining in Polars with the region's registry read in one query:
    a national file has 620,000 logins, more than any database takes as parameters of one query."""
    from .sheets import CellError

    known = pl.DataFrame(
        list(
            School.objects.filter(municipality__region_id=campaign.region_id)
            .values_list("fis_oko_login", "pk")
            .iterator(chunk_size=10_000)
        ),
        schema={"login": pl.String, "school_id": pl.Int64},
        orient="row",
    )
    joined = frame.with_columns(pl.col("login").cast(pl.String)).join(known, on="login", how="left")
    unknown = joined.filter(pl.col("school_id").is_null()).sort("source_row")
    if unknown.height:
        region = campaign.region.name
        listed = unknown.head(MAX_LISTED_ERRORS)
        raise ResultsFileError(
            [
                CellError(name, row, "«Логин ОО»", f"школы с логином {login} нет в реестре региона «{region}»")
                for login, row in listed.select("login", "source_row").iter_rows()
            ],
            more=unknown.height - listed.height,
        )
    return joined


def results_frame(campaign: Campaign, years: list[int]) -> pl.DataFrame:
    """The region's results for the given years, in the rule's frame shape, plus school ids."""
    return results_db.results_frame(campaign.region_id, years)


def results_coverage(campaign: Campaign) -> dict[int, int]:
    """Year → how many of the region's schools have results that year, newest first."""
    return results_db.results_coverage(campaign.region_id)


def has_results(campaign: Campaign, year: int) -> bool:
    """Whether the region has any results in the year (quick: no counting)."""
    return results_db.has_results(campaign.region_id, year)


def region_school_count(campaign: Campaign) -> int:
    return School.objects.filter(municipality__region_id=campaign.region_id).count()


def coverage_warning(year: int, with_results: int, schools: int) -> str:
    """«Результаты за 2025 год есть у 2 школ из 338 …» when not every school of the region has them."""
    if with_results >= schools:
        return ""
    return (
        f"Результаты за {year} год есть у {with_results} {plural(with_results, 'школы', 'школ', 'школ')} "
        f"из {schools} {plural(schools, 'школы', 'школ', 'школ')} региона: "
        f"остальные {schools - with_results} не проверялись. "
        "Если результаты загружены не все, загрузите недостающие и рассчитайте перечень заново."
    )


def identification_run(
    *,
    campaign: Campaign,
    year: int,
    params: RuleParams,
    user,
    token: uuid.UUID | None = None,
    into: Identification | None = None,
) -> Identification:
    """Runs the rule over the region's results of `year` and `year − 1` into a new draft.

    A year without results is refused (the draft would be an empty list). `token` is the run form's
    one-time key: the same form sent again returns the run it made. `user` None is the command
    line or a benchmark; a person must hold `identification.run`. `into`: the record the worker
    fills (its request made it), instead of a new draft."""
    if user is not None:
        require(user, "identification.run", campaign)
    if token is not None and into is None:
        existing = Identification.objects.filter(campaign=campaign, run_token=token).first()
        if existing is not None:
            return existing
    # Read first: how many schools have results this year comes with them (no second pass over
    # the region's results); the years that do have results are counted only to word a refusal.
    frame = results_frame(campaign, [year - 1, year])
    with_results = frame.filter(pl.col("year") == year).get_column("school_id").n_unique()
    if not with_results:
        raise ValidationError(no_results_message(year, results_coverage(campaign)))
    try:
        with transaction.atomic():
            return _run(campaign, year, params, user, token, frame, with_results, into)
    except IntegrityError:
        # The same form sent twice at once: the other request has made the run.
        existing = Identification.objects.filter(campaign=campaign, run_token=token).first() if token else None
        if existing is None:
            raise
        return existing


def no_results_message(year: int, coverage: dict[int, int]) -> str:
    if not coverage:
        return "Результаты ещё не загружены: сначала загрузите результаты ВПР, ОГЭ, ЕГЭ на странице «Перечень ШНОР»."
    years = ", ".join(str(y) for y in sorted(coverage))
    return f"За {year} год результатов нет. Загружены результаты за {years} гг.: выберите один из этих годов."


def _run(
    campaign: Campaign,
    year: int,
    params: RuleParams,
    user,
    token,
    frame: pl.DataFrame,
    with_results: int,
    into: Identification | None,
) -> Identification:
    result = identify_frame(frame, year, params)
    warnings = list(result.warnings)
    partial = coverage_warning(year, with_results, region_school_count(campaign))
    if partial:
        warnings.insert(0, partial)
    figures = {"procedures": result.procedures, "schools_checked": result.schools_checked, "warnings": warnings}
    if into is None:
        run = Identification.objects.create(
            campaign=campaign,
            year=year,
            threshold=params.threshold,
            min_participants=params.min_participants,
            consecutive=params.consecutive,
            combine=params.combine,
            near_margin=params.near_margin,
            run_by=user,
            run_token=token,
            **figures,
        )
    else:
        run = into
        for name, value in figures.items():
            setattr(run, name, value)
        run.save(update_fields=list(figures))
    logins = {s.login for s in result.identified} | {s.login for s in result.risk_zone}
    school_ids = dict(
        frame.filter(pl.col("login").is_in(list(logins))).select("login", "school_id").unique().iter_rows()
    )
    # (school, rule_listed, markers, by two procedures, two years running, risk reasons): plain rows,
    # 13,000 model instances for a national list cost more than writing them.
    rows = [
        (
            school_ids[s.login],
            True,
            {str(y): codes for y, codes in s.markers.items()},
            s.criteria["two_or_more_procedures"],
            s.criteria["consecutive_years"],
            [],
        )
        for s in result.identified
    ] + [
        (school_ids[s.login], False, {str(y): codes for y, codes in s.markers.items()}, False, False, s.reasons)
        for s in result.risk_zone
    ]
    results_db.save_listed(run.pk, rows)
    return run


@transaction.atomic
def identification_delete(*, identification: Identification, user) -> None:
    """Deletes a draft with its rows and decisions; an approved or replaced list is an order's
    appendix and stays."""
    require(user, "identification.delete", identification)
    _require_draft(identification)
    identification.delete()


def _require_draft(identification: Identification) -> None:
    if not identification.is_draft:
        raise ValidationError("Перечень уже утверждён приказом; для изменений выполните новый расчёт.")


def _require_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if len(reason) < 5:
        raise ValidationError("Укажите основание решения (не короче 5 символов).")
    return reason


@transaction.atomic
def listed_school_decide(*, listed: ListedSchool, action: str, reason: str, user) -> ListedSchool:
    """Include, exclude or undo a manual decision; the decision is kept in the history."""
    require(user, "identification.change", listed.identification)
    _require_draft(listed.identification)
    reason = _require_reason(reason)
    manual = {
        ListDecision.Action.INCLUDE: ListedSchool.Manual.INCLUDED,
        ListDecision.Action.EXCLUDE: ListedSchool.Manual.EXCLUDED,
        ListDecision.Action.RESTORE: ListedSchool.Manual.NONE,
    }[action]
    listed.manual, listed.manual_reason = manual, reason if manual else ""
    listed.save(update_fields=["manual", "manual_reason"])
    ListDecision.objects.create(listed_school=listed, action=action, reason=reason, by=user)
    return listed


@transaction.atomic
def school_include(*, identification: Identification, school: School, reason: str, user) -> ListedSchool:
    """Adds by hand a school the rule did not select (e.g. on the municipality's request)."""
    _require_draft(identification)
    if school.municipality.region_id != identification.campaign.region_id:
        raise ValidationError("Школа относится к другому региону.")
    listed, _ = ListedSchool.objects.get_or_create(identification=identification, school=school)
    return listed_school_decide(listed=listed, action=ListDecision.Action.INCLUDE, reason=reason, user=user)


ANY = object()  # `replacing=ANY`: approve whatever list is in force now (the demo, scripts)


@dataclass
class ApprovalPreview:
    """What approving a draft by an order would do: shown on the confirmation page, checked again
    on approval. `problems` forbid it; `other_approvals` (of other kinds) need confirming."""

    identification: Identification
    order: Order
    listed: set[int]
    current: Identification | None = None
    current_listed: set[int] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    other_approvals: list = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)

    @property
    def added(self) -> list[str]:
        return self._named(self.listed - self.current_listed) if self.current else []

    @property
    def removed(self) -> list[str]:
        return self._named(self.current_listed - self.listed) if self.current else []

    def _named(self, ids: set[int]) -> list[str]:
        return sorted(self.names[pk] for pk in ids)


def approval_preview(*, identification: Identification, order: Order) -> ApprovalPreview:
    """The list in force that the draft would replace, the schools it adds and removes, and what
    makes the approval impossible: an empty list, an order of another region, an order that has
    already approved a list (a new list needs its own order)."""
    listed = set(identification.schools.on_list().values_list("school_id", flat=True))
    preview = ApprovalPreview(identification, order, listed)
    preview.current = (
        Identification.objects.filter(campaign=identification.campaign, status=Identification.Status.APPROVED)
        .exclude(pk=identification.pk)
        .select_related("order__issuer", "approved_by", "run_by")
        .first()
    )
    if preview.current is not None:
        preview.current_listed = set(preview.current.schools.on_list().values_list("school_id", flat=True))
        changed = preview.listed ^ preview.current_listed
        preview.names = {
            pk: f"{name} ({municipality})"
            for pk, name, municipality in School.objects.filter(pk__in=changed).values_list(
                "pk", "short_name", "municipality__name"
            )
        }
    if not listed:
        preview.problems.append(
            "В перечне нет ни одной школы: пустой перечень утвердить нельзя. "
            "Проверьте год результатов и параметры расчёта или включите школы вручную."
        )
    if order.region_id != identification.campaign.region_id:
        preview.problems.append("Приказ издан в другом регионе.")
    others = approvals_by(order, excluding=identification)
    lists = [obj for obj in others if isinstance(obj, Identification)]
    if lists:
        preview.problems.append(
            f"{capfirst(str(order))} уже утвердил "
            + "; ".join(
                f"перечень ШНОР {obj.campaign.year} ({obj.run_label}, {obj.get_status_display()})" for obj in lists
            )
            + ". "
            "Новый перечень утверждается новым приказом: внесите его в разделе «Приказы»."
        )
    preview.other_approvals = [obj for obj in others if not isinstance(obj, Identification)]
    return preview


APPROVED_MEANWHILE = (
    "Пока вы подтверждали, другой перечень этой кампании был утверждён. Откройте перечень ещё раз и проверьте, "
    "какой из них действует."
)


def identification_approve(
    *, identification: Identification, order: Order, user, reuse_order: bool = False, replacing=ANY
) -> Identification:
    """Approves a draft by an order; the list approved before in the campaign becomes «replaced».

    `replacing` is the pk of the list in force (or None) that the user saw replaced on the
    confirmation page: if another approval happened meanwhile, nothing changes. An order that
    already approves a roadmap is accepted only with `reuse_order`.

    Approvals of one campaign take turns under a row lock on the campaign and the draft; the
    database's own rule (one approved list per campaign) catches whatever gets past them, and the
    loser is told in Russian with nothing changed."""
    require(user, "identification.approve", identification)
    try:
        with transaction.atomic():
            return _approve(identification, order, user, reuse_order, replacing)
    except IntegrityError as error:
        if "one_approved_list_per_campaign" not in str(error) and connection.vendor == "postgresql":
            raise
        identification.refresh_from_db()
        raise ValidationError(APPROVED_MEANWHILE) from error


def _approve(identification: Identification, order: Order, user, reuse_order: bool, replacing) -> Identification:
    # Approvals of one campaign take turns: the list in force is read and replaced under the lock.
    Campaign.objects.select_for_update().filter(pk=identification.campaign_id).first()
    locked = Identification.objects.select_for_update().filter(pk=identification.pk).values_list("status", flat=True)
    identification.status = locked.first() or identification.status
    _require_draft(identification)
    preview = approval_preview(identification=identification, order=order)
    if preview.problems:
        raise ValidationError(preview.problems)
    if preview.other_approvals and not reuse_order:
        uses = "; ".join(describe_approval(obj) for obj in preview.other_approvals)
        raise ValidationError(
            f"{capfirst(str(order))} уже утверждает: {uses}. Подтвердите, что этот приказ утверждает и перечень."
        )
    current_pk = preview.current.pk if preview.current else None
    if replacing is not ANY and replacing != current_pk:
        raise ValidationError(
            "Пока вы подтверждали, утверждённый перечень кампании изменился. Проверьте замену ещё раз."
        )
    Identification.objects.filter(campaign=identification.campaign, status=Identification.Status.APPROVED).update(
        status=Identification.Status.SUPERSEDED
    )
    identification.status = Identification.Status.APPROVED
    identification.order, identification.approved_by, identification.approved_at = order, user, timezone.now()
    identification.save(update_fields=["status", "order", "approved_by", "approved_at"])
    return identification


def previous_approved(identification: Identification) -> Identification | None:
    return Identification.objects.filter(
        campaign__region_id=identification.campaign.region_id,
        campaign__year=identification.campaign.year - 1,
        status=Identification.Status.APPROVED,
    ).first()


def list_dynamics(identification: Identification, visible_schools) -> dict | None:
    """Entered / stayed / left against last year's approved list, within the schools the user sees."""
    previous = previous_approved(identification)
    if previous is None:
        return None
    now = set(
        ListedSchool.objects.filter(identification=identification, school__in=visible_schools)
        .on_list()
        .values_list("school_id", flat=True)
    )
    before = set(
        ListedSchool.objects.filter(identification=previous, school__in=visible_schools)
        .on_list()
        .values_list("school_id", flat=True)
    )
    # Short names repeat across municipalities («МБОУ «СОШ № 1»»), so the municipality goes with them.
    names = {
        pk: f"{name} ({municipality})"
        for pk, name, municipality in School.objects.filter(pk__in=now | before).values_list(
            "pk", "short_name", "municipality__name"
        )
    }

    def named(ids):
        return sorted(((pk, names[pk]) for pk in ids), key=lambda item: item[1])

    return {
        "previous": previous,
        "entered": named(now - before),
        "stayed": named(now & before),
        "left": named(before - now),
    }


def default_year(coverage: dict[int, int], campaign: Campaign) -> int:
    """Results of year N select the schools supported in the campaign of year N+1… or of N itself:
    regions differ, so the run form proposes the latest year that has results."""
    return next(iter(coverage), None) or campaign.year or datetime.date.today().year
