from opora.core.audit import current_actor


class ActorMiddleware:
    """Makes the request's user known to the audit log for the duration of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_actor.set(request.user)
        try:
            return self.get_response(request)
        finally:
            current_actor.reset(token)
