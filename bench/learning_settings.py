"""Settings for bench/learning_load.py: the real settings plus a bare view to compare with."""

from lantern.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.learning_urls"
