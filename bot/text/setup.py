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
SHOW_TITLE = "Panel settings"
SHOW_TIMEZONE = "Time zone"
SHOW_ROLES = "Roles"
ROLES_LINE = "Coordinators: {coordinator}\nMembers: {member}\nAdmins: {admin}"
SHOW_NOTICES = "Closed direct messages"
SHOW_NOTICES_CHANNEL = "Members who do not take direct messages are mentioned in <#{channel}>."
SHOW_NOTICES_DEFAULT = (
    "Members who do not take direct messages are mentioned in the session's channel. "
    "Choose one channel for this with /setup notices."
)
NOTICES_SAVED = (
    "Saved. When a member does not take direct messages, I will mention them in {channel}. "
    "Private news, like hours or pay, is never shown there."
)
NOTICES_CLEARED = (
    "Saved. When a member does not take direct messages, I will mention them in the channel "
    "of the session, as before."
)

# Command and option descriptions (shown in Discord's command picker).
CMD_ROLES = "Choose the coordinator, member and admin roles"
OPT_ROLES_COORDINATOR = "The role for people who run sessions"
OPT_ROLES_MEMBER = "The role for panel members"
OPT_ROLES_ADMIN = "The admin role, if any. People who manage the server are always admins."
CMD_TIMEZONE = "Set the panel's time zone"
OPT_TIMEZONE_NAME = "A time zone such as Europe/London"
CMD_SHOW = "Show all panel settings"
CMD_NOTICES = "Choose where to mention members who do not take direct messages"
OPT_NOTICES_CHANNEL = "The channel. Leave it out to use each session's own channel."
GROUP_DESCRIPTION = "Set up this panel (admins)"
