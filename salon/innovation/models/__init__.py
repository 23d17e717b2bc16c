"""The innovation lab's models, by subdomain: challenges, ideas and their pipeline
(``ideas``), live brainstorming boards (``boards``) and hackathons (``hackathons``)."""

from salon.innovation.models.boards import (
    Board,
    BoardCluster,
    BoardDot,
    BoardNote,
    BoardParticipant,
    BoardStatus,
    NoteColour,
)
from salon.innovation.models.ideas import (
    Challenge,
    Criterion,
    Decider,
    Idea,
    IdeaAuthor,
    Phase,
    Score,
    Scorecard,
    Stage,
    StageMove,
    Vote,
    VoteBudget,
    Voting,
)

__all__ = [
    "Board",
    "BoardCluster",
    "BoardDot",
    "BoardNote",
    "BoardParticipant",
    "BoardStatus",
    "Challenge",
    "Criterion",
    "Decider",
    "Idea",
    "IdeaAuthor",
    "NoteColour",
    "Phase",
    "Score",
    "Scorecard",
    "Stage",
    "StageMove",
    "Vote",
    "VoteBudget",
    "Voting",
]
