"""Probes of tests/test_access_rules.py for the public pages' actions (each request is rolled back)."""

from __future__ import annotations

import re

from django.urls import reverse


def settings_of(school):
    return reverse("public:settings", args=[school.pk]), {"enabled": "on"}


def block_of(school):
    return reverse("public:block", args=[school.pk]), {"action": "block", "reason": "Жалоба родителей на содержание"}


def saved_settings(response) -> bool:
    return (
        response.status_code == 302 and re.fullmatch(r"/500plus/manage/school/\d+/", response["Location"]) is not None
    )
