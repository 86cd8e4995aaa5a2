"""The fake REST API: request parsing, recording, validation, failure injection, routing."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import BodyPartReader, web

from . import schema
from .records import RequestRecord, UploadedFile

if TYPE_CHECKING:
    from .server import FakeDiscord

log = logging.getLogger("fakediscord.rest")

JSON_HEADERS = {"Content-Type": "application/json"}


class ApiError(Exception):
    """An error answer in Discord's format: {"message": ..., "code": ...}."""

    def __init__(self, status: int, code: int, message: str, **extra: Any) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.body: dict[str, Any] = {"message": message, "code": code, **extra}


@dataclass
class Call:
    """One parsed request handed to a route handler."""

    method: str
    path: str
    params: dict[str, str]
    query: dict[str, str]
    json: Any
    files: list[UploadedFile]
    record: RequestRecord

    def int_param(self, name: str) -> int:
        """A path parameter as an int (404 when it is not a snowflake)."""
        try:
            return int(self.params[name])
        except ValueError:
            raise ApiError(404, 0, "404: Not Found") from None

    @property
    def body(self) -> dict[str, Any]:
        """The JSON body as a dict (empty when there was none)."""
        return self.json if isinstance(self.json, dict) else {}


Handler = Callable[[Call], Awaitable[Any]]


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """A JSON response whose Content-Type is exactly application/json (discord.py needs that)."""
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={**JSON_HEADERS, **(headers or {})}
    )


class RestApi:
    """Routes /api/v10/* to handlers; records and validates every request first."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self._routes: list[tuple[str, tuple[str, ...], Handler]] = []
        from .routes import register_routes

        register_routes(self)

    def route(self, method: str, template: str, handler: Handler) -> None:
        """Register a handler for a method and a path template like /channels/{channel_id}."""
        self._routes.append((method, tuple(template.strip("/").split("/")), handler))

    def _find(self, method: str, path: str) -> tuple[Handler, dict[str, str]] | None:
        segments = path.strip("/").split("/")
        best: tuple[int, Handler, dict[str, str]] | None = None
        for route_method, parts, handler in self._routes:
            if route_method != method or len(parts) != len(segments):
                continue
            params: dict[str, str] = {}
            score = 0
            for part, seg in zip(parts, segments, strict=True):
                if part.startswith("{"):
                    params[part[1:-1]] = seg
                elif part == seg:
                    score += 1
                else:
                    break
            else:
                if best is None or score > best[0]:
                    best = (score, handler, params)
        return (best[1], best[2]) if best else None

    async def attachment(self, request: web.Request) -> web.Response:
        """Serve an uploaded attachment's bytes (for Attachment.read())."""
        for message in self.fake.created_messages:
            for a in message.attachments:
                if str(a.id) == request.match_info["id"]:
                    return web.Response(body=a.data, content_type="application/octet-stream")
        return json_response({"message": "404: Not Found", "code": 0}, 404)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """The aiohttp handler for every REST call."""
        fake = self.fake
        path = "/" + request.match_info["tail"]
        method = request.method
        body, files, multipart = await _read_body(request)
        template = schema.match_template(path)
        record = RequestRecord(method, path, template, dict(request.query), body, files)
        fake.requests.append(record)
        try:
            response = await self._answer(request, record, multipart)
        finally:
            await fake.notify()
        record.status = response.status
        return response

    async def _answer(
        self, request: web.Request, record: RequestRecord, multipart: bool
    ) -> web.Response:
        fake = self.fake
        method, path, template = record.method, record.path, record.template
        for rule in fake.rate_limits:
            if rule.remaining > 0 and rule.matches(method, path, template):
                rule.remaining -= 1
                rule.hits += 1
                data = {
                    "message": "You are being rate limited.",
                    "retry_after": rule.retry_after,
                    "global": rule.is_global,
                }
                headers = {
                    "Via": "1.1 google",
                    "Retry-After": str(max(1, round(rule.retry_after))),
                    "X-RateLimit-Scope": "user",
                }
                return json_response(data, 429, headers)

        for failure in fake.failures:
            if failure.remaining > 0 and failure.matches(method, path, template):
                failure.remaining -= 1
                failure.hits += 1
                body = {"message": failure.message, "code": failure.code}
                return json_response(body, failure.status)

        found = self._find(method, path)
        if found is None:
            log.error("FAKE DISCORD: UNKNOWN ROUTE %s %s (body %r)", method, path, record.json)
            fake.unknown_routes.append(record)
            return json_response({"message": "404: Not Found", "code": 0}, 404)

        if record.json is not None and fake.validate_bodies:
            violation = schema.validate_body(method, path, record.json, multipart=multipart)
            if violation is not None:
                log.error("FAKE DISCORD: SCHEMA VIOLATION %s", violation)
                fake.violations.append(violation)
                self._flag_interaction(path, f"schema violation: {violation}")
                return json_response(
                    {"message": "Invalid Form Body", "code": 50035, "errors": {}}, 400
                )

        too_many = _beyond_upload_limits(record.files)
        if too_many is not None:
            status, body = too_many
            log.error("FAKE DISCORD: UPLOAD REFUSED %s %s: %s", method, path, body["message"])
            return json_response(body, status)

        handler, params = found
        call = Call(method, path, params, dict(request.query), record.json, record.files, record)
        try:
            result = await handler(call)
        except ApiError as exc:
            return json_response(exc.body, exc.status)
        if result is None:
            return web.Response(status=204)
        return json_response(result)

    def _flag_interaction(self, path: str, problem: str) -> None:
        """Attach a problem to the interaction whose token is in the path, waking its driver."""
        for token, interaction in self.fake.interactions.items():
            if token in path:
                interaction.failure = problem
                interaction.answered.set()


# Discord's limits on one message's files: at most 10, and (for a bot in a server without
# boosts) 10 MiB in all, the `attachment_size_limit` the fake sends with every interaction.
MAX_FILES = 10
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _beyond_upload_limits(files: list[UploadedFile]) -> tuple[int, dict[str, Any]] | None:
    """Discord's answer to a message with too many files, or files too big in all."""
    if len(files) > MAX_FILES:
        return 400, {
            "message": "Invalid Form Body",
            "code": 50035,
            "errors": {
                "files": {
                    "_errors": [
                        {
                            "code": "BASE_TYPE_MAX_LENGTH",
                            "message": "Must be 10 or fewer in length.",
                        }
                    ]
                }
            },
        }
    if sum(len(f.data) for f in files) > MAX_UPLOAD_BYTES:
        return 413, {"message": "Request entity too large", "code": 40005}
    return None


async def _read_body(request: web.Request) -> tuple[Any, list[UploadedFile], bool]:
    if not request.body_exists:
        return None, [], False
    content_type = request.content_type
    if content_type.startswith("multipart/"):
        payload: Any = None
        files: list[UploadedFile] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "payload_json":
                payload = json.loads(await part.text())
            elif part.filename:
                files.append(
                    UploadedFile(
                        field=part.name or "",
                        filename=part.filename,
                        data=bytes(await part.read()),
                        content_type=part.headers.get("Content-Type"),
                    )
                )
        return payload, files, True
    raw = await request.read()
    if not raw:
        return None, [], False
    if content_type == "application/json":
        return json.loads(raw), [], False
    return raw.decode(errors="replace"), [], False


def now() -> float:
    """Monotonic seconds (one place, so records and results agree)."""
    return time.monotonic()
