from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (demo environment only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.LANTERN_ENV not in {"demo", "test"}:
            raise CommandError("totp_code runs only with LANTERN_ENV=demo or test.")
        device = TOTPDevice.objects.filter(
            user__email=options["email"].lower(), confirmed=True, name="Demo authenticator"
        ).first()
        if device is None:
            raise CommandError("No demo authenticator for that account.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
