"""A protocol batch whose worker died is marked failed by `opora recover`, never left «читаются»."""

import io

from django.core.management import call_command

from opora.assessment.models import ProtocolBatch


def test_a_batch_cut_off_by_a_crash_is_marked_failed_and_says_why(world):
    reading = ProtocolBatch.objects.create(campaign=world.campaign, state=ProtocolBatch.State.READING)
    waiting = ProtocolBatch.objects.create(campaign=world.campaign, state=ProtocolBatch.State.PREVIEW)
    out = io.StringIO()
    call_command("recover", "--worker-stopped", stdout=out)
    assert f"загрузки протоколов ФИС ОКО: {reading.pk}" in out.getvalue()
    reading.refresh_from_db()
    waiting.refresh_from_db()
    assert reading.state == ProtocolBatch.State.ERROR and "прервана" in reading.stage
    assert waiting.state == ProtocolBatch.State.PREVIEW  # a preview waits for the user, not the worker
