from bascule.programs.enrollment.urls import urlpatterns as enrollment_patterns
from bascule.programs.program_urls import urlpatterns as program_patterns

app_name = "programs"

urlpatterns = [*program_patterns, *enrollment_patterns]
