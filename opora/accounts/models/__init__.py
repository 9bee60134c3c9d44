from .assignments import Assignment
from .roles import MUNICIPALITY_ROLES, REGION_ROLES, SCHOOL_ROLES, Role
from .users import User

__all__ = ["MUNICIPALITY_ROLES", "REGION_ROLES", "SCHOOL_ROLES", "Assignment", "Role", "User"]
