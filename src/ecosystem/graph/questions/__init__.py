"""The ecosystem questions: root fields that each answer in one Cypher statement."""

from __future__ import annotations

from ecosystem.graph.questions.base import EnumSpec, InputSpec, Question
from ecosystem.graph.questions.collaborations import Collaborations
from ecosystem.graph.questions.dual_qualified import DualQualifiedTrainers
from ecosystem.graph.questions.shared_bases import SharedTrainingBases

QUESTIONS: tuple[Question, ...] = (
    DualQualifiedTrainers(),
    SharedTrainingBases(),
    Collaborations(),
)

__all__ = ["QUESTIONS", "EnumSpec", "InputSpec", "Question"]
