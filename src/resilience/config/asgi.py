"""ASGI entry point: HTTP through Django, WebSockets through Channels, in one server.

HTTP requests run Django's synchronous handler on a fixed pool of threads (a2wsgi), each
keeping its database connection between requests. Django's own ASGI handler starts a new
thread and opens a new connection for every request: measured here, ``GET /xapi/about``
took 1.8 ms that way and 1.0 ms this way, and a request that reads SQLite 3.4 and 1.3 ms. No view is
asynchronous; the live sessions' WebSockets stay on Channels' event loop.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resilience.config.settings")

from django.core.wsgi import get_wsgi_application

django_wsgi_app = get_wsgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

from resilience.config.websocket_urls import websocket_urlpatterns  # noqa: E402
from resilience.config.wsgi_threads import ThreadPoolWSGI  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": ThreadPoolWSGI(django_wsgi_app, workers=settings.WEB_THREADS),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
