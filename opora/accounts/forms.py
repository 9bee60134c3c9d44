from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="Эл. почта", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": "Неверная эл. почта или пароль. Проверьте раскладку клавиатуры и Caps Lock.",
        "inactive": "Учётная запись отключена. Обратитесь к региональному оператору.",
    }


def login_name(request, credentials: dict | None) -> str:
    """The e-mail a login attempt was for, as django-axes counts failures by it (case-insensitive)."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return value.strip().lower()
