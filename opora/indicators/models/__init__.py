from .indicators import Colour, Indicator, ItemIndicatorLink, Snapshot, Unit

__all__ = ["Colour", "Indicator", "ItemIndicatorLink", "Snapshot", "Unit"]
