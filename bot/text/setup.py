"""Words for panel set-up by admins."""

ROLES_SAVED = (
    "Saved. Coordinators: {coordinator}. Members: {member}. Admins: {admin}. "
    "People with these roles can now use the matching commands."
)
ROLES_SAME = "The coordinator and member roles must be different roles. Please pick two."
ADMIN_IS_MEMBER = (
    "The admin role cannot be the member role, or every member would be an admin. "
    "Please pick another role for admins, or leave it out."
)
ROLE_EVERYONE = (
    "Please pick a real role, not @everyone. Make a role for your panel first, then try again."
)
ROLE_BOT = "That role belongs to a bot. Please pick a role that people hold."
ADMIN_DEFAULT = "server owner and people who can manage the server"
TIMEZONE_SAVED = "Saved. The panel's time zone is now {name}. It is {local} there now."
TIMEZONE_UNKNOWN = (
    "I do not know the time zone '{name}'. Pick one from the list as you type, "
    "for example Europe/London."
)
REMINDERS_SAVED = (
    "Saved. Members get a reminder {offsets} before each session you plan from now on. "
    "Sessions already planned keep the reminders they had."
)
REMINDERS_BAD = (
    "I could not read '{text}'. Write how long before, split by commas, "
    "for example 24h,1h or 2d,30m. Each must be from 5 minutes to 14 days."
)
REMINDERS_TOO_MANY = "That is too many reminders. Please give five or fewer, for example 24h,1h."
SHOW_TITLE = "Panel settings"
SHOW_TIMEZONE = "Time zone"
SHOW_ROLES = "Roles"
SHOW_REMINDERS = "Reminders before sessions"
SHOW_ATTENDANCE = "How meeting time is paid"
ATTENDANCE_PLANNED = "The planned length, for everyone who came"
ATTENDANCE_MEASURED = "The time each person was there, rounded up to 15 minutes"
NOT_SET = "not set"
ROLES_LINE = "Coordinators: {coordinator}\nMembers: {member}\nAdmins: {admin}"
ATTENDANCE_SAVED = (
    "Saved. How meeting time is paid now: {rule}. It counts for sessions that end from now on."
)
ATTENDANCE_CHOICES = {"planned": "Planned length", "measured": "Time each person was there"}

# --- /setup rate and /setup payments ---------------------------------------------------------
CMD_RATE = "Set the pay rate for a kind of work, from a date"
CMD_PAYMENTS = "Set a daily limit on paid hours and the budget code"
OPT_RATE_ACTIVITY = "The kind of work"
OPT_RATE_POUNDS = "Pounds per hour, like 12.50"
OPT_RATE_FROM = "The first day this rate counts, like 2026-04-01 (today if left out)"
OPT_CAP = "Most paid hours per person per day, like 6 (none to remove it)"
OPT_BUDGET = "The budget code finance uses for this panel"
RATE_SAVED = (
    "Saved. {activity} is paid {pounds} an hour from {day}. "
    "Hours approved before now keep the rate they had."
)
PAYMENTS_SAVED = "Saved. Daily limit: {cap}. Budget code: {code}."
CAP_NONE = "no limit"
CAP_HOURS = "{time} a day"
SHOW_RATES = "Pay rates"
SHOW_NO_RATES = "No rates yet. Set one with /setup rate."
SHOW_RATE_LINE = "{activity}: {pounds} an hour"
SHOW_RATE_FROM = " (from {day})"
SHOW_RATE_NEXT = ", then {pounds} from {day}"
SHOW_PAYMENTS = "Daily limit and budget code"

# Command and option descriptions (shown in Discord's command picker).
CMD_ROLES = "Choose the coordinator, member and admin roles"
OPT_ROLES_COORDINATOR = "The role for people who run sessions"
OPT_ROLES_MEMBER = "The role for panel members"
OPT_ROLES_ADMIN = "The admin role, if any. People who manage the server are always admins."
CMD_TIMEZONE = "Set the panel's time zone"
OPT_TIMEZONE_NAME = "A time zone such as Europe/London"
CMD_REMINDERS = "How long before sessions to remind"
OPT_REMINDERS_BEFORE = "For example 24h,1h or 2d,30m"
CMD_ATTENDANCE = "Choose how meeting time is paid"
OPT_ATTENDANCE_RULE = "Planned length for all who came, or the time each was there"
CMD_SHOW = "Show all panel settings"
GROUP_DESCRIPTION = "Set up this panel (admins)"
