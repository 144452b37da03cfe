"""Every string in the person's support-plan PDF, in one place, ready for translation.

Add a language by adding a dict with the same keys (tests check that keys match English).
Plain English: short sentences, "you" for the reader.
"""

from __future__ import annotations

PLAN_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Your support and safety plan",
        "for": "This plan is for",
        "reference": "Plan reference",
        "intro": "We made this plan with you. It says what you want from support and what we "
        "will do together. You can ask to change it at any time.",
        "your_words": "What you want, in your words",
        "goals": "Your goals",
        "goal_steps": "Steps",
        "goal_by": "Aim to do this by",
        "safety": "If you feel unsafe",
        "no_safety": "Talk to your support worker about what to do if you feel unsafe.",
        "emergency": "In an emergency, call 999.",
        "helpline": "Modern Slavery and Exploitation Helpline: 08000 121 700 (free, any time).",
        "agreed_on": "You agreed this plan on",
        "not_agreed": "This plan is a draft. We will check it with you.",
        "private": "This plan is private. Keep it somewhere safe.",
        "page": "Page",
    },
}


def text(key: str, language: str = "en") -> str:
    return PLAN_TEXT.get(language, PLAN_TEXT["en"]).get(key, PLAN_TEXT["en"][key])
