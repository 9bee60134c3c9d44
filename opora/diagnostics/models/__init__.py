from .catalogue import RiskFactor
from .profiles import ActivatedFactor, FactorLevel, Level, RiskProfile

__all__ = ["ActivatedFactor", "FactorLevel", "Level", "RiskFactor", "RiskProfile"]
