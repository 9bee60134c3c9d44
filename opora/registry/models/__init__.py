from .geography import Municipality, Region
from .imports import SchoolImport
from .orders import Campaign, Order
from .organisations import Organisation
from .people import Person
from .schools import School

__all__ = ["Campaign", "Municipality", "Order", "Organisation", "Person", "Region", "School", "SchoolImport"]
