"""Probes of tests/test_access_rules.py for the stage report rules: each request makes its own report
(tests/reports/worlds.py), inside the persona's transaction that is rolled back."""

from . import worlds

R = "R"


def report_probes(Probe, Place) -> dict:
    return {
        "report.write": [
            Probe(
                "сохранить отчёт по школе A",
                "post",
                lambda w: worlds.write_of(w, "A"),
                Place(R, "M", "A"),
                done=worlds.opened_report,
            ),
            Probe(
                "сохранить отчёт по школе B",
                "post",
                lambda w: worlds.write_of(w, "B"),
                Place(R, "M2", "B"),
                done=worlds.opened_report,
            ),
            Probe(
                "отправить отчёт по школе A",
                "post",
                lambda w: worlds.submit_of(w, "A"),
                Place(R, "M", "A"),
                done=worlds.opened_report,
            ),
            Probe(
                "изменить отправленный отчёт по школе A",
                "post",
                lambda w: worlds.write_of(w, "A", "submitted"),
                Place(R, "M", "A"),
                condition_met=False,
                done=worlds.opened_report,
            ),
        ],
        "report.reopen": [
            Probe(
                "вернуть куратору отчёт по школе A",
                "post",
                lambda w: worlds.reopen_of(w, "A"),
                Place(R, "M", "A"),
                done=worlds.opened_report,
            ),
            Probe(
                "вернуть куратору черновик отчёта по школе B",
                "post",
                lambda w: worlds.reopen_of(w, "B", "draft"),
                Place(R, "M2", "B"),
                condition_met=False,
                done=worlds.opened_report,
            ),
        ],
    }
