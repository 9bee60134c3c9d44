"""The daily scan tells the curator a stage report is due: once per school and stage, not after submission."""

import datetime

from opora.notifications.models import Message

from .worlds import make_report, stages


def test_the_curator_hears_a_week_before_the_deadline_once_and_not_for_a_submitted_report(world):
    from opora.reports.notifications import scan

    due = stages(world)[0].due  # 15 August
    assert scan(due - datetime.timedelta(days=8)) == 0
    assert scan(due - datetime.timedelta(days=7)) == 1
    message = Message.objects.get(recipient=world.users["curator_a"])
    assert message.kind == "stage_report_due" and world.school_a.short_name in message.title
    assert message.url == f"/reports/school/{world.school_a.pk}/stage/{stages(world)[0].pk}/"
    assert scan(due + datetime.timedelta(days=1)) == 0  # the same school and stage: no second message
    make_report(world, "A", "submitted", stage_number=2)
    # Stage 2 (15 December) is due; A's report for it is submitted, so nothing is sent.
    assert scan(stages(world)[1].due) == 0
    assert Message.objects.count() == 1
