from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opora.registry.models import Order

MZ_EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def post_order(client, world, upload):
    return client.post(
        reverse("registry:order_create"),
        {
            "issuer": world.order.issuer.pk,
            "number": "7-р",
            "date": "2026-03-01",
            "title": "Об утверждении перечня ШНОР",
            "file": upload,
        },
    )


def test_an_order_file_is_kept_under_the_name_the_user_gave_it(world, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_as(world.users["operator"])
    response = post_order(client, world, SimpleUploadedFile("Приказ 7-р.pdf", b"%PDF-1.4\n%%EOF\n"))
    order = Order.objects.get(number="7-р")
    assert response.status_code == 302
    download = client.get(reverse("registry:order_file", args=[order.pk]))
    assert download.status_code == 200 and b"%PDF-1.4" in b"".join(download.streaming_content)
    assert "filename*=utf-8''%D0%9F%D1%80%D0%B8%D0%BA%D0%B0%D0%B7_7-%D1%80.pdf" in download["Content-Disposition"]


def test_a_program_renamed_as_a_pdf_is_refused_and_nothing_is_recorded(world, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = post_order(client_as(world.users["operator"]), world, SimpleUploadedFile("prikaz.pdf", MZ_EXECUTABLE))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Файл «prikaz.pdf» — файл неизвестного вида, а здесь принимаются: PDF" in body
    assert not Order.objects.filter(number="7-р").exists()
    assert not list(tmp_path.rglob("*prikaz*"))
