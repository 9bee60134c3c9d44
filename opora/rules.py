"""The actions of Opora and who may do them: one rule per action (see `opora.core.access`).

A new capability adds its actions here, one `Rule` each, and a row to `docs/prava-dostupa.md`
(the access tests compare the two and exercise every rule for every persona). Reading is not
here: it follows the models' `scope_q` (who works where sees what is there)."""

from opora.accounts.models.roles import Role
from opora.core.access import Rule, grant

OPERATOR = Role.REGIONAL_OPERATOR
COORDINATOR = Role.REGIONAL_COORDINATOR
MUNICIPAL = Role.MUNICIPAL_COORDINATOR
CURATOR = Role.CURATOR
SCHOOL_TEAM = Role.SCHOOL_TEAM

ROLES = Role.choices
DRAFT = ("draft",)
NOT_VERIFIED, VERIFIED = ("not_verified",), ("verified",)
PROFILE_VERIFIED = "Рисковый профиль уже проверен куратором."
LIST_APPROVED = "Перечень уже утверждён приказом; для изменений выполните новый расчёт."

# Who may shape a roadmap: the region's team any of the region's; a municipal coordinator their
# municipality's and its schools'; a school's team and curator the school's own.
ROADMAP_AUTHORS = (
    grant(OPERATOR, COORDINATOR, region="campaign__region_id"),
    grant(MUNICIPAL, municipality=("municipality_id", "school__municipality_id")),
    grant(CURATOR, SCHOOL_TEAM, school="school_id"),
)

RULES = [
    # Registry: the regional operator keeps the region's registry.
    Rule("school.import", "registry.Region", "загружать список школ региона", (grant(OPERATOR, region="pk"),)),
    Rule("order.create", "registry.Region", "вносить приказы региона", (grant(OPERATOR, region="pk"),)),
    Rule("assignment.create", "registry.Region", "назначать людей на роли", (grant(OPERATOR, region="pk"),)),
    Rule("assignment.end", "accounts.Assignment", "завершать назначения", (grant(OPERATOR, region="region_id"),)),
    Rule("login.reset", "registry.Person", "задавать человеку новый пароль", (grant(OPERATOR, region="region_id"),)),
    # Lists of low-result schools.
    Rule(
        "results.upload",
        "registry.Campaign",
        "загружать результаты оценочных процедур",
        (grant(OPERATOR, region="region_id"),),
    ),
    Rule(
        "identification.run", "registry.Campaign", "рассчитывать перечень ШНОР", (grant(OPERATOR, region="region_id"),)
    ),
    Rule(
        "identification.change",
        "assessment.Identification",
        "включать и исключать школы в проекте перечня",
        (grant(OPERATOR, region="campaign__region_id"),),
        when={"status": DRAFT},
        when_denied=LIST_APPROVED,
        condition="только проект перечня",
    ),
    Rule(
        "identification.approve",
        "assessment.Identification",
        "утверждать перечень приказом",
        (grant(OPERATOR, region="campaign__region_id"),),
        when={"status": DRAFT},
        when_denied=LIST_APPROVED,
        condition="только проект перечня",
    ),
    Rule(
        "identification.delete",
        "assessment.Identification",
        "удалять проект перечня",
        (grant(OPERATOR, region="campaign__region_id"),),
        when={"status": DRAFT},
        when_denied=LIST_APPROVED,
        condition="только проект перечня",
    ),
    # Roadmaps.
    Rule("roadmap.create", "roadmaps.Roadmap", "создавать и загружать дорожную карту", ROADMAP_AUTHORS),
    Rule("roadmap.change", "roadmaps.Roadmap", "изменять дорожную карту (мероприятия, паспорт)", ROADMAP_AUTHORS),
    Rule("roadmap.approve", "roadmaps.Roadmap", "утверждать дорожную карту приказом", ROADMAP_AUTHORS),
    Rule("item.report", "roadmaps.Roadmap", "отчитываться об исполнении мероприятий", ROADMAP_AUTHORS),
    # Diagnostics (risk profiles): opora.diagnostics adds its rules below this line.
    Rule(
        "diagnostics.configure",
        "registry.Campaign",
        "настраивать диагностику кампании (сроки, пороги, анкеты)",
        (grant(OPERATOR, region="region_id"),),
    ),
    Rule(
        "answers.fill",
        "diagnostics.RiskProfile",
        "заполнять самодиагностику и анкету директора, численность школы",
        (grant(SCHOOL_TEAM, school="school_id"),),
        when={"state": NOT_VERIFIED},
        when_denied=PROFILE_VERIFIED,
        condition="до проверки профиля",
    ),
    Rule(
        "answers.upload",
        "diagnostics.RiskProfile",
        "загружать ответы анкет из XLSX",
        (grant(SCHOOL_TEAM, school="school_id"),),
        when={"state": NOT_VERIFIED},
        when_denied=PROFILE_VERIFIED,
        condition="до проверки профиля",
    ),
    Rule(
        "link.replace",
        "diagnostics.RiskProfile",
        "заменять ссылку на анонимные анкеты школы",
        (grant(SCHOOL_TEAM, school="school_id"),),
    ),
    Rule(
        "profile.verify",
        "diagnostics.RiskProfile",
        "проверять рисковый профиль, менять уровень с основанием",
        (grant(CURATOR, school="school_id"),),
        when={"state": NOT_VERIFIED},
        when_denied=PROFILE_VERIFIED,
        condition="до проверки профиля",
    ),
    Rule(
        "factors.propose",
        "diagnostics.RiskProfile",
        "предлагать направления работы (рисковые факторы)",
        (grant(SCHOOL_TEAM, school="school_id"),),
    ),
    Rule(
        "factors.confirm",
        "diagnostics.RiskProfile",
        "подтверждать направления работы школы",
        (grant(CURATOR, school="school_id"),),
        when={"state": VERIFIED},
        when_denied="Сначала проверьте рисковый профиль.",
        condition="только проверенный профиль",
    ),
    # School documents and the expert council: opora.programs adds its rules below this line.
    Rule(
        "document.upload",
        "programs.SchoolDocument",
        "загружать документы школы и отправлять их на проверку",
        (grant(SCHOOL_TEAM, school="school_id"),),
        when={"status": ("draft", "returned")},
        when_denied="Документ на проверке или одобрен: новую версию можно загрузить, когда его вернут на доработку.",
        condition="черновик или на доработке",
    ),
    # The curator of the school, never someone of the school itself (opora.programs.services).
    Rule(
        "document.review",
        "programs.SchoolDocument",
        "проверять документы школы (одобрить или вернуть на доработку)",
        (grant(CURATOR, school="school_id"),),
        when={"status": ("submitted",)},
        when_denied="Документ не на проверке: проверить можно только отправленный школой документ.",
        condition="только на проверке",
    ),
    Rule(
        "document.reopen",
        "programs.SchoolDocument",
        "возвращать одобренный документ на доработку (с основанием)",
        (grant(OPERATOR, region="campaign__region_id"), grant(CURATOR, school="school_id")),
        when={"status": ("approved",)},
        when_denied="Вернуть на доработку можно только одобренный документ.",
        condition="только одобренный",
    ),
    Rule(
        "council.sample",
        "registry.Campaign",
        "отбирать документы для экспертного совета и назначать экспертов",
        (grant(OPERATOR, region="region_id"),),
    ),
    # Only the expert assigned (the view fetches the assignment among the user's own).
    Rule(
        "council.score",
        "programs.ExpertAssignment",
        "оценивать документы выборки экспертного совета",
        (grant(Role.EXPERT, region="entry__sample__campaign__region_id"),),
    ),
    Rule(
        "programs.configure",
        "registry.Campaign",
        "настраивать виды документов и критерии проверки кампании",
        (grant(OPERATOR, region="region_id"),),
    ),
    # Curator visits, recommendations, workload and reassignment: opora.monitoring adds its rules below this line.
    Rule(
        "visit.plan",
        "monitoring.Visit",
        "планировать, переносить и отменять визиты в школу",
        (grant(CURATOR, school="school_id"),),
        when={"status": ("planned",)},
        when_denied="Визит уже проведён или отменён.",
        condition="только запланированный визит",
    ),
    Rule(
        "visit.record",
        "monitoring.Visit",
        "записывать проведённый визит: наблюдения, выводы, рекомендации, файлы",
        (grant(CURATOR, school="school_id"),),
        when={"status": ("planned", "held")},
        when_denied="Визит отменён: записать его нельзя.",
        condition="не отменённый визит",
    ),
    Rule(
        "visit.acknowledge",
        "monitoring.Visit",
        "подтверждать ознакомление школы с итогами визита",
        (grant(SCHOOL_TEAM, school="school_id"),),
        when={"status": ("held",)},
        when_denied="Ознакомиться можно только с проведённым визитом.",
        condition="только проведённый визит",
    ),
    Rule(
        "recommendation.done",
        "monitoring.Recommendation",
        "отмечать рекомендацию куратора выполненной",
        (grant(SCHOOL_TEAM, school="visit__school_id"),),
        when={"status": ("open",)},
        when_denied="Рекомендация уже отмечена выполненной.",
        condition="только к выполнению",
    ),
    Rule(
        "recommendation.confirm",
        "monitoring.Recommendation",
        "подтверждать выполнение рекомендации или возвращать её школе",
        (grant(CURATOR, school="visit__school_id"),),
        when={"status": ("done",)},
        when_denied="Подтвердить или вернуть можно только рекомендацию, которую школа отметила выполненной.",
        condition="только выполненная школой",
    ),
    Rule(
        "visits.configure",
        "registry.Campaign",
        "устанавливать норму визитов куратора (наибольший перерыв между визитами)",
        (grant(OPERATOR, region="region_id"),),
    ),
    # The region's view of curators (opora.monitoring.workload): workload, mismatches, reassignment.
    Rule(
        "curators.oversee",
        "registry.School",
        "видеть нагрузку кураторов и несоответствия перечню",
        (
            grant(OPERATOR, COORDINATOR, region="municipality__region_id"),
            grant(MUNICIPAL, municipality="municipality_id"),
        ),
    ),
    Rule(
        "curator.reassign",
        "registry.School",
        "передавать школу другому куратору по приказу",
        (grant(OPERATOR, region="municipality__region_id"),),
    ),
    # Curator stage reports: opora.reports adds its rules below this line.
    Rule(
        "report.write",
        "reports.StageReport",
        "писать и отправлять отчёт куратора по этапу мониторинга",
        (grant(CURATOR, school="school_id"),),
        when={"status": DRAFT},
        when_denied="Отчёт уже отправлен: изменить его можно, если региональный оператор вернёт его на доработку.",
        condition="только черновик",
    ),
    Rule(
        "report.reopen",
        "reports.StageReport",
        "возвращать отправленный отчёт куратора на доработку (с основанием)",
        (grant(OPERATOR, region="campaign__region_id"),),
        when={"status": ("submitted",)},
        when_denied="Вернуть на доработку можно только отправленный отчёт.",
        condition="только отправленный",
    ),
    # Public «500+» pages: opora.public adds its rules below this line.
    Rule(
        "page.publish",
        "public.SchoolPage",
        "открывать публичную страницу школы и выбирать, что на ней показано",
        (grant(SCHOOL_TEAM, school="school_id"),),
    ),
    Rule(
        "page.block",
        "public.SchoolPage",
        "закрывать публичную страницу школы (с основанием)",
        (grant(OPERATOR, region="school__municipality__region_id"),),
    ),
    # Notifications: opora.notifications adds its rules below this line (if any).
    # Events and attendance: opora.monitoring (events) adds its rules below this line.
    Rule(
        "event.manage",
        "monitoring.Event",
        "создавать и изменять мероприятия (вебинары, совещания, семинары) и их материалы",
        (
            grant(OPERATOR, COORDINATOR, region="campaign__region_id"),
            grant(MUNICIPAL, municipality="municipality_id"),
        ),
    ),
    Rule(
        "attendance.mark",
        "monitoring.Event",
        "отмечать посещаемость мероприятия и загружать её из файла платформы",
        (
            grant(OPERATOR, COORDINATOR, region="campaign__region_id"),
            grant(MUNICIPAL, municipality="municipality_id"),
        ),
    ),
    # Participant surveys: opora.surveys adds its rules below this line.
    # Results are the region's: a municipality's group is small enough to tell who said what.
    Rule(
        "survey.manage",
        "registry.Region",
        "создавать анкеты и волны опросов участников",
        (grant(OPERATOR, region="pk"),),
    ),
    Rule(
        "survey.results",
        "surveys.Wave",
        "видеть охват и результаты опроса участников, выгружать их в XLSX",
        (grant(OPERATOR, COORDINATOR, region="campaign__region_id"),),
    ),
    Rule(
        "wave.change",
        "surveys.Wave",
        "изменять волну опроса (название, сроки, кого спрашиваем)",
        (grant(OPERATOR, region="campaign__region_id"),),
    ),
    # Indicators: opora.indicators adds its rules below this line.
    Rule(
        "indicator.manage",
        "registry.Campaign",
        "добавлять, изменять и выводить показатели кампании, снимать срезы",
        (grant(OPERATOR, region="region_id"),),
    ),
    Rule("indicator.link", "roadmaps.Roadmap", "связывать мероприятие дорожной карты с показателем", ROADMAP_AUTHORS),
    # Dashboards and the analytic note: opora.dashboards adds its rules below this line.
    Rule(
        "note.region",
        "registry.Region",
        "заказывать аналитическую справку и сводную выгрузку мониторинга по региону",
        (grant(OPERATOR, COORDINATOR, region="pk"),),
    ),
    Rule(
        "note.municipality",
        "registry.Municipality",
        "заказывать аналитическую справку и сводную выгрузку мониторинга по муниципалитету",
        (grant(OPERATOR, COORDINATOR, region="region_id"), grant(MUNICIPAL, municipality="pk")),
    ),
    # The monitoring summary: the region's team and observers the region's, a municipal coordinator (or
    # an observer of one municipality) their municipality's. Curators and school teams have the school card.
    Rule(
        "dashboard.view",
        "registry.Municipality",
        "видеть сводку мониторинга (регион, муниципалитет)",
        (
            grant(OPERATOR, COORDINATOR, Role.OBSERVER, region="region_id"),
            grant(MUNICIPAL, Role.OBSERVER, municipality="pk"),
        ),
    ),
]
