from .waves import Participation, SurveyAnswer, SurveyResponse, Wave

__all__ = ["Participation", "SurveyAnswer", "SurveyResponse", "Wave"]
