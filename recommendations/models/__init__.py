"""Recommendations' models, one module per capability inside the one app label ``recommendations``."""

from recommendations.models.drafting import (
    FollowUp,
    FollowUpNote,
    Publication,
    Recommendation,
    RecommendationVersion,
    Theme,
    ThemeOrder,
)
from recommendations.models.live import AgendaItem, Amendment, Ballot, Sitting, SpeakerRequest, Vote

__all__ = [
    "AgendaItem",
    "Amendment",
    "Ballot",
    "FollowUp",
    "FollowUpNote",
    "Publication",
    "Recommendation",
    "RecommendationVersion",
    "Sitting",
    "SpeakerRequest",
    "Theme",
    "ThemeOrder",
    "Vote",
]
