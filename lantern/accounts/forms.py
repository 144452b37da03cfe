from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from lantern.accounts.models import Nation, Organisation, OrganisationType
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


class LanternSetPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    pass


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
    class Meta:
        model = Organisation
        fields = ["name", "org_type", "nation", "region", "borough"]
        labels = {"name": "Organisation name", "org_type": "Type of organisation"}
        widgets = {
            "org_type": forms.Select(choices=OrganisationType.choices),
            "nation": forms.RadioSelect(choices=Nation.choices),
        }
        error_messages = {
            "name": {
                "required": "Enter the organisation's name",
                "unique": "An organisation with this name already exists",
            },
            "org_type": {"required": "Select the type of organisation"},
            "nation": {"required": "Select the nation the organisation works in"},
        }


class StaffImportForm(forms.Form):
    file = UploadedFileField(
        label="Upload a CSV file",
        help_text="Columns: email, full_name, roles (separate several with ;), team (optional)",
        extensions=(".csv",),
        error_messages={"required": "Select a CSV file to upload"},
    )


class GrantRoleForm(forms.Form):
    email = forms.EmailField(
        label="Email address of someone with a Lantern account",
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[(r.value, r.label) for r in Role if r != Role.PLATFORM_ADMIN],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )
