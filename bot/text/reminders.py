"""Words for /remind: personal and panel reminders, the list, cancelling and settings."""

GROUP_DESCRIPTION = "Reminders for you or the whole panel"
ME_DESCRIPTION = "Remind me by direct message at a time"
PANEL_DESCRIPTION = "Send all panel members a reminder at a time"
LIST_DESCRIPTION = "See the reminders you set"
CANCEL_DESCRIPTION = "Cancel one of your reminders"
SETTINGS_DESCRIPTION = "Your time zone, and whether you get session reminders"
WHEN_DESCRIPTION = "When, like in 2 hours, tomorrow 9am, Friday 5pm or 2026-12-24 10:00"
TEXT_DESCRIPTION = "What to remind about (up to 500 letters)"
CHANNEL_DESCRIPTION = "Where to mention members who get no direct messages"
ID_DESCRIPTION = "The reminder's number, like 12 (see /remind list)"
TIMEZONE_DESCRIPTION = "Your time zone, like Europe/London"
SESSION_REMINDERS_DESCRIPTION = "Get a direct message before each session"

EXAMPLES = "Try: in 90 seconds, in 3 days, tomorrow 9am, Friday 5pm or 2026-12-24 10:00."

# --- problems with what was typed -------------------------------------------------------

WHEN_BAD = {
    "unreadable": "I could not read '{text}' as a time. " + EXAMPLES,
    "empty": "Please say when. " + EXAMPLES,
    "vague": "'{text}' is not an exact time. Give a day and a time. " + EXAMPLES,
    "ampm": "Is '{text}' morning or afternoon? Add am or pm, like 7pm. " + EXAMPLES,
    "past": "'{text}' has already gone. Please pick a time in the future. " + EXAMPLES,
    "gap": (
        "'{text}' does not exist here, because the clocks go forward then. "
        "Please pick a time one hour later or earlier."
    ),
    "out_of_range": "'{text}' is too far away. Please pick a time within a year. " + EXAMPLES,
}
FIELD_TEXT = "reminder"
TEXT_EMPTY = "Please say what the reminder is about. For example: Send my feedback form."
TEXT_TOO_LONG = "That reminder is too long. Please keep it to {limit} letters or fewer."
TOO_MANY = (
    "You have {limit} reminders waiting, which is the most you can have. "
    "Cancel one with /remind cancel, or wait for one to be sent."
)
UNKNOWN_ID = (
    "I could not find a reminder of yours with that number. "
    "Use /remind list to see your reminders and their numbers."
)
NOT_YOURS = "That reminder is not yours, so you cannot cancel it. Nothing was changed."
TIMEZONE_BAD = "I do not know the time zone '{text}'. Pick one from the list, like Europe/London."
NOT_IN_PANEL = "Please use this in the panel's server."

# --- replies ----------------------------------------------------------------------------

SET_ME = "Done. I will send you reminder #{id} by direct message on {full} ({rel}):\n> {text}"
SET_ME_DMS_CLOSED = (
    "Your direct messages were closed when I last tried. If they still are, I will mention "
    "you in {channel} instead. The words stay private: you can read them with /remind list."
)
SET_PANEL = (
    "Done. I will send reminder #{id} to every panel member on {full} ({rel}):\n> {text}\n"
    "Members who get no direct messages will be named in {channel}."
)
READ_IN = "I read the time in {zone}. You can set your own time zone with /remind settings."
LIST_EMPTY = "You have no reminders waiting. Set one with /remind me."
LIST_HEADER = "Your reminders:"
LIST_PANEL_HEADER = "Panel reminders:"
LIST_RECENT_HEADER = "Sent in the last day:"
LIST_LINE = "#{id}: {full} ({rel}): {text}"
LIST_MORE = "And {count} more."
LIST_HOW_TO_CANCEL = "To cancel one, use /remind cancel with its number."
CANCELLED = "Reminder #{id} is cancelled. It will not be sent."
ALREADY_DONE = "Reminder #{id} was already sent or cancelled, so there is nothing to cancel."

SETTINGS_HEADER = "Your reminder settings:"
SETTINGS_ZONE = "Time zone: {zone}"
SETTINGS_ZONE_PANEL = "Time zone: the panel's, {zone}"
SETTINGS_SESSIONS_ON = "Session reminders: on. You get a direct message before each session."
SETTINGS_SESSIONS_OFF = (
    "Session reminders: off. You get no direct message before sessions. "
    "Turn them on with /remind settings."
)
SETTINGS_SAVED = "Saved."

# --- what members receive ---------------------------------------------------------------

DUE_PERSONAL = "Reminder: {text}"
DUE_PANEL = "Reminder for the panel: {text}"
SET_AT = "You set this on {full}."
MISSED = (
    "Sorry, I was not running when some of your reminders were due, and it is now too late "
    "to send them. These were missed: {numbers}. Set them again with /remind me if you "
    "still need them."
)
MISSED_SESSIONS = (
    "Sorry, I was not running when some session reminders were due, and the sessions had "
    "already started when I was back. So I did not send these reminders to members:\n{lines}"
)
MISSED_SESSIONS_TOO = (
    "Some session reminders were due then too, and the sessions had already started when I "
    "was back. So I did not send these reminders to members:\n{lines}"
)
MISSED_SESSION_LINE = "- Session {number}, {title}, on {full}: {which}"
MISSED_SESSION_WHICH = {
    "one": "the reminder {offsets} before",
    "many": "the reminders {offsets} before",
}
LABEL_PERSONAL = "your reminder"
LABEL_PANEL = "the panel reminder"
LABEL_MISSED = "the note about missed reminders"

# /help: a line for a member who turned session reminders off.
HELP_SESSIONS_OFF = (
    "You turned session reminders off, so you get no direct message before sessions. "
    "Use /remind settings to turn them on."
)
