from .urls_note import urlpatterns as note_patterns
from .urls_pages import urlpatterns as page_patterns

app_name = "dashboards"

# The dashboards (urls_pages) and the analytic note with the consolidated exports (urls_note).
urlpatterns = page_patterns + note_patterns
