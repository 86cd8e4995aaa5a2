"""Request-body validation against Discord's OpenAPI description (copied under openapi/)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).parent / "openapi" / "openapi.json"
SPEC_URI = "urn:discord-openapi"


@dataclass(frozen=True)
class SchemaViolation:
    """One request body that does not match its route's schema."""

    method: str
    path: str
    template: str
    errors: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.template}): " + "; ".join(self.errors)


@functools.cache
def spec() -> dict[str, Any]:
    """The parsed OpenAPI document (loaded once per process), with known gaps filled."""
    with SPEC_PATH.open(encoding="utf-8") as f:
        document = json.load(f)
    _fill_spec_gaps(document)
    return document


def _fill_spec_gaps(document: dict[str, Any]) -> None:
    """Fix places where the preview spec lags Discord's docs (the docs win; keep this short).

    - ChannelTypes lacks GUILD_MEDIA (16), which discord.py sends in channel_types for
      options typed as any guild channel.
    - SnowflakeType only allows strings; Discord also takes integers (discord.py sends
      attachment ids as upload indexes 0, 1, ... and recipient_id as an int).
    - MessageCreateRequest and MessageEditRequestPartial allow 4000 characters of content
      (a Nitro user's limit); Discord's docs give bots 2000, as for webhooks.
    """
    schemas = document["components"]["schemas"]
    for name in ("MessageCreateRequest", "MessageEditRequestPartial"):
        schemas[name]["properties"]["content"]["maxLength"] = 2000
    snowflake = schemas["SnowflakeType"]
    if "anyOf" not in snowflake:
        schemas["SnowflakeType"] = {"anyOf": [snowflake, {"type": "integer", "minimum": 0}]}
    channel_types = document["components"]["schemas"]["ChannelTypes"]["oneOf"]
    if not any(t.get("const") == 16 for t in channel_types):
        channel_types.append({"title": "GUILD_MEDIA", "const": 16})


@functools.cache
def _registry() -> Registry:
    resource = Resource.from_contents(spec(), default_specification=DRAFT202012)
    return Registry().with_resource(SPEC_URI, resource)


@functools.cache
def templates() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every path template in the spec with its split segments."""
    return tuple((p, tuple(p.strip("/").split("/"))) for p in spec()["paths"])


@functools.lru_cache(maxsize=4096)
def match_template(path: str) -> str | None:
    """The spec path template matching a concrete path; literal segments win over parameters."""
    segments = tuple(path.strip("/").split("/"))
    best: tuple[int, str] | None = None
    for template, parts in templates():
        if len(parts) != len(segments):
            continue
        score = 0
        for part, seg in zip(parts, segments, strict=True):
            if part.startswith("{") and part.endswith("}"):
                continue
            if part != seg:
                break
            score += 1
        else:
            if best is None or score > best[0]:
                best = (score, template)
    return best[1] if best else None


def _pointer_escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


@functools.cache
def _validator(template: str, method: str, content_type: str) -> Draft202012Validator | None:
    operation = spec()["paths"].get(template, {}).get(method.lower())
    if operation is None:
        return None
    content = operation.get("requestBody", {}).get("content", {})
    if content_type not in content:
        return None
    pointer = "/".join(
        _pointer_escape(t)
        for t in (
            "paths",
            template,
            method.lower(),
            "requestBody",
            "content",
            content_type,
            "schema",
        )
    )
    schema = {"$ref": f"{SPEC_URI}#/{pointer}"}
    return Draft202012Validator(schema, registry=_registry())


def operation_exists(template: str, method: str) -> bool:
    """Whether the spec documents this method on this path template."""
    return method.lower() in spec()["paths"].get(template, {})


def validate_body(
    method: str, path: str, body: Any, *, multipart: bool = False
) -> SchemaViolation | None:
    """Validate a JSON body (or a multipart payload_json) against its route; None when valid.

    Besides the spec, rules it cannot express are checked (see `_beyond_spec`).
    """
    template = match_template(path)
    if template is None:
        return None
    content_type = "multipart/form-data" if multipart else "application/json"
    validator = _validator(template, method, content_type)
    if validator is None and multipart:
        validator = _validator(template, method, "application/json")
    if validator is None:
        return None
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    messages = tuple(_describe(e) for e in errors[:10]) + _beyond_spec(body)
    if not messages:
        return None
    return SchemaViolation(method=method, path=path, template=template, errors=messages)


# Discord's limit on all the text of a message's embeds together (titles, descriptions,
# field names and values, footer texts, author names); the spec only limits each part.
EMBEDS_TOTAL_LIMIT = 6000


def _beyond_spec(body: Any) -> tuple[str, ...]:
    """Errors Discord gives that the OpenAPI spec cannot describe (cross-field limits)."""
    if not isinstance(body, dict):
        return ()
    data = body.get("data")
    embeds = body.get("embeds")
    if embeds is None and isinstance(data, dict):  # an interaction callback
        embeds = data.get("embeds")
    if not isinstance(embeds, list):
        return ()
    total = sum(_embed_chars(e) for e in embeds if isinstance(e, dict))
    if total > EMBEDS_TOTAL_LIMIT:
        return (f"embeds: {total} characters in all, over {EMBEDS_TOTAL_LIMIT}",)
    return ()


def _embed_chars(embed: dict[str, Any]) -> int:
    def text(value: Any) -> int:
        return len(value) if isinstance(value, str) else 0

    fields = embed.get("fields") or []
    footer, author = embed.get("footer") or {}, embed.get("author") or {}
    return (
        text(embed.get("title"))
        + text(embed.get("description"))
        + sum(text(f.get("name")) + text(f.get("value")) for f in fields if isinstance(f, dict))
        + (text(footer.get("text")) if isinstance(footer, dict) else 0)
        + (text(author.get("name")) if isinstance(author, dict) else 0)
    )


def _leaves(error: Any) -> list[Any]:
    if not error.context:
        return [error]
    return [leaf for sub in error.context for leaf in _leaves(sub)]


def _describe(error: Any) -> str:
    """The most telling sub-error: the deepest one (anyOf branches that merely name another
    callback or union type are shallow and lose)."""
    best = max(_leaves(error), key=lambda e: len(list(e.absolute_path)))
    where = "/".join(str(p) for p in best.absolute_path) or "<body>"
    if len(best.message) <= 160:
        return f"{where}: {best.message}"
    instance = repr(best.instance)
    size = f" (length {len(best.instance)})" if isinstance(best.instance, str | list) else ""
    rule = f"{best.validator} {best.validator_value!r}"[:80]
    return f"{where}: {instance[:40]}...{size} fails {rule}"
