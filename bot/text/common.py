"""Words used across features: errors, refusals, generic replies."""

GENERIC_APOLOGY = (
    "Sorry, something went wrong on our side, so this may not have worked. "
    "Please check before you try again. If it keeps happening, tell a coordinator."
)
SERVER_ONLY = "Please use this in the panel's server, not in a direct message."
BAD_OPTION = "I could not read one of the options you gave. Please check it and try again."
NEED_ROLE = "You need the {role} role to do this. Ask an admin if you think you should have it."
NEED_ROLE_UNSET = (
    "Only {level} can do this. An admin can choose the {role} role with the /setup roles command."
)
NEED_ADMIN_UNSET = (
    "Only admins can do this. Admins are the server owner and people who can manage the server."
)
LEVEL_NAMES = {
    "MEMBER": "panel members",
    "COORDINATOR": "coordinators",
    "ADMIN": "admins",
}
ROLE_NAMES = {"MEMBER": "member", "COORDINATOR": "coordinator", "ADMIN": "admin"}
TOO_FAST = "You are going a bit fast. Please wait {seconds} seconds and try again."
BUTTON_GONE = (
    "This button no longer works: the question ran out of time, or I restarted. "
    "Please use the command again."
)
NOT_YOURS = "This button is for someone else. Run the command yourself to get your own."
# Opens every reminder (session, personal or panel) sent late because the bot was down.
LATE_APOLOGY = "Sorry, this is late: "
TEXT_INVISIBLE = (
    "The {what} you typed has nothing anyone can see, only hidden marks or spaces. "
    "Please type it again with letters or numbers."
)
TEXT_TOO_LONG = "The {what} is too long. Please keep it to {limit} characters or fewer."
NOT_SET = "not set"
DB_BUSY = "The bot is busy. Please try again in a minute. Nothing was saved."
DB_BUSY_PARTLY = (
    "The bot is busy, so only part of this was saved. "
    "Please check what is there, then try again in a minute."
)
