"""What counts as giving a knowledge-check item away: its right option or a key figure
(the item's ``giveaways``) in the text a trainee reads before the pre-check."""

from __future__ import annotations

import html
import re

from iopkit.learning_quiz import KNOWLEDGE_QUIZ


def plain(text: str) -> str:
    """Text as read: tags dropped, entities decoded, Markdown emphasis and spacing ignored."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", " ", text.replace("*", "")).lower()


def answers_given_away(text: str) -> list[str]:
    """The items whose right option or key figure appears in ``text`` (already :func:`plain`)."""
    found = []
    for item in KNOWLEDGE_QUIZ:
        for phrase in (item.right_option, *item.giveaways):
            if plain(phrase) in text:
                found.append(f"{item.id}: {phrase!r}")
    return found
