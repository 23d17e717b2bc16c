"""The default leadership competency framework every community starts from.

Plain data, no Django: the data migration and the ``post_save`` receiver that gives each
new community its own editable copy both read it (see docs/goals.md, "Competencies").
"""

from __future__ import annotations

DEFAULT_COMPETENCIES: tuple[tuple[str, str], ...] = (
    (
        "Strategic thinking",
        "Sees the bigger picture, anticipates trends and turns them into clear priorities "
        "and choices.",
    ),
    (
        "Leading change",
        "Makes the case for change, brings people along and keeps momentum through uncertainty.",
    ),
    (
        "Driving results",
        "Sets ambitious goals, holds self and others to account, and delivers what was promised.",
    ),
    (
        "Developing others",
        "Coaches, gives honest feedback and creates stretch opportunities so that people grow.",
    ),
    (
        "Building trust",
        "Keeps commitments, is candid and consistent, and admits mistakes openly.",
    ),
    (
        "Collaborating across boundaries",
        "Works across functions, regions and companies towards shared goals instead of silos.",
    ),
    (
        "Communicating with impact",
        "Listens first, tells a clear story and adapts the message to the audience.",
    ),
    (
        "Inclusive, cross-cultural leadership",
        "Seeks out different perspectives, adapts across cultures and makes everyone count.",
    ),
    (
        "Innovation and learning agility",
        "Experiments, learns quickly from setbacks and makes room for new ideas.",
    ),
    (
        "Self-awareness and resilience",
        "Knows their strengths and blind spots, manages their energy and stays composed "
        "under pressure.",
    ),
)
