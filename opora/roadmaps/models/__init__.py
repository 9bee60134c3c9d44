from .execution import ItemReport, MonitoringStage, RoadmapChange, RoadmapImport
from .plans import Item, Roadmap, Section, TargetIndicator

__all__ = [
    "Item",
    "ItemReport",
    "MonitoringStage",
    "Roadmap",
    "RoadmapChange",
    "RoadmapImport",
    "Section",
    "TargetIndicator",
]
