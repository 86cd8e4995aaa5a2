"""Words the notifier uses for every feature: closed-DM fallbacks and failure reports."""

# A member's DMs are closed: the message was public anyway, so it follows the mentions.
DMS_CLOSED = "{mentions} I could not send you a direct message, so here it is."
# A member's DMs are closed and the message is private (hours, a decision, an amount).
DMS_CLOSED_PRIVATE = "{mentions} I could not send you a direct message. Please check {command}."
# Told once to whoever caused a message that could not be delivered after the last try.
FAILED_MEMBERS = "I could not send {what} to {who}. I tried for over an hour. Please tell them."
FAILED_POST = "I could not post {what}. I tried for over an hour."
# Told to coordinators: how many of the people a message is for have DMs closed.
CLOSED_COUNT_ONE = "1 member has direct messages closed, so I mention them in {where} instead."
CLOSED_COUNT = "{count} members have direct messages closed, so I mention them in {where} instead."
CLOSED_NOWHERE_ONE = (
    "1 member has direct messages closed. Choose a channel to mention them in with /setup notices."
)
CLOSED_NOWHERE = (
    "{count} members have direct messages closed. Choose a channel to mention them in with "
    "/setup notices."
)
