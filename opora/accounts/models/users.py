from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("Нужен адрес электронной почты")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username: str) -> "User":
        # Logins are e-mail addresses, matched without regard to case.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A login. Logs in by e-mail; what they may see comes from their person's role assignments."""

    email = models.EmailField("эл. почта", unique=True)
    person = models.OneToOneField(
        "registry.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name="человек",
    )
    is_active = models.BooleanField("активен", default=True)
    is_staff = models.BooleanField("доступ к администрированию", default=False)
    date_joined = models.DateTimeField("создан", default=timezone.now)
    # Secret part of the user's calendar feed URL (iCal); empty until they ask for the feed.
    calendar_token = models.CharField("ключ календаря", max_length=64, blank=True, db_index=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.person.full_name if self.person_id else self.email

    def get_short_name(self) -> str:
        return self.person.first_name if self.person_id else self.email
