from .urls_events import urlpatterns as event_patterns
from .urls_visits import urlpatterns as visit_patterns
from .urls_workload import urlpatterns as workload_patterns

app_name = "monitoring"

# Visits and recommendations (urls_visits), the region's view of curators: workload, reassignment,
# mismatches between the list and the curators (urls_workload), events and attendance (urls_events).
urlpatterns = visit_patterns + workload_patterns + event_patterns
