"""The service's typed answers (``service.models``), under the name the routes import them by."""

from creditgraph.service.models import *  # noqa: F403
from creditgraph.service.models import __all__  # noqa: F401
