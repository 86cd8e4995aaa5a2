"""Words for /break, /support, ground rules and consent."""

# --- /break ---------------------------------------------------------------------------------
CMD_BREAK = "Ask for a short break. Nobody will know it was you."
BREAK_REPLY = (
    "Take the time you need. Nobody will be told it was you. "
    "Come back when you are ready, or not at all today. That is fine too."
)
BREAK_NOTICE = "A member asked for a short break in {session}. You will not be told who."
BREAK_NOTICE_NO_SESSION = "A member asked for a short break. You will not be told who."
BREAK_LABEL = "the note that a member asked for a break"

# --- /support -------------------------------------------------------------------------------
CMD_SUPPORT = "Ask the coordinators for support. They will see your name."
OPT_SUPPORT_MESSAGE = "What you want the coordinators to know (you can leave this out)"
SUPPORT_CONFIRM = (
    "If you send this, the coordinators will see your name and your message. "
    "Only they will get it, by direct message. Do you want to send it?"
)
SUPPORT_CONFIRM_NO_MESSAGE = (
    "If you send this, the coordinators will see your name, so they can get in touch. "
    "Only they will get it, by direct message. Do you want to send it?"
)
SUPPORT_CONFIRM_QUOTE = "Your message"
SUPPORT_SEND = "Send to coordinators"
SUPPORT_DONT = "Don't send"
SUPPORT_NOT_SENT = "Nothing was sent and nothing was kept."
SUPPORT_SENT = "Your request was sent to the coordinators. Someone will be in touch."
SUPPORT_NO_COORDINATORS = (
    "I could not reach any coordinator just now, but your request is saved. "
    "Please also tell someone you trust."
)
SUPPORT_HELP_HEADER = "If you need help now:"
DEFAULT_SIGNPOSTING = (
    "Samaritans: call 116 123 (free, any time).\nNHS 111 for urgent help.\n999 in an emergency."
)
SUPPORT_DM = "{name} asked for support in {panel}."
SUPPORT_DM_MESSAGE = "Their message:\n> {message}"
SUPPORT_DM_MESSAGE_BELOW = "Their message is long, so it is shown below."
SUPPORT_DM_MESSAGE_TITLE = "Their message"
SUPPORT_DM_NO_MESSAGE = "They did not add a message. Please get in touch with them."
SUPPORT_DM_SOME_PANEL = "your panel"
SUPPORT_LABEL = "a member's request for support"
SUPPORT_TOO_LONG = "Your message is too long. Please keep it to {limit} characters or fewer."
SUPPORT_EMPTY = "Your message is empty. Type a message, or leave the option out."

# --- ground rules ---------------------------------------------------------------------------
CMD_GROUNDRULES = "Read the panel's ground rules and say you agree"
GROUNDRULES_HEADER = "Our ground rules"
GROUNDRULES_NONE = "This panel has not written its ground rules yet. A coordinator can add them."
GROUNDRULES_AGREE = "I agree"
GROUNDRULES_THANKS = "Thank you. We have noted that you agree to the ground rules."
GROUNDRULES_ALREADY = "You have already agreed to these ground rules. Thank you."
GROUNDRULES_SAVED = "The ground rules are saved. Members can read them with /groundrules."
GROUNDRULES_SCORE = "Reading ease: {score} out of 100. We aim for {threshold} or more."
GROUNDRULES_HARD = (
    "Some members may find them hard to read. Try shorter sentences and everyday words, "
    "then save them again."
)
GROUNDRULES_TOO_LONG = "The ground rules are too long. Please keep them to {limit} characters."
GROUNDRULES_FORM_TITLE = "The panel's ground rules"
GROUNDRULES_FORM_LABEL = "Ground rules"
GROUNDRULES_NOT_AGREED = "Not agreed to the ground rules yet: {names}."
GROUNDRULES_ALL_AGREED = "Everyone here has agreed to the ground rules."
GROUNDRULES_ON_CARD = "Ground rules: please read them with /groundrules before we start."

# --- consent --------------------------------------------------------------------------------
CONSENT_ASK = (
    "Before you start, here is what this bot keeps about you.\n"
    "- What: your hours and pay, the costs you claim back and their receipts, how you want "
    "to be paid, your reminders and settings, whether you agreed to the ground rules, "
    "and any request for support you send.\n"
    "- Why: so you are paid on time and the panel runs well.\n"
    "- Who sees it: the coordinators and admins of this panel. Finance sees what they need "
    "to pay you. Anonymous posts and votes are never linked to you.\n"
    "- How long: until you erase it with /mydata erase. Pay records are kept for 6 years "
    "after the end of the tax year, as the law asks.\n"
    "Time you spend in a session is still counted for pay, even if you say not now.\n"
    "Do you agree?"
)
CONSENT_AGREE = "I agree"
CONSENT_NOT_NOW = "Not now"
CONSENT_NOT_NOW_REPLY = (
    "That is fine. Nothing was kept, and your command did not run. "
    "You can agree any time by running it again."
)
CONSENT_THANKS_BUTTON = "Thank you. Please press the button again to go on."
CMD_MYDATA_CONSENT = "See your consent, or take it back"
CONSENT_SHOW = "You agreed on {when}. You can take it back below."
CONSENT_NONE = "You have not agreed yet. The bot keeps nothing personal about you until you do."
CONSENT_WITHDRAW = "Take back my consent"
CONSENT_WITHDRAWN = (
    "Your consent is taken back. The bot will not keep new things about you. "
    "Hours you already worked stay, so you can still be paid. "
    "To remove the rest, use /mydata erase."
)

# --- /setup for wellbeing -------------------------------------------------------------------
CMD_SETUP_GROUNDRULES = "Write the panel's ground rules (a form opens if you leave text out)"
OPT_GROUNDRULES_TEXT = "The ground rules, in plain words"
CMD_SETUP_SUPPORT = "Write where members can find help, shown after /support"
OPT_SUPPORT_TEXT = "Phone numbers and places to get help. Write reset for the default."
SUPPORT_TEXT_SAVED = "Saved. Members who use /support will now see:\n{text}"
SUPPORT_TEXT_EMPTY = "The support text is empty. Type some help lines, or write reset."
CMD_SETUP_STAFF = "Choose a private staff channel for break notices"
OPT_STAFF_CHANNEL = "Leave it out to send break notices to each coordinator by direct message"
STAFF_SAVED = "Break notices will go to {channel}. Keep this channel private to staff."
STAFF_CLEARED = "Break notices will go to each coordinator by direct message."
CMD_SETUP_RETENTION = "Choose how long anonymous posts and break counts are kept"
OPT_RETENTION_YEARS = "Whole years, from 1 to 10"
RETENTION_SAVED = "Anonymous posts, unclear signals and break counts will be kept for {years}."
RETENTION_BAD = "Please choose a number of years from 1 to 10."
YEARS = {1: "1 year"}
YEARS_MANY = "{n} years"
SHOW_GROUNDRULES = "Ground rules"
SHOW_GROUNDRULES_SET = "Written ({characters} characters). Members read them with /groundrules."
SHOW_SUPPORT = "Help shown after /support"
SHOW_STAFF = "Break notices"
SHOW_STAFF_DM = "By direct message to each coordinator"
SHOW_RETENTION = "Anonymous records kept for"
SHOW_DEFAULT = "(the default)"

# --- /mydata --------------------------------------------------------------------------------
GROUP_MYDATA = "See or erase what the bot keeps about you"
CMD_MYDATA_SHOW = "Get a file of everything the bot keeps about you"
CMD_MYDATA_ERASE = "Erase what the bot keeps about you (pay records stay)"
MYDATA_FILE_ABOUT = (
    "Everything LEAP bot keeps about you. Anonymous posts and votes are listed because only "
    "you can find them. Nobody else can link them to you. Kinds of data that hold nothing of "
    "yours are left out."
)
MYDATA_FILE_NOTHING = "The bot keeps nothing about you in this panel."
MYDATA_SHOWN = "Here is everything the bot keeps about you: {records}. Only you can see this."
MYDATA_SHOWN_PANELS = (
    "Here is everything the bot keeps about you in {panels}: {records}. Only you can see this."
)
MYDATA_RECORDS = {"one": "1 record", "many": "{count} records"}
MYDATA_NO_PANEL = "I share no panel with you, so I keep nothing about you."
MYDATA_ERASE_ASK = (
    "This will erase:\n"
    "- your anonymous posts (they are taken down from the channels),\n"
    "- your votes on polls that are still open,\n"
    "- your reminders and settings,\n"
    "- how you want to be paid and your payee name,\n"
    "- your consent and ground rules agreement,\n"
    "- support requests you sent.\n"
    "{stays}\n"
    "Do you want to erase your data?"
)
MYDATA_STAYS = "This will stay:\n{lines}"
MYDATA_STAYS_NOTHING = "Nothing of yours will stay."
MYDATA_KEPT_LINE = "- {name}: {why}"
MYDATA_ERASE = "Erase"
MYDATA_KEEP = "Keep my data"
MYDATA_KEPT_REPLY = "Nothing was erased."
MYDATA_ERASED_RECORDS = {"one": "1 record was", "many": "{count} records were"}
MYDATA_ERASED = (
    "Done. {records} erased. Your pay records stay for 6 years after the end of "
    "the tax year, so you can still be paid. /mydata show lists what is left."
)
MYDATA_ERASE_RUNNING = "Your data is already being erased. Please wait a moment."
MYDATA_IN_SERVER = "Please use this in the panel's server, so I know which panel you mean."
