import zoneinfo

from django.utils import timezone

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


class RegionTimezoneMiddleware:
    """Times are stored in UTC and shown in the zone of the user's region (Russia spans eleven)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = None
        if request.user.is_authenticated:
            zone = request.session.get("opora_tz")
            if zone is None:
                zone = self._zone_of(request.user)
                request.session["opora_tz"] = zone
        if zone:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        else:
            timezone.deactivate()
        return self.get_response(request)

    @staticmethod
    def _zone_of(user) -> str:
        from opora.registry.models import Region

        region = Region.objects.for_user(user).only("timezone").first()
        return region.timezone if region else ""
