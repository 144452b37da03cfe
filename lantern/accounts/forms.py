from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from lantern.accounts.models import Nation, Organisation, OrganisationType, User
from lantern.accounts.selectors import organisation_name_taken
from lantern.accounts.services import ORGANISATION_NAME_TAKEN, ROLES_AN_ORG_ADMIN_MAY_GRANT
from lantern.accounts.tasks import send_password_reset_email
from lantern.core.forms import UploadedFileField
from lantern.core.roles import Role


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been switched off. Contact your organisation admin.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"] = forms.EmailField(
            label="Email address",
            max_length=254,
            widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            error_messages={
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.org",
            },
        )
        self.fields["password"].label = "Password"
        self.fields["password"].error_messages = {"required": "Enter your password"}

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class LanternPasswordResetForm(PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        }

    def send_mail(  # type: ignore[override]
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        send_password_reset_email.enqueue(
            user_id=str(context["user"].pk), domain=context["domain"], protocol=context["protocol"]
        )


def password_rules_hint() -> str:
    """The rules of AUTH_PASSWORD_VALIDATORS in plain words, read from the validators
    configured, so that the hint says what is checked and nothing else."""
    length = ""
    nots: list[str] = []
    for validator in password_validation.get_default_password_validators():
        if isinstance(validator, password_validation.MinimumLengthValidator):
            length = f"Use at least {validator.min_length} characters."
        elif isinstance(validator, password_validation.UserAttributeSimilarityValidator):
            nots.append("too like your name or email address")
        elif isinstance(validator, password_validation.CommonPasswordValidator):
            nots.append("a commonly used password")
        elif isinstance(validator, password_validation.NumericPasswordValidator):
            nots.append("only numbers")
    sentences = [length] if length else []
    if nots:
        listed = nots[0] if len(nots) == 1 else ", ".join(nots[:-1]) + " or " + nots[-1]
        sentences.append(f"It must not be {listed}.")
    sentences.append("A few unrelated words together make a strong password.")
    return " ".join(sentences)


def _password_problem(error: ValidationError) -> str:
    """A password validator's message in GOV.UK words, by its code."""
    params = error.params or {}
    if error.code == "password_too_short":
        return f"Your password must be at least {params.get('min_length')} characters"
    if error.code == "password_too_common":
        return "Choose a password that is harder to guess"
    if error.code == "password_entirely_numeric":
        return "Your password must not be only numbers"
    if error.code == "password_too_similar":
        return "Your password must not be like your name or email address"
    return str(error.message % params if params else error.message)


class _NewPasswordFields:
    """GOV.UK labels, a single hint that states the rules, and GOV.UK error messages for the
    new password, shared by the password change and the password reset forms. A problem with
    the new password is shown on the "New password" field (Django puts it on the second)."""

    def _govuk_new_password_fields(self) -> None:
        form: Any = self
        first, second = form.fields["new_password1"], form.fields["new_password2"]
        first.label = "New password"
        first.help_text = password_rules_hint()
        first.error_messages = {"required": "Enter a new password"}
        second.label = "Confirm new password"
        second.help_text = ""
        second.error_messages = {"required": "Enter the new password again"}
        form.error_messages = {
            **form.error_messages,
            "password_mismatch": "The two new passwords are not the same",
        }

    def validate_password_for_user(self, user: Any, password_field_name: str = "") -> None:
        form = cast(forms.Form, self)
        password = form.cleaned_data.get("new_password1")
        if not password or "new_password2" in form.errors:
            return  # missing, or not the same twice: that is said first
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            problems = [_password_problem(e) for e in error.error_list]
            form.add_error("new_password1", list(dict.fromkeys(problems)))


class LanternSetPasswordForm(_NewPasswordFields, SetPasswordForm):  # type: ignore[type-arg]
    """Choose a new password, from the link in a password reset email."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._govuk_new_password_fields()


class NameForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        help_text="As it should appear on your certificates",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your full name",
            "max_length": "Full name must be 150 characters or fewer",
        },
    )

    def clean_full_name(self) -> str:
        return " ".join(str(self.cleaned_data["full_name"]).split())


class LanternPasswordChangeForm(_NewPasswordFields, PasswordChangeForm):
    """Change the password of the person signed in. The current password is checked through
    the sign-in backends, so wrong guesses count towards the same lock-out as sign-in does
    (django-axes): a stolen session cannot be used to guess the password."""

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        super().__init__(cast(User, request.user), *args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages = {"required": "Enter your current password"}
        self._govuk_new_password_fields()

    def clean_old_password(self) -> str:
        return _current_password(self.request, str(self.cleaned_data["old_password"]))


def _current_password(request: HttpRequest, password: str) -> str:
    """Check the signed-in person's password through the sign-in backends, so that wrong
    guesses count towards the sign-in lock-out (django-axes)."""
    user = cast(User, request.user)
    if authenticate(request, username=user.email, password=password) is None:
        raise ValidationError("Your current password is not right", code="password_incorrect")
    return password


class MemberEmailChangeForm(forms.Form):
    """An admin asks for a member's new work address. The member confirms it themselves."""

    new_email = forms.EmailField(
        label="Their new email address",
        help_text="We will send a link to this address. Their address changes when they open it "
        "while signed in to Lantern.",
        max_length=254,
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
        error_messages={
            "required": "Enter their new email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )

    def __init__(self, *args: Any, member: User, **kwargs: Any) -> None:
        self.member = member
        super().__init__(*args, **kwargs)

    def clean_new_email(self) -> str:
        email = str(self.cleaned_data["new_email"]).strip().lower()
        if email == self.member.email.lower():
            raise ValidationError("This is already their email address")
        return email


class EmailChangeForm(forms.Form):
    """Ask to sign in with a new email address. The password is asked for again, checked as
    the password change checks it, so that a session left open cannot move the account."""

    new_email = forms.EmailField(
        label="New email address",
        help_text="We will send a link to this address. Your address changes when you open it.",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your new email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_new_email(self) -> str:
        email = str(self.cleaned_data["new_email"]).strip().lower()
        if email == cast(User, self.request.user).email.lower():
            raise ValidationError("This is already your email address")
        return email

    def clean_password(self) -> str:
        return _current_password(self.request, str(self.cleaned_data["password"]))


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from your authenticator app",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input--width-5",
            }
        ),
        error_messages={
            "required": "Enter the 6-digit security code",
            "min_length": "Enter the 6-digit security code",
            "max_length": "Enter the 6-digit security code",
        },
    )

    def clean_token(self) -> str:
        token = str(self.cleaned_data["token"]).replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError("The security code must be 6 numbers")
        return token


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    """Both choices are radios with nothing chosen at first: a ModelForm's own widgets would
    add Django's "---------" choice (pre-selected on the radios)."""

    name = forms.CharField(
        label="Organisation name",
        max_length=200,
        error_messages={
            "required": "Enter the organisation's name",
            "max_length": "Organisation name must be 200 characters or fewer",
        },
    )
    org_type = forms.ChoiceField(
        label="Type of organisation",
        choices=OrganisationType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the type of organisation",
            "invalid_choice": "Select the type of organisation",
        },
    )
    nation = forms.ChoiceField(
        label="Nation",
        choices=Nation.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the nation the organisation works in",
            "invalid_choice": "Select the nation the organisation works in",
        },
    )

    class Meta:
        model = Organisation
        fields = ["name", "org_type", "nation", "region", "borough"]
        error_messages = {
            "region": {"max_length": "Region must be 100 characters or fewer"},
            "borough": {"max_length": "Borough must be 100 characters or fewer"},
        }

    def clean_name(self) -> str:
        name = " ".join(str(self.cleaned_data["name"]).split())
        if organisation_name_taken(name):
            raise ValidationError(ORGANISATION_NAME_TAKEN, code="unique")
        return name


class StaffImportForm(forms.Form):
    file = UploadedFileField(
        label="Upload a CSV file",
        help_text="Columns: email, full_name, roles (separate several with ;), team (optional)",
        extensions=(".csv",),
        error_messages={"required": "Select a CSV file to upload"},
    )


def role_choices(*, platform_admin: bool) -> list[tuple[str, str]]:
    """The roles the person adding someone may give, read from the rule the service checks.
    A platform admin may also give the platform-wide roles (not their own)."""
    if platform_admin:
        return [(r.value, str(r.label)) for r in Role if r != Role.PLATFORM_ADMIN]
    return [(r.value, str(r.label)) for r in Role if r in ROLES_AN_ORG_ADMIN_MAY_GRANT]


class AddPersonForm(forms.Form):
    """Add one person to an organisation with a role. Whether they already have a Lantern
    account is not asked and not said: the service makes one if need be."""

    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the person's full name",
            "max_length": "Full name must be 150 characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Work email address",
        help_text="They sign in to Lantern with this address. If they have used Lantern before, "
        "they keep their account.",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a role",
            "invalid_choice": "Select one of the roles listed",
        },
    )
    team = forms.CharField(
        label="Team (optional)",
        help_text="For example, Housing. A team that does not exist yet is added.",
        required=False,
        max_length=120,
        error_messages={"max_length": "Team must be 120 characters or fewer"},
    )

    def __init__(self, *args: Any, platform_admin: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["role"])
        field.choices = role_choices(platform_admin=platform_admin)

    def clean_full_name(self) -> str:
        return " ".join(str(self.cleaned_data["full_name"]).split())

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean_team(self) -> str:
        return " ".join(str(self.cleaned_data["team"]).split())


class MemberSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by name or email address",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
        error_messages={"max_length": "Enter a search of 100 characters or fewer"},
    )

    def clean_q(self) -> str:
        return " ".join(str(self.cleaned_data["q"]).split())
