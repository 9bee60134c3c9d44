"""`{% school_task_results school as items %}`: a school's per-task results from ФИС ОКО protocols
for its pages (the school's card and its results in the list). Two queries whatever the school."""

from django import template

from ..deficit_reports import school_task_results as _school_task_results

register = template.Library()


@register.simple_tag
def school_task_results(school):
    return _school_task_results(school)
