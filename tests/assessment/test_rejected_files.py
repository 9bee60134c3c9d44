"""A refused upload is kept for the operator to look into, never handed out as an ordinary file."""

from django.core.files.base import ContentFile
from django.urls import reverse

from opora.assessment.models import ResultsUpload
from opora.registry.models import SchoolImport

PROGRAM = b"MZ\x90\x00" + b"\x00" * 100


def upload(world, status: str, name: str, content: bytes) -> ResultsUpload:
    return ResultsUpload.objects.create(
        campaign=world.campaign, file=ContentFile(content, name=name), original_name=name, status=status
    )


def test_a_refused_results_file_goes_only_to_those_who_upload_and_as_opaque_bytes(world, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    refused = upload(world, ResultsUpload.Status.REJECTED, "virus.exe", PROGRAM)
    url = reverse("assessment:results_upload_file", args=[refused.pk])
    response = client_as(world.users["operator"]).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/octet-stream"
    assert client_as(world.users["expert"]).get(url).status_code == 403
    page = client_as(world.users["operator"]).get(reverse("assessment:campaign", args=[world.campaign.pk]))
    assert "(файл для разбора)" in page.content.decode()


def test_an_accepted_results_file_is_an_ordinary_download_for_the_regional_team(world, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    accepted = upload(world, ResultsUpload.Status.ACCEPTED, "results.csv", "Логин ОО;Год\n".encode())
    response = client_as(world.users["expert"]).get(reverse("assessment:results_upload_file", args=[accepted.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")


def test_a_refused_school_list_is_sent_as_opaque_bytes(world, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    record = SchoolImport.objects.create(
        region=world.region,
        file=ContentFile(PROGRAM, name="shkoly.xlsx"),
        original_name="shkoly.xlsx",
        status=SchoolImport.Status.FAILED,
    )
    response = client_as(world.users["operator"]).get(reverse("registry:school_import_file", args=[record.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    page = client_as(world.users["operator"]).get(reverse("registry:school_import")).content.decode()
    assert "(файл для разбора)" in page
