"""What the fake recorded: requests, edits, deletions, injected failures."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class UploadedFile:
    """One file part of a multipart request, kept byte for byte."""

    field: str
    filename: str
    data: bytes
    content_type: str | None


@dataclass
class RequestRecord:
    """One HTTP request the bot made to the fake REST API."""

    method: str
    path: str
    template: str | None
    query: dict[str, str]
    json: Any
    files: list[UploadedFile]
    status: int = 0
    at: float = field(default_factory=time.monotonic)


@dataclass
class EditRecord:
    """The bot changed a message (REST edit, interaction update or @original edit)."""

    message_id: int
    payload: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


@dataclass
class FailureRule:
    """Answer an error (status, Discord code) to the next `remaining` matching requests."""

    method: str
    path: str
    remaining: int
    status: int
    code: int
    message: str
    hits: int = 0

    def matches(self, method: str, path: str, template: str | None) -> bool:
        """Whether a request is covered by this rule (path or spec template, exact)."""
        if self.method != "*" and self.method != method:
            return False
        return self.path in (path, template)


@dataclass
class RateLimitRule:
    """Answer 429 to the next `remaining` requests whose method and path match."""

    method: str
    path: str
    remaining: int
    retry_after: float
    is_global: bool = False
    hits: int = 0

    def matches(self, method: str, path: str, template: str | None) -> bool:
        """Whether a request is covered by this rule (path or spec template, exact)."""
        if self.method != "*" and self.method != method:
            return False
        return self.path in (path, template)
