"""Words for /help."""

TITLE = "What I can do for you"
INTRO = (
    "I help this panel meet, share views and get paid for its time. "
    "Here is what you can do. Type / and a command name to start."
)
LEVEL_HEADINGS = {
    "EVERYONE": "Anyone can",
    "MEMBER": "As a panel member you can",
    "COORDINATOR": "As a coordinator you can also",
    "ADMIN": "As an admin you can also",
}
NOT_MEMBER = (
    "You do not have the panel member role yet. Ask a coordinator to give it to you. "
    "Then you can take part and claim your time."
)
IN_DM = (
    "In a direct message I cannot see your roles. "
    "Use /help in your panel's server to see all you can do there."
)
FOOTER = "Your replies from me are private unless I say so."

# Command and option descriptions (shown in Discord's command picker).
CMD_HELP = "What I can do for you"
