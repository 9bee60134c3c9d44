import zoneinfo

from django.utils import timezone

from .models import Region


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
        try:
            return self.get_response(request)
        finally:
            # The thread serves the next request (or, in tests, the next test) in the default zone.
            timezone.deactivate()

    @staticmethod
    def _zone_of(user) -> str:
        region = Region.objects.for_user(user).only("timezone").first()
        return region.timezone if region else ""
