"""The one base class of every error the user should see as a one-line message."""

from __future__ import annotations

__all__ = ["KGError"]


class KGError(Exception):
    """An error whose ``str()`` is a complete, one-line message for the user."""
