"""The fake gateway: HELLO, IDENTIFY/READY, GUILD_CREATE, heartbeats, RESUME, dispatch."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from .server import FakeDiscord

log = logging.getLogger("fakediscord.gateway")

HEARTBEAT_INTERVAL_MS = 41_250

# Intent bits.
GUILD_MEMBERS, GUILD_VOICE_STATES, GUILD_MESSAGES, DIRECT_MESSAGES, MESSAGE_CONTENT = (
    1,
    7,
    9,
    12,
    15,
)

# Gateway opcodes.
DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, VOICE_STATE = 0, 1, 2, 3, 4
RESUME, RECONNECT, REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 6, 7, 8, 9, 10, 11


@dataclass
class Session:
    """One gateway session: its sequence numbers and every event sent, for RESUME replays."""

    id: str
    intents: int
    seq: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)
    ws: web.WebSocketResponse | None = None

    def next_frame(self, event: str, data: Any) -> dict[str, Any]:
        """Number and keep a dispatch frame."""
        self.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": self.seq, "d": data}
        self.events.append(frame)
        return frame


class Gateway:
    """Serves the websocket the bot connects to and records every op it sends."""

    def __init__(self, fake: FakeDiscord) -> None:
        self._fake = fake
        self.session: Session | None = None
        self.received: list[dict[str, Any]] = []
        self.identifies = 0
        self.resumes = 0
        self.connections = 0
        self.withheld: list[tuple[str, Any]] = []  # events the bot's intents did not ask for
        self.heartbeats: list[int | None] = []  # the sequence number in each client heartbeat
        self._changed = asyncio.Condition()
        self._sockets: set[web.WebSocketResponse] = set()

    # -- waiting --------------------------------------------------------------------------

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_until(self, predicate: Any, within: float = 5.0) -> None:
        """Wait until predicate() is true (checked on every gateway change)."""

        async def waiter() -> None:
            async with self._changed:
                await self._changed.wait_for(predicate)

        await asyncio.wait_for(waiter(), within)

    async def wait_identified(self, count: int = 1, within: float = 5.0) -> None:
        """Wait until the bot has sent IDENTIFY `count` times in total."""
        await self.wait_until(lambda: self.identifies >= count, within)

    async def wait_resumed(self, count: int = 1, within: float = 5.0) -> None:
        """Wait until the bot has sent RESUME `count` times in total and got RESUMED."""
        await self.wait_until(lambda: self.resumes >= count, within)

    async def barrier(self, within: float = 3.0) -> None:
        """Wait until the client has read every event sent so far.

        Sends op 1 (Discord asking for a heartbeat now); discord.py answers from its read
        loop with the last sequence number it processed, so an answer carrying the current
        sequence means every earlier event was parsed and its handlers scheduled.
        """
        session = self.session
        if session is None or session.ws is None:
            raise RuntimeError("no live gateway connection")
        target, seen = session.seq, len(self.heartbeats)
        await session.ws.send_str(json.dumps({"op": HEARTBEAT, "d": None}))

        def caught_up() -> bool:
            return any((d or 0) >= target for d in self.heartbeats[seen:])

        await self.wait_until(caught_up, within)

    # -- controls -------------------------------------------------------------------------

    @property
    def connected(self) -> bool:
        """Whether the current session has a live socket."""
        return self.session is not None and self.session.ws is not None

    async def drop(self, code: int = 4000) -> None:
        """Close the bot's socket abruptly; the client should reconnect and RESUME."""
        if self.session is None or self.session.ws is None:
            raise RuntimeError("no live gateway connection to drop")
        ws, self.session.ws = self.session.ws, None
        await ws.close(code=code, message=b"dropped by test")

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT; the client should reconnect and RESUME."""
        if self.session is None or self.session.ws is None:
            raise RuntimeError("no live gateway connection")
        await self.session.ws.send_str(json.dumps({"op": RECONNECT, "d": None}))

    async def dispatch(self, event: str, data: Any) -> float:
        """Send a dispatch event to the current session; returns the monotonic send time.

        Before any bot has identified, nothing is sent. When the socket is down (between a
        drop and the RESUME) the event is kept and replayed on RESUME, as Discord does.
        """
        session = self.session
        if session is None:
            # No bot yet: the change is in the world and reaches the bot in GUILD_CREATE.
            log.info("fake gateway: %s not sent, no bot has identified yet", event)
            return time.monotonic()
        frame = session.next_frame(event, data)
        sent = time.monotonic()
        if session.ws is not None and not session.ws.closed:
            await session.ws.send_str(json.dumps(frame))
        return sent

    async def dispatch_for(self, intent_bit: int, event: str, data: Any) -> float:
        """Dispatch only when the bot identified with this intent (as Discord does).

        A withheld event is kept in `withheld`; the return value is the time either way.
        """
        if not self.wants(intent_bit):
            log.info("fake gateway: %s withheld (intent bit %s not requested)", event, intent_bit)
            self.withheld.append((event, data))
            return time.monotonic()
        return await self.dispatch(event, data)

    def wants(self, intent_bit: int) -> bool:
        """Whether the current session asked for an intent."""
        return self.session is not None and bool(self.session.intents & (1 << intent_bit))

    async def close_all(self) -> None:
        """Close every open socket (server shutdown)."""
        for ws in list(self._sockets):
            await ws.close(code=1001)

    # -- protocol -------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """aiohttp handler for one websocket connection."""
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        self._sockets.add(ws)
        self.connections += 1
        try:
            await ws.send_str(
                json.dumps({"op": HELLO, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}})
            )
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                payload = json.loads(msg.data)
                self.received.append(payload)
                await self._on_op(ws, payload)
        finally:
            self._sockets.discard(ws)
            if self.session is not None and self.session.ws is ws:
                self.session.ws = None
            await self._notify()
        return ws

    async def _on_op(self, ws: web.WebSocketResponse, payload: dict[str, Any]) -> None:
        op, data = payload.get("op"), payload.get("d") or {}
        if op == HEARTBEAT:
            self.heartbeats.append(payload.get("d"))
            await ws.send_str(json.dumps({"op": HEARTBEAT_ACK, "d": None}))
            await self._notify()
        elif op == IDENTIFY:
            await self._identify(ws, data)
        elif op == RESUME:
            await self._resume(ws, data)
        elif op == REQUEST_MEMBERS:
            await self._members_chunk(ws, data)
        elif op in (PRESENCE, VOICE_STATE):
            pass  # recorded in self.received
        else:
            log.warning("fake gateway: unhandled op %s: %r", op, payload)

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        fake = self._fake
        session = Session(id=uuid.uuid4().hex, intents=int(data.get("intents", 0)), ws=ws)
        old = self.session
        self.session = session
        if old is not None and old.ws is not None and old.ws is not ws:
            old.ws = None
        ready = {
            "v": 10,
            "user": fake.bot_user.to_dict() | {"verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in fake.guilds.values()],
            "session_id": session.id,
            "resume_gateway_url": fake.gateway_url,
            "application": {"id": str(fake.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
        }
        frames = [session.next_frame("READY", ready)]
        for guild in fake.guilds.values():
            frames.append(session.next_frame("GUILD_CREATE", guild.to_gateway_dict()))
        for frame in frames:
            await ws.send_str(json.dumps(frame))
        self.identifies += 1
        await self._notify()

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        session = self.session
        if session is None or data.get("session_id") != session.id:
            await ws.send_str(json.dumps({"op": INVALID_SESSION, "d": False}))
            return
        session.ws = ws
        last = int(data.get("seq") or 0)
        for frame in session.events:
            if frame["s"] > last:
                await ws.send_str(json.dumps(frame))
        await ws.send_str(json.dumps(session.next_frame("RESUMED", {})))
        self.resumes += 1
        await self._notify()

    async def _members_chunk(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        session = self.session
        guild = self._fake.guilds.get(int(data["guild_id"]))
        if session is None or guild is None:
            return
        wanted = {int(u) for u in data.get("user_ids") or []}
        members = [m.to_dict() for uid, m in guild.members.items() if not wanted or uid in wanted]
        chunk = {
            "guild_id": str(guild.id),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        await ws.send_str(json.dumps(session.next_frame("GUILD_MEMBERS_CHUNK", chunk)))
