"""Words for panel sessions: planning, running, the register, reminders and thanks."""

# --- problems with what was typed -------------------------------------------------------

TITLE_EMPTY = "Please give the session a title."
TITLE_TOO_LONG = "That title is too long. Please keep it to {limit} letters or fewer."
AGENDA_TOO_LONG = "The agenda is too long. Please keep it to {limit} letters or fewer."
NOTE_TOO_LONG = "The content note is too long. Please keep it to {limit} letters or fewer."
REASON_TOO_LONG = "The reason is too long. Please keep it to {limit} letters or fewer."
# Names of the typed fields, for refusals of text with nothing visible in it.
FIELD_TITLE = "title"
FIELD_AGENDA = "agenda"
FIELD_NOTE = "content note"
FIELD_REASON = "reason"
LENGTH_BAD = "A session must last from {low} to {high} minutes. Please pick a length in minutes."
PREP_BAD = "Prep time must be from 0 to {high} minutes. Please give it in minutes."
RULE_UNKNOWN = "Please pick planned or measured from the list."
SESSION_OPTION_BAD = "I could not tell which session you mean. Please pick one from the list."
WHEN_BAD = {
    "unreadable": (
        "I could not read '{text}' as a time. Try one of these: 2026-12-01 14:00, "
        "1 Dec 2pm, tomorrow 2pm, in 2 hours or next Tuesday 10:30."
    ),
    "empty": "Please say when the session starts. For example: tomorrow 2pm or 1 Dec 2pm.",
    "vague": (
        "'{text}' is not an exact time. Give a day and a time, for example "
        "next Tuesday 10:30 or 1 Dec 2pm."
    ),
    "past": (
        "'{text}' has already gone, or is just about to. Please pick a time in the future, "
        "for example tomorrow 2pm or in 2 hours."
    ),
    "gap": (
        "'{text}' does not exist here, because the clocks go forward then. "
        "Please pick a time one hour later or earlier."
    ),
    "out_of_range": "'{text}' is too far away. Please pick a time in the next five years.",
}

# Repeating sessions: the repeat and until options.
REPEAT_BAD = (
    "Please pick how often it repeats from the list: every week, every 2 weeks, or once a month."
)
UNTIL_WITHOUT_REPEAT = (
    "Until only works for a session that repeats. Please pick how often it repeats, "
    "or leave until empty."
)
UNTIL_COUNT_BAD = (
    "A repeating session can run from {low} to {high} times. Please give a number in that "
    "range, or the last date."
)
UNTIL_BAD = (
    "I could not read '{text}' as a date or a number of times. Try 10 for ten sessions, "
    "or a last date such as 30 June 2027."
)
UNTIL_BEFORE_FIRST = "That last date is before the first session. Please pick a later date."
UNTIL_ONE_ONLY = (
    "With that last date there would be only one session. Please pick a later date, "
    "or leave repeat empty to plan just one session."
)
REPEAT_TWICE = (
    "The clocks go back that night, so that time comes twice. "
    "Please pick another time for a session that repeats."
)
NOT_A_SERIES = "That session does not repeat, so there is nothing more to call off."

# --- finding the session ----------------------------------------------------------------

NOT_FOUND = "I could not find that session. Please pick one from the list as you type."
NOTHING_TO_START = "There is no planned session to start. Plan one first with /session schedule."
NOTHING_TO_END = "No session is running now, so there is nothing to end."
WHICH_TO_END = "More than one session is running. Please pick the one to end from the list."
ALREADY_LIVE_HERE = (
    "Another session is already running in that channel. End it first with /session end, "
    "then start this one."
)
START_NOT_SCHEDULED = {
    "live": "That session is already running.",
    "ended": "That session has already ended. Plan a new one with /session schedule.",
    "cancelled": "That session was called off. Plan a new one with /session schedule.",
}
END_NOT_LIVE = {
    "scheduled": "That session has not started yet. Start it first with /session start.",
    "ended": "That session has already ended. Its hours were saved when it ended.",
    "cancelled": "That session was called off, so there is nothing to end.",
}
CANCEL_NOT_SCHEDULED = {
    "live": "That session is running now. End it with /session end so people get paid.",
    "ended": "That session has already ended, so it cannot be called off.",
    "cancelled": "That session was already called off.",
}

# --- /session schedule ------------------------------------------------------------------

SCHEDULED = "Planned: **{title}** on {when_full} ({when_rel}), for {length}."
SCHEDULED_REMINDERS = "Members get a reminder {reminders} before it starts."
SCHEDULED_NO_REMINDERS = "It starts too soon for any reminders."
EVENT_MADE = "I also made a server event for it."
SCHEDULE_CLASH = (
    "**{title}** on {when_full} would overlap {others} in the same channel. "
    "Do you want to plan it anyway?"
)
CLASH_LINE = "**{title}** (session {number}, {when_full})"
PLAN_ANYWAY = "Plan it anyway"
DO_NOT_PLAN = "Do not plan it"
NOT_PLANNED = "All right. Nothing was planned."
SCHEDULING = "Planning it now."
EVENT_FORBIDDEN = (
    "I could not make a server event, because I do not have the right to. "
    "An admin can give me the Manage Events right. The session is still planned."
)
EVENT_FAILED = "I could not make a server event this time. The session is still planned."
CARD_FAILED = (
    "I could not post the session card in {channel}. Please check I can send messages there. "
    "The session is still planned."
)
CHANNEL_KIND_BAD = "Please pick a voice, stage or text channel for the session."
EVENT_TEXT_PLACE = "Text chat in #{channel}"
EVENT_DESCRIPTION = "Panel session. Length: {length}."

SCHEDULED_SERIES = "It repeats {rule}, {end}."
SERIES_PLANNED = (
    "I planned the next {count} now: {numbers}{events}. "
    "When one starts, I plan one more, so there are always {window} ahead."
)
SERIES_PLANNED_ALL = "I planned all {count} now: {numbers}{events}."
SERIES_PLANNED_BOTH = "I planned both now: {numbers}{events}."
# {events} above when every session got its server event (else the reply says what failed).
SERIES_EVENTS = ", each with its own server event"
SERIES_NUMBER = "session {number}"
# How a series repeats, in words. {time} is the time on the panel's clock.
REPEAT_WORDS = {
    "weekly": "every week on {weekday} at {time}",
    "fortnightly": "every 2 weeks on {weekday} at {time}",
    "monthly_weekday": "every month on the {nth} {weekday} at {time}",
    "monthly_date": "every month on day {day}{short} at {time}",
}
REPEAT_SHORT_MONTH = ", or the last day of a shorter month,"
REPEAT_NTH = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "last"}
REPEAT_TIME = "{time} ({zone} time)"
REPEAT_UNTIL = "until {day}"
REPEAT_COUNT = "{count} times in all"
REPEAT_OPEN = "until you stop it"  # to the coordinator who planned it
REPEAT_OPEN_PUBLIC = "with no end date yet"  # on the card, /session info and /session list
REPEAT_STOPPED = "stopped by a coordinator"
# The choices of the repeat option (Discord shows at most 100 letters).
REPEAT_CHOICES = {
    "weekly": "Every week",
    "fortnightly": "Every 2 weeks",
    "monthly_weekday": "Every month on the same weekday, like the first Tuesday",
    "monthly_date": "Every month on the same date, like the 5th",
}
CARD_REPEATS = "Repeats"
# The card's "Repeats" field: {rule} starts with a capital ("Every week on Sunday at 18:00 ...").
CARD_SERIES = "{rule}, {end}."

CARD_TITLE = "Session {number}: {title}"
CARD_WHEN = "When"
CARD_WHEN_VALUE = "{when_full} ({when_rel})"
CARD_LENGTH = "Length"
CARD_PREP = "Paid prep time"
CARD_AGENDA = "Agenda"
CARD_NOTE = "Content note"
CARD_WHERE = "Where"
CARD_FOOTER = "Times show in your own time zone."

# --- /session start ---------------------------------------------------------------------

STARTED = (
    "**{title}** has started in {where}. It was planned for {when_full}. "
    "I am keeping the register now."
)
STARTED_PRESENT = "{count} people in the channel were counted as here."
STARTED_PRESENT_ONE = "1 person in the channel was counted as here."
STARTED_EARLY = "Started {early} before its planned time."
START_WHICH = (
    "Which session do you want to start? None is planned in this channel, "
    "and none starts within 30 minutes. Pick one below."
)
START_PICK = "Pick a session to start"
START_EARLY_ASK = (
    "**{title}** is planned for {when_full} ({when_rel}). "
    "Do you want to start it now, {early} early?"
)
START_NOW = "Start it now"
START_NOT_NOW = "Not now"
NOT_STARTED = "All right. Nothing was started."
STARTING = "Starting it now."
START_CARD_TITLE = "Session {number}: {title} has started"
START_CARD_BODY = (
    "Welcome! If you are in the voice channel, I count you as here. "
    "If you are not, press I'm here. Press I'm leaving when you go. "
    "You can step away at any time. You do not need to say why."
)
# The same for a session held in a text channel, where nobody is in a voice channel.
START_CARD_BODY_TEXT = (
    "Welcome! Press I'm here so I count you as here, and I'm leaving when you go. "
    "You can step away at any time. You do not need to say why."
)
START_CARD_RULES = "Ground rules"
START_CARD_RULES_MORE = "There is more. Read all the ground rules with /groundrules."
START_CARD_FAILED = (
    "I could not post the start message with the I'm here button in the session channel. "
    "Please check I can send messages there. The register still counts voice presence."
)
BUTTON_HERE = "I'm here"
BUTTON_LEAVING = "I'm leaving"
HERE_SAVED = "Thank you. You are counted as here from {time}."
HERE_ALREADY = "You are already counted as here. You do not need to press it again."
LEAVING_SAVED = "Thank you for coming. I noted that you left at {time}. Take care."
LEAVING_STILL_VOICE = (
    "I noted that you left. You are still in the voice channel, so I still count you "
    "as here until you leave it."
)
LEAVING_NOT_HERE = "You are not counted as here just now, so there was nothing to change."
BUTTON_NOT_LIVE = "This session is not running now, so the register is closed."

# --- /session end -----------------------------------------------------------------------

ENDED_TITLE = "{title} has ended"
ENDED_RULE = {
    "planned": "Everyone who came gets the planned length of {length}.",
    "measured": "Everyone gets the time they were here, rounded up to 15 minutes.",
}
ENDED_NOBODY = "Nobody was in the register, so no hours were added."
ENDED_LINE = "{who}: here {present}. To be paid: {paid}."
ENDED_LINE_UNPAID = "{who}: here {present}. Not paid, as they ran the session."
ENDED_LINE_SHORT = (
    "{who}: here {present}, less than the {minimum} set for this panel. "
    "To be paid if you approve: {paid}."
)
ENDED_SHORT_NOTE = (
    "Some people were here less than {minimum}. Approve all leaves them out, "
    "so you can decide on each of them one by one."
)
ENDED_PAID = "{meeting} meeting"
ENDED_PAID_PREP = "{meeting} meeting and {prep} prep"
ENDED_PENDING = (
    "These hours are now waiting for approval. Press the button below, "
    "or use /hours review, to check and approve them."
)
ENDED_MORE = "and {count} more."
REVIEW_BUTTON = "Review hours"
ENDED_CARD_TITLE = "Session {number}: {title} has ended"
ENDED_CARD_BODY = "This session has ended. Thank you to everyone who came."
ENDED_CARD_WHO = "Who came"
ENDED_CARD_NOBODY = "Nobody was in the register."

# --- /session cancel --------------------------------------------------------------------

CANCELLED_REPLY = "**{title}** is called off. I will tell the members."
CANCELLED_DM = "**{title}** on {when_full} is called off. Sorry for any trouble."
CANCELLED_REASON = "The reason given: {reason}"
CANCELLED_CHANNEL = "**{title}** on {when_full} is called off."
CARD_CANCELLED = "**Called off.** This session will not take place."
CANCEL_WHICH = (
    "**{title}** on {when_full} is one of a series that repeats. "
    "Do you want to call off just this one, or this one and all later ones?"
)
CANCEL_JUST_THIS = "Just this one"
CANCEL_ALL_LATER = "This and all later ones"
CANCEL_KEEP = "Keep them"
NOT_CANCELLED = "All right. Nothing was called off."
CANCELLING = "Calling it off now."
CANCELLED_ONE_OF_SERIES = "The later sessions of the series are still planned."
CANCELLED_SERIES_REPLY = (
    "**{title}** is called off from {when_full} on: {count}. No more will be planned. "
    "I will tell the members."
)
CANCELLED_SESSIONS = {"one": "1 session", "many": "{count} sessions"}

# --- messages sent later ----------------------------------------------------------------

REMINDER_DM = (
    "A reminder: **{title}** starts {when_rel}, on {when_full}. It will last {length}. "
    "It takes place in {where}."
)
REMINDER_NOTE = "Content note: {note}"
STARTED_EARLY_NOTICE = (
    "**{title}** has started early, {early} before its planned time of {when_full}. "
    "It takes place in {where}. You can join now."
)
REMINDER_CHANNEL = "A reminder: **{title}** starts {when_rel}, on {when_full}."
THANKS_DM = (
    "Thank you for coming to **{title}** (session {number}). I logged {paid} for you. "
    "A coordinator will check it soon. You can see your hours any time with /hours me."
)
THANKS_PAID = "{meeting} of meeting time"
THANKS_PAID_PREP = "{meeting} of meeting time and {prep} of preparation"
# What a notice is, in the report to a coordinator when it could not be delivered.
LABEL_REMINDER = "the session reminder"
LABEL_CANCELLED = "the message that a session is called off"
LABEL_THANKS = "the thank-you message after a session"
LABEL_AUTO_ENDED = "the note that a session was ended by the bot"
LABEL_STARTED_EARLY = "the message that a session started early"
AUTO_ENDED_NOTE = (
    "**{title}** was still running long after its planned end, so I ended it. "
    "Everyone's hours were saved. Please check them with /hours review."
)

# --- /session list and info -------------------------------------------------------------

LIST_TITLE = "Panel sessions"
LIST_LIVE = "Running now"
LIST_UPCOMING = "Coming up"
LIST_OVERDUE = "Planned, but not started yet"
LIST_RECENT = "Recent"
LIST_CALLED_OFF = "Called off"
LIST_NONE = "There are no sessions yet."
LIST_LINE = "#{number} {title}: {when_full} ({when_rel}), {length}"
LIST_LINE_CANCELLED = "#{number} {title}: {when_full}, called off"
LIST_SERIES = "**{title}**, {rule}:"
LIST_SERIES_LINE = "- #{number} {when_full} ({when_rel}), {length}"
INFO_STATUS = "Status"
STATUS_NAMES = {
    "scheduled": "Planned",
    "live": "Running now",
    "ended": "Ended",
    "cancelled": "Called off",
}
INFO_REGISTER = "Register"
INFO_BREAKS = "Breaks asked for"
INFO_BREAKS_COUNT = "{count} (nobody is named)"
RULES_NOT_AGREED = "Only you can see this. Not agreed to the ground rules yet: {names}."
RULES_ALL_AGREED = "Every panel member has agreed to the ground rules."
INFO_REGISTER_EMPTY = "Nobody is in the register yet."
INFO_LINE = "{who}: here {present}"
INFO_LINE_NOW = "{who}: here {present}, still here"
INFO_REASON = "Why it was called off"
CHOICE_LABEL = "#{number} {title} · {when}"

# Command and option descriptions (shown in Discord's command picker).
CMD_SCHEDULE = "Plan a panel session"
OPT_SCHEDULE_TITLE = "A short name for the session"
OPT_SCHEDULE_WHEN = "When it starts, for example tomorrow 2pm or 2026-12-01 14:00"
OPT_SCHEDULE_LENGTH = "How long it lasts, in minutes"
OPT_SCHEDULE_CHANNEL = "The voice, stage or text channel it happens in"
OPT_SCHEDULE_PREP = "Paid preparation time for each member, in minutes"
OPT_SCHEDULE_AGENDA = "What the session will cover"
OPT_SCHEDULE_CONTENT_NOTE = "A warning about hard topics, if any"
OPT_SCHEDULE_REPEAT = "Make it a series: how often it repeats"
OPT_SCHEDULE_UNTIL = "With repeat: how many times (like 10), or the last date"
CMD_START = "Start a session and keep the register"
OPT_START_SESSION = "The session to start (default: the next one here)"
CMD_END = "End a session and save everyone's hours"
OPT_END_SESSION = "The session to end (default: the one running here)"
CMD_CANCEL = "Call off a planned session"
OPT_CANCEL_SESSION = "The session to call off"
OPT_CANCEL_REASON = "Why, in a few words (members will see it)"
CMD_LIST = "See upcoming and recent sessions"
CMD_INFO = "See one session's details"
OPT_INFO_SESSION = "The session to look at (type its number or part of its title)"
GROUP_DESCRIPTION = "Plan and run panel sessions"

# --- /setup reminders and /setup attendance ---------------------------------------------------
REMINDERS_SAVED = (
    "Saved. Members get a reminder {offsets} before each session you plan from now on. "
    "Sessions already planned keep the reminders they had."
)
REMINDERS_BAD = (
    "I could not read '{text}'. Write how long before, split by commas, "
    "for example 24h,1h or 2d,90m. Each must be from 1 minute to 14 days."
)
REMINDERS_TOO_MANY = "That is too many reminders. Please give five or fewer, for example 24h,1h."
SHOW_REMINDERS = "Reminders before sessions"
SHOW_ATTENDANCE = "How meeting time is paid"
ATTENDANCE_PLANNED = "The planned length, for everyone who came"
ATTENDANCE_MEASURED = "The time each person was there, rounded up to 15 minutes"
ATTENDANCE_SAVED = (
    "Saved. How meeting time is paid now: {rule}. It counts for sessions that end from now on."
)
ATTENDANCE_CHOICES = {"planned": "Planned length", "measured": "Time each person was there"}
CMD_REMINDERS = "How long before sessions to remind"
OPT_REMINDERS_BEFORE = "For example 24h,1h or 2d,30m"
CMD_ATTENDANCE = "Choose how meeting time is paid, and the shortest stay to pay in bulk"
OPT_ATTENDANCE_RULE = "Planned length for all who came, or the time each was there"
OPT_ATTENDANCE_MINIMUM = "Minutes. People here less are checked one by one (0 to check nobody)"
SHOW_ATTENDANCE_MINIMUM = "Short stays checked one by one"
ATTENDANCE_MINIMUM_WORDS = "People here less than {minimum} in a session"
ATTENDANCE_MINIMUM_NONE = "Nobody (the minimum is 0 minutes)"
ATTENDANCE_MINIMUM_SAVED = (
    "Saved. People here less than {minimum} in a session are now flagged, "
    "and left for you to approve one by one."
)
ATTENDANCE_MINIMUM_OFF = "Saved. Nobody is flagged for a short stay now."
ATTENDANCE_NOTHING = "Please choose a rule, a minimum, or both."
ATTENDANCE_MINIMUM_BAD = "Please give the minimum as a number of minutes from {low} to {high}."
