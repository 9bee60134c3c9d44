from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    username = forms.EmailField(label="Эл. почта", widget=forms.EmailInput(attrs={"autofocus": True,
                                                                                 "autocomplete": "email"}))
    error_messages = {
        "invalid_login": "Неверная эл. почта или пароль. Проверьте раскладку клавиатуры и Caps Lock.",
        "inactive": "Учётная запись отключена. Обратитесь к региональному оператору.",
    }
