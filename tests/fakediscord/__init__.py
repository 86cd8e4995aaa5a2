"""A loopback fake of Discord's REST API and gateway for end-to-end tests of the real client."""

from .commands import CommandError, Upload
from .driver import Driver
from .harness import FAKE_TOKEN, BotRunner, BotStarter, start_bot
from .model import CATEGORY, DM, STAGE, TEXT, VOICE
from .records import EditRecord, RequestRecord, UploadedFile
from .results import InteractionResult, Result
from .schema import SchemaViolation
from .server import FakeDiscord, HarnessError

__all__ = [
    "CATEGORY",
    "DM",
    "FAKE_TOKEN",
    "STAGE",
    "TEXT",
    "VOICE",
    "BotRunner",
    "BotStarter",
    "CommandError",
    "Driver",
    "EditRecord",
    "FakeDiscord",
    "HarnessError",
    "InteractionResult",
    "RequestRecord",
    "Result",
    "SchemaViolation",
    "Upload",
    "UploadedFile",
    "start_bot",
]
