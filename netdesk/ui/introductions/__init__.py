"""The introduction email: the draft, shown and sent through the desktop's mail program."""

from netdesk.ui.introductions.feature import IntroductionFeature, install

__all__ = ["IntroductionFeature", "install"]
