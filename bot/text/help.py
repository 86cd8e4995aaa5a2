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
FOOTER = "My replies to you are private unless I say so."
MEMBER_DM = (
    "During a session you can also send me a direct message. "
    "I will ask you first, then post it without your name."
)

# Command and option descriptions (shown in Discord's command picker).
CMD_HELP = "What I can do for you"
