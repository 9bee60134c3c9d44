"""School logins of ФИС ОКО: `sch`, `edu` and `ksh` + digits name the same school (sch220206,
edu220206, ksh220206). Opora keeps the `sch` form and joins on the digits. Pure: no Django."""

from __future__ import annotations

import re

LOGIN_PATTERN = r"^\s*(sch|edu|ksh)(\d{4,8})\s*$"
_LOGIN_RE = re.compile(LOGIN_PATTERN, re.IGNORECASE)


def canonical_login(text: str | None) -> str | None:
    """«EDU223017» → «sch223017»; None when the text is not a school login."""
    if not text:
        return None
    match = _LOGIN_RE.match(text)
    return f"sch{match.group(2)}" if match else None
