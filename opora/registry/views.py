from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import resolve, reverse
from django.views.decorators.http import require_GET, require_http_methods

from opora.core.guards import holds, signed_in, with_object
from opora.core.http import is_htmx, paginate, stored_file_response
from opora.core.models import AuditEntry

from . import jobs
from .filters import SchoolFilterForm
from .forms import OrderForm, SchoolImportForm
from .models import Municipality, Order, Person, Region, School, SchoolImport
from .school_file import COLUMN_TITLES


def _school_table(request: HttpRequest, schools, template: str, context: dict) -> HttpResponse:
    """A filtered, paginated school list; htmx requests get only the table."""
    form = context["filter_form"]
    page = paginate(request, form.apply(schools).select_related("municipality", "director"))
    context.update(page=page, query=request.GET.copy())
    context["query"].pop("page", None)
    if is_htmx(request):
        return render(request, "registry/_school_table.html", context)
    return render(request, template, context)


@with_object(Region)
@require_GET
def region_detail(request: HttpRequest, region: Region) -> HttpResponse:
    visible = School.objects.for_user(request.user).filter(municipality__region=region)
    counts = {
        row["municipality_id"]: row
        for row in visible.values("municipality_id").annotate(
            total=Count("pk"), rural=Count("pk", filter=Q(is_rural=True))
        )
    }
    municipalities = [
        (m, counts.get(m.pk, {}).get("total", 0), counts.get(m.pk, {}).get("rural", 0))
        for m in Municipality.objects.for_user(request.user).filter(region=region)
    ]
    # The region's own bodies and campaigns are seen by everyone who sees the region.
    organisations = region.organisations.filter(municipality__isnull=True)
    return render(
        request,
        "registry/region_detail.html",
        {
            "region": region,
            "municipalities": municipalities,
            "organisations": organisations,
            "campaign": region.current_campaign(),
            "school_total": sum(total for _m, total, _r in municipalities),
        },
    )


@with_object(Municipality, related=("region",))
@require_GET
def municipality_detail(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    schools = School.objects.for_user(request.user).filter(municipality=municipality)
    # Assignments reach the registry through their relation, so the registry imports no accounts code.
    coordinators = municipality.assignments.for_user(request.user).active().select_related("person", "order")
    return _school_table(
        request,
        schools,
        "registry/municipality_detail.html",
        {
            "municipality": municipality,
            "coordinators": coordinators,
            "organisations": municipality.organisations.all(),
            "filter_form": SchoolFilterForm(request.GET),
        },
    )


@signed_in
@require_GET
def school_list(request: HttpRequest) -> HttpResponse:
    municipalities = Municipality.objects.for_user(request.user).select_related("region")
    form = SchoolFilterForm(request.GET, municipalities=municipalities)
    return _school_table(
        request, School.objects.for_user(request.user), "registry/school_list.html", {"filter_form": form}
    )


@with_object(School)
@require_GET
def school_detail(request: HttpRequest, school: School) -> HttpResponse:
    """The school card. It is the home app's page (`home:school`: it draws on every app, which the
    registry may not import); this address, where every school link points, shows the same card."""
    return resolve(reverse("home:school", args=[school.pk])).func(request, pk=school.pk)


@holds("school.import")
@require_http_methods(["GET", "POST"])
def school_import(request: HttpRequest) -> HttpResponse:
    regions = Region.objects.for_user(request.user, "school.import")
    form = SchoolImportForm(request.POST or None, request.FILES or None, regions=regions)
    record = None
    if request.method == "POST" and form.is_valid():
        record = jobs.schools_import_accept(
            region=form.cleaned_data["region"],
            upload=form.cleaned_data["file"],
            user=request.user,
            create_municipalities=form.cleaned_data["create_municipalities"],
        )
        if record.status in SchoolImport.ACTIVE:
            # The worker reads the file; the page follows its progress.
            return redirect(f"{reverse('registry:school_import')}?record={record.pk}")
        if record.status == SchoolImport.Status.SUCCEEDED:
            messages.success(request, import_outcome(record))
            return redirect("registry:school_import")
    history = SchoolImport.objects.for_user(request.user).select_related("region", "uploaded_by")[:20]
    asked = request.GET.get("record", "")
    watched = [r for r in history if r.status in SchoolImport.ACTIVE or str(r.pk) == asked]
    for r in watched:
        r.outcome = import_outcome(r)
    return render(
        request,
        "registry/school_import.html",
        {
            "form": form,
            "record": record,
            "history": history,
            "watched": watched,
            "columns": COLUMN_TITLES,
        },
        status=422 if record is not None else 200,
    )


def import_outcome(record: SchoolImport) -> str:
    return f"Список школ загружен: добавлено {record.created_count}, обновлено {record.updated_count}."


@with_object(SchoolImport)
@require_GET
def school_import_status(request: HttpRequest, record: SchoolImport) -> HttpResponse:
    """The import's progress, polled by its page until the outcome is known."""
    record.outcome = import_outcome(record)
    return render(request, "registry/_school_import_status.html", {"r": record})


@holds("school.import")
@require_GET
def school_import_sample(request: HttpRequest) -> HttpResponse:
    sample = (
        "Логин ОО;Наименование ОО;Муниципалитет;Тип;Сельская;Адрес;Директор\r\n"
        "sch420164;Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
        "школа № 2»;Северный район;СОШ;нет;г. Северск, ул. Мира, 5;Иванова Анна Петровна\r\n"
        "sch420165;МКОУ «ООШ с. Тохтор»;Северный район;ООШ;да;с. Тохтор, ул. Школьная, 1;Петров Иван Сергеевич\r\n"
    )
    response = HttpResponse(sample.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="shkoly-obrazec.csv"'
    return response


@with_object(SchoolImport)
@require_GET
def school_import_file(request: HttpRequest, record: SchoolImport) -> HttpResponse:
    rejected = record.status != SchoolImport.Status.SUCCEEDED
    return stored_file_response(record.file, record.original_name, rejected=rejected)


@signed_in
@require_GET
def order_list(request: HttpRequest) -> HttpResponse:
    orders = Order.objects.for_user(request.user).select_related("issuer", "region")
    text = request.GET.get("q", "").strip()
    if text:
        orders = orders.filter(Q(title__icontains=text) | Q(number__icontains=text))
    return render(request, "registry/order_list.html", {"page": paginate(request, orders), "q": text})


@with_object(Order, related=("issuer", "region"))
@require_GET
def order_detail(request: HttpRequest, order: Order) -> HttpResponse:
    assignments = (
        order.assignments.for_user(request.user)
        .select_related("person", "municipality")
        .prefetch_related(Prefetch("schools", queryset=School.objects.for_user(request.user)))
    )
    return render(
        request,
        "registry/order_detail.html",
        {
            "order": order,
            "assignments": assignments,
            "history": AuditEntry.objects.for_object(order),
        },
    )


@with_object(Order)
@require_GET
def order_file(request: HttpRequest, order: Order) -> HttpResponse:
    return stored_file_response(order.file)


@holds("order.create")
@require_http_methods(["GET", "POST"])
def order_create(request: HttpRequest) -> HttpResponse:
    regions = Region.objects.for_user(request.user, "order.create")
    form = OrderForm(request.POST or None, request.FILES or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        order = form.save()
        messages.success(request, f"Приказ внесён: {order}.")
        return redirect(order)
    return render(request, "registry/order_form.html", {"form": form})


@signed_in
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    people = Person.objects.for_user(request.user).select_related("organisation", "school", "user")
    text = request.GET.get("q", "").strip()
    if text:
        people = people.filter(
            Q(last_name__icontains=text)
            | Q(first_name__icontains=text)
            | Q(email__icontains=text)
            | Q(position__icontains=text)
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "registry/person_list.html", {"page": paginate(request, people), "q": text, "query": query})
