from .waves import AUDIENCE_ROLES, Participation, SurveyAnswer, SurveyResponse, Wave

__all__ = ["AUDIENCE_ROLES", "Participation", "SurveyAnswer", "SurveyResponse", "Wave"]
