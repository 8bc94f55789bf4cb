"""The ecosystem questions: root fields that each answer in one Cypher statement."""

from __future__ import annotations

from ecosystem.domain import ECOSYSTEM
from ecosystem.graph.compiler.vocabulary import EnumSpec, InputSpec, Question
from ecosystem.graph.questions.agreements import AgreementsByStatus
from ecosystem.graph.questions.base import SAMPLE_ARGUMENT
from ecosystem.graph.questions.changes import Changes
from ecosystem.graph.questions.collaborations import Collaborations
from ecosystem.graph.questions.coverage import CoverageQuestion
from ecosystem.graph.questions.credits import CreditPaths, CreditRecognitions
from ecosystem.graph.questions.dual_qualified import DualQualifiedTrainers
from ecosystem.graph.questions.network import CollaborationNetwork
from ecosystem.graph.questions.path import ConnectionPath
from ecosystem.graph.questions.progress import AllianceProgress
from ecosystem.graph.questions.shared_bases import SharedTrainingBases
from ecosystem.graph.questions.stats import EcosystemStatsQuestion
from ecosystem.graph.questions.viewer import ViewerQuestion

QUESTIONS: tuple[Question, ...] = (
    DualQualifiedTrainers(),
    SharedTrainingBases(),
    Collaborations(),
    CollaborationNetwork(),
    ConnectionPath(ECOSYSTEM.relationships),
    CoverageQuestion(),
    EcosystemStatsQuestion(ECOSYSTEM),
    Changes(),
    AgreementsByStatus(),
    CreditRecognitions(),
    CreditPaths(),
    ViewerQuestion(),
    AllianceProgress(),
)

__all__ = ["QUESTIONS", "SAMPLE_ARGUMENT", "EnumSpec", "InputSpec", "Question"]
