from .catalogue import DiagnosticsSettings, RiskFactor
from .profiles import ActivatedFactor, FactorLevel, Level, RiskProfile
from .questionnaires import ANONYMOUS_GROUPS, Group, Option, Purpose, Question, Questionnaire, ScoringItem
from .responses import Answer, AnswersUpload, LinkSubmission, Response, SurveyLink

__all__ = [
    "ANONYMOUS_GROUPS",
    "ActivatedFactor",
    "Answer",
    "AnswersUpload",
    "DiagnosticsSettings",
    "FactorLevel",
    "Group",
    "Level",
    "LinkSubmission",
    "Option",
    "Purpose",
    "Question",
    "Questionnaire",
    "Response",
    "RiskFactor",
    "RiskProfile",
    "ScoringItem",
    "SurveyLink",
]
