"""Benchmark: read a 50-item municipal roadmap from Word.

Builds a realistic .docx — the order's text, a heading, a five-column table with five merged
section rows, the header typed again every dozen rows, executors as separate paragraphs, and a
working-group table after it — then times `parse_roadmap` on it, best of five. Target: ≤ 0.3 s.

    .venv/bin/python bench/roadmap_parse.py
"""

import tempfile
import time
from pathlib import Path

from docx import Document

from opora.roadmaps.parse import parse_roadmap

TARGET_SECONDS = 0.3
HEADER = ["№ п/п", "Наименование мероприятий", "Сроки реализации", "Ответственные исполнители",
          "Планируемый результат"]  # fmt: skip
SECTIONS = [
    "Нормативное правовое обеспечение",
    "Организационно-методическое сопровождение школ",
    "Информационное сопровождение Проекта 500+",
    "Мониторинг реализации программ поддержки",
    "Подведение итогов и распространение опыта",
]
ACTIONS = [
    "Разработка и утверждение муниципальной дорожной карты по реализации проекта адресной помощи",
    "Проведение совещания с руководителями общеобразовательных организаций по итогам ВПР",
    "Посещение школ-участниц проекта закрепленными кураторами с целью оказания методической помощи",
    "Организация участия педагогов в курсах повышения квалификации по выявленным дефицитам",
    "Мониторинг выполнения мероприятий школьных дорожных карт в информационной системе",
    "Проведение муниципального семинара по преодолению учебной неуспешности обучающихся",
    "Анкетирование участников образовательных отношений для формирования рисковых профилей",
    "Экспертиза концептуальных документов школ с подтверждением статуса «ОДОБРЕНО»",
    "Размещение информации о ходе реализации проекта на сайте управления образования",
    "Подготовка аналитической справки по результатам мониторинга",
]
DEADLINES = [
    "январь 2024", "февраль – март 2024", "до 5 марта 2024", "21 марта – 31 марта 2024",
    "1 раз в четверть", "ежемесячно", "в течение учебного года", "4 квартал 2024",
    "апрель, август, октябрь 2024 г.", "по отдельному графику", "Не реже 1 раза в 3-4 недели",
    "16.02.2024 – 01.03.2024",
]  # fmt: skip
EXECUTORS = [
    ["Муниципальный координатор", "Иванова И.И."],
    ["Петров П.П., Сидорова С.С., муниципальная рабочая группа"],
    ["Директора школ", "Школьные кураторы"],
]


def build(path: Path, items: int = 50) -> Path:
    document = Document()
    document.add_paragraph("ПРИКАЗ")
    document.add_paragraph("Об утверждении дорожной карты по реализации проекта «500+»")
    document.add_heading("ДОРОЖНАЯ КАРТА", level=1)
    document.add_paragraph("по реализации проекта адресной методической помощи школам на 2024 год")
    table = document.add_table(rows=0, cols=len(HEADER))
    per_section = items // len(SECTIONS)
    rows = 0

    def header() -> None:
        for cell, text in zip(table.add_row().cells, HEADER, strict=True):
            cell.text = text

    header()
    for s, section in enumerate(SECTIONS, start=1):
        cells = table.add_row().cells
        cells[0].merge(cells[-1]).text = f"{s}. {section}"
        for i in range(1, per_section + 1):
            rows += 1
            if rows % 12 == 0:
                header()  # the header again, as after a page break
            n = (s - 1) * per_section + i
            cells = table.add_row().cells
            cells[0].text = f"{s}.{i}."
            cells[1].text = ACTIONS[n % len(ACTIONS)]
            cells[2].text = DEADLINES[n % len(DEADLINES)]
            executors = EXECUTORS[n % len(EXECUTORS)]
            cells[3].text = executors[0]
            for extra in executors[1:]:
                cells[3].add_paragraph(extra)
            cells[4].text = "Проведено мероприятие; подготовлен отчёт"
    document.add_paragraph("Состав рабочей группы")
    group = document.add_table(rows=0, cols=2)
    for name in ("Иванова Ирина Ивановна", "Петров Пётр Петрович"):
        cells = group.add_row().cells
        cells[0].text, cells[1].text = name, "главный специалист"
    document.save(path)
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = build(Path(folder) / "roadmap-50.docx")
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            roadmap = parse_roadmap(path)
            timings.append(time.perf_counter() - started)
    best = min(timings)
    assert len(roadmap.items) == 50 and len(roadmap.sections) == 5, (len(roadmap.items), len(roadmap.sections))
    verdict = "OK" if best <= TARGET_SECONDS else "SLOW"
    print(f"roadmap-parse: 50 items from .docx in {best * 1000:.1f} ms (best of 5; target ≤ "
          f"{TARGET_SECONDS * 1000:.0f} ms) — {verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
