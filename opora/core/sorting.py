"""Sorting names the way people read them: «СОШ № 3» before «СОШ № 32», «ё» with «е».

A plain string sort puts «СОШ № 10» before «СОШ № 2» and «ё» after «я» («Берёзовский» after
«Берязовский»). Documents and pages that list schools or municipalities sort with
`natural_key`. Pure: no Django."""

from __future__ import annotations

import re

_NUMBER_RE = re.compile(r"(\d+)")


def natural_key(text: str | None) -> tuple[tuple[str | int, ...], str]:
    """A sort key: runs of digits compare as numbers, letters without case, «ё» as «е».

    The text itself closes the key, so names equal but for case or «ё» still sort the same
    way every time."""
    text = text or ""
    folded = " ".join(text.split()).casefold().replace("ё", "е")
    # re.split with a group alternates text and number, starting with text: parts line up by type.
    parts = tuple(int(part) if i % 2 else part for i, part in enumerate(_NUMBER_RE.split(folded)))
    return parts, text
