"""Words for hours: claims, reviews, corrections and members' own totals."""

ACTIVITY_UNKNOWN = (
    "'{activity}' is not a kind of work I know. Pick one from the list: meeting, preparation, "
    "review, training, travel or other."
)
NOTE_TOO_LONG = "That note is too long. Please keep it to {limit} letters or fewer."
# Names of the typed fields, for refusals of text with nothing visible in it.
FIELD_NOTE = "note"
FIELD_REASON = "reason"
DATE_UNREADABLE = (
    "I could not read the date '{text}'. Try a date like 2026-03-02, 2 March or yesterday."
)
DATE_TOO_FAR = "That date is too far away. Please pick a day within five years of today."
SESSION_NOT_FOUND = "I cannot find session {session} in this panel. Check the number and try again."
NO_RATE = (
    "There is no pay rate for {activity} on {day}, so I did not approve it. "
    "An admin can add one with /setup rate, with from_date. Then try again."
)
ADD_NO_RATE = (
    "There is no pay rate for {activity} on {day}, so I did not add this time. Nothing was "
    "saved. An admin can add a rate with /setup rate, with from_date. Then try again."
)
NO_RATE_LINE = (
    "No rate for {activity} on {day}. An admin can add one with /setup rate, with from_date."
)
OWN_CLAIM_LINE = "This is your own claim. Another coordinator must decide it."
ALREADY_DECIDED = "Entry {entry} has already been decided, so I left it as it is."
ENTRY_NOT_FOUND = "I cannot find entry {entry} in this panel. Check the number and try again."
OWN_CLAIM = "You cannot decide on your own claim. Please ask another coordinator to do it."
CLAIM_NOT_POSITIVE = "Please give the time in minutes, as a number above zero. For example 90."
CLAIM_TOO_LONG = "One claim can be 24 hours (1440 minutes) at most. Please split it by day."
CLAIM_FUTURE = "That date has not come yet. You can claim time once you have done the work."
CLAIM_DUPLICATE = (
    "You already made this same claim. It is entry {entry}, and it is waiting for a coordinator. "
    "You do not need to send it again."
)
REASON_NEEDED = "Please write a short reason. The member will see it."
SESSION_NOTHING_PENDING = "Nothing from session {session} is waiting for a decision."
SESSION_NONE_AT_ONCE = (
    "Nothing from session {session} could be approved at once. "
    "Please decide what is left one by one."
)
ADD_OWN = "You cannot add paid time for yourself. Please ask another coordinator to do it."
ADD_BOT = "That is a bot, not a panel member. Please pick a person."
ADD_ZERO = "Please give a number of minutes that is not zero. Use a minus sign to take time off."
ADD_TOO_LONG = "One change can be 24 hours (1440 minutes) at most."
ADD_NOTE_NEEDED = (
    "Please add a note to say why. It is kept with the change, and the member sees it."
)
CORRECT_ONLY_APPROVED = (
    "Entry {entry} is not approved, so there is nothing to correct. "
    "Use /hours review to approve or reject it."
)
CORRECT_MISMATCH = (
    "Entry {entry} is for a different member or kind of work. "
    "A correction must match the entry it fixes."
)
ADD_BELOW_ZERO = (
    "That would take the member below zero. They have {have} on record, "
    "and you asked to take off {take}. Nothing was changed."
)
PERIOD_UNKNOWN = "Please pick a time span from the list."
PERIOD_BACKWARDS = "The start date is after the end date. Please swap them and try again."

# --- slash command descriptions and options (shown in Discord and in /help) ---------------
GROUP = "Paid time: claim it, check it, review it"
CMD_ME = "See your own hours, what was decided and your pay"
CMD_CLAIM = "Claim paid time, like preparation or travel"
CMD_REVIEW = "Approve or reject hours that wait for a decision"
CMD_ADD = "Add or correct a member's time"
CMD_REPORT = "Totals per member and kind of work"
CMD_EXPORT = "Make the payment file for finance"
OPT_PERIOD = "Which time to show (this month if you leave it out)"
OPT_ACTIVITY = "The kind of work"
OPT_MINUTES = "How many minutes, for example 90"
OPT_MINUTES_ADD = "Minutes to add. Use a minus sign to take time off, like -30"
OPT_SESSION = "The session, if it was for one (type its number or part of its title)"
OPT_REVIEW_MEMBER = "Only this member's entries"
OPT_REVIEW_SESSION = "Only this session's entries"
OPT_REVIEW_ACTIVITY = "Only this kind of work"
OPT_DATE = "The day you did it, like 2026-03-02 or yesterday (today if left out)"
OPT_NOTE = "A short note for the coordinator"
OPT_NOTE_ADD = "Why you are making this change (the member sees it)"
OPT_MEMBER = "The member"
OPT_CORRECTS = "The entry number this corrects, if any"
OPT_FROM = "First day, like 1 Nov, 2026-01-01 or last month (this month if left out)"
OPT_TO = "Last day, like 30 Nov or last month (today if left out)"
OPT_EXPORT_FROM = "First day, like 1 Nov or last month (all of last month if you leave both out)"
OPT_EXPORT_TO = "Last day, like 30 Nov or last month (today if you give only a first day)"
OPT_FORMAT = "csv for two plain files, or xlsx for one spreadsheet with both sheets"
OPT_RUN = "Download an earlier payment run again, by its number"
OPT_REOPEN = "To undo a run made by mistake: say why, and give its number as run"
PERIOD_NAMES = {
    "month": "This month",
    "last_month": "Last month",
    "year": "This year",
    "all": "Everything",
}

# --- /hours claim ----------------------------------------------------------------------------
CLAIM_SAVED = (
    "Thanks. I saved your claim for {minutes} of {activity} on {day}. "
    "It is entry {entry}. A coordinator will look at it soon. "
    "You can check it any time with /hours me."
)

# --- /hours me -------------------------------------------------------------------------------
ME_TITLE = "Your hours"
ME_PERIOD = "{start} to {end}"
ME_ALL_TIME = "All time"
ME_TOTALS = "Your totals"
ME_TOTALS_LINES = (
    "Approved this month: {month_time}, {month_pay}\n"
    "Approved this year: {year_time}, {year_pay}\n"
    "{unpaid}\n"
    "Waiting for a decision: {pending_time}"
)
ME_UNPAID = "Approved, not paid yet: {pay}"
# When corrections take off more than is still to be paid: the member was paid too much.
ME_PAID_TOO_MUCH = "Paid too much so far: {pay}. This comes off your next pay."
ME_ENTRIES = "Your entries"
ME_NO_ENTRIES = "You have no hours on record for this time."
ME_MORE = "There are {count} more. Pick a shorter time to see them."
ME_WEEKS = "Week by week (approved)"
ME_MONTHS = "Month by month (approved)"
ME_WEEK_LINE = "Week from {start}: {time}, {pay}"
ME_MONTH_LINE = "{month}: {time}, {pay}"
ME_BENEFITS_NOTE = (
    "You told us you get benefits. These totals can help you keep track. "
    "Some benefits have a weekly limit on earnings. "
    "Pay in vouchers still counts. "
    "We do not decide anything about your benefits. "
    "To check, ask your benefits office or an adviser. "
    "You can also use /support to talk to us."
)
ME_PANEL_NOTE = "From your panel"
ME_NO_PREFERENCE = "Tell us how you want to be paid with /payment preference."
ME_DECLINED = (
    "You chose no payment. Your time is on record, but no money is sent to you. "
    "To change this, use /payment preference."
)
STATUS_NAMES = {"pending": "waiting", "approved": "approved", "rejected": "not approved"}
SOURCE_NAMES = {"attendance": "session", "claim": "claim", "adjustment": "change by a coordinator"}
ENTRY_LINE = "Entry {entry}, {day}: {minutes} of {activity} ({source}). {status}."
ENTRY_PAY = " Pay: {pay}."
ENTRY_CAPPED = " Only {paid} is paid because of the daily limit."
ENTRY_REASON = " Reason: {reason}"
ENTRY_NOTE = " Note: {note}"
ENTRY_PAID_RUN = " Sent for payment (run {run})."

# --- /hours review ---------------------------------------------------------------------------
REVIEW_TITLE = "Hours waiting for a decision"
REVIEW_COUNT = "Entries {first} to {last} of {total}."
REVIEW_COUNT_ONE = "Entry {first} of {total}."
REVIEW_ORDER = "Oldest first. Entries you skip go to the end of your list."
REVIEW_FILTER = "Only showing: {what}."
REVIEW_FILTER_SESSION = "session {session}"
REVIEW_EMPTY = "Nothing is waiting for a decision. Well done!"
REVIEW_EMPTY_FILTERED = (
    "Nothing that matches is waiting for a decision. "
    "Use /hours review with no options to see everything."
)
REVIEW_GONE = "This review is out of date. Please run /hours review again."
REVIEW_SKIPPED = " You skipped this one before."
PREVIOUS = "Previous"
NEXT = "Next"
SKIP = "Skip {entry} for now"
SKIPPED_DONE = "Entry {entry} is now at the end of your list."
REVIEW_LINE = "{who}: {minutes} of {activity} on {day} ({source})."
# The source on a review line when the entry belongs to a session: "session 4" for time
# written when it ended, "claim, for session 4" for the rest.
REVIEW_SOURCE_SESSION = {
    "attendance": "session {session}",
    "other": "{source}, for session {session}",
}
REVIEW_ALREADY = " Check: they have {minutes} of {activity} for this session too."
APPROVE = "Approve {entry}"
REJECT = "Reject {entry}"
APPROVE_SESSION = "Approve all of session {session}"
REJECT_TITLE = "Why is this not approved?"
REJECT_LABEL = "Reason (the member will see it)"
REJECT_PLACEHOLDER = "For example: this was already paid last month."
APPROVED_DONE = "Approved entry {entry}: {pay}."
REJECTED_DONE = "Entry {entry} is not approved. I told the member why."
SESSION_DONE = "Approved {count} entries from session {session}."
SESSION_LEFT = " {left} left for you to decide one by one."
SESSION_LEFT_SHORT = " {entries} for people here less than {minimum}, the time set for this panel."
SHORT_ENTRIES = {"one": "1 entry is", "many": "{count} entries are"}
REVIEW_SHORT = "Check: here {present}, less than the {minimum} set for this panel."
DM_CLOSED = (
    "I could not send a direct message to {who}, because they do not take messages. "
    "The decision is saved, and they can see it with /hours me."
)

# --- direct messages to members -------------------------------------------------------------
# What these DMs are, in the report to whoever caused them when they could not be delivered.
LABEL_DECISION = "the message about a decision on hours"
DM_FROM = "From {panel}:"
DM_APPROVED = "Your {minutes} of {activity} on {day} was approved. It is worth {pay}."
DM_CAPPED = "Only {paid} of it is paid, because the panel pays up to a set time each day."
# Time a coordinator added or took off with /hours add (the note is the coordinator's).
DM_ADDED = "A coordinator added {minutes} of {activity} on {day} to your hours. It is worth {pay}."
DM_TAKEN_OFF = (
    "A coordinator took {minutes} of {activity} on {day} off your hours. "
    "This takes {pay} off your pay."
)
DM_NOTE = " The note: {note}"
DM_REJECTED = "Your {minutes} of {activity} on {day} was not approved. The reason: {reason}"
DM_FOOTER = "You can see all your hours with /hours me. If you have a question, ask a coordinator."
DM_FOOTER_COSTS = (
    "You can see your hours and costs with /hours me. If you have a question, ask a coordinator."
)

# --- /hours add ------------------------------------------------------------------------------
ADD_SAVED = (
    "Saved. Entry {entry} gives {who} {minutes} of {activity} on {day}, worth {pay}. "
    "It is approved, and the change is logged."
)
ADD_SAVED_FIX = " It corrects entry {fixes}."
ADD_NOT_ON_PANEL = (
    "{who} is not on the panel: they do not have the member role. Add paid time anyway?"
)
ADD_ANYWAY = "Add anyway"
ADD_DO_NOT = "Don't add"
ADD_NOT_ADDED = "Nothing was added."
ADD_SAVED_NOT_ON_PANEL = (
    " It is marked as time for someone not on the panel, so finance can check it."
)

# --- /hours report ---------------------------------------------------------------------------
REPORT_TITLE = "Approved hours from {start} to {end}"
REPORT_NONE = "No hours were approved from {start} to {end}."
REPORT_LINE = "{who}: {activity}, {paid} paid, {pay}"
REPORT_OVER = " (and {time} over the daily limit, not paid)"
REPORT_TOTAL = (
    "In all: {paid} paid, {pay}. Over the daily limit, not paid: {over}. "
    "Entries still waiting for a decision: {pending}."
)
REPORT_FILE = "The list is long, so it is in the file."

# --- /hours export ---------------------------------------------------------------------------
EXPORT_DONE = (
    "Payment run {run} is ready. It holds work done from {start} to {end}: "
    "{entries} for {people}, {total} in all. "
    "These hours are now marked as sent, so they will not be paid twice."
)
PEOPLE = {"one": "1 person", "many": "{count} people"}
ENTRIES = {"one": "1 entry", "many": "{count} entries"}
EXPORT_UNPAID_BEFORE = (
    "\nPlease note: some approved hours from before {start} are not paid yet ({entries}). "
    "Make a run that starts earlier to pay them."
)
EXPORT_NOT_ON_PANEL = {
    "one": "\n1 entry was added for someone not on the panel: check before paying.",
    "many": "\n{count} entries were added for people not on the panel: check before paying.",
}
EXPORT_NOT_SENT = (
    "Payment run {run} is saved, but Discord did not take the files. "
    "Nobody will be paid twice. Use /hours export with run {run} to get the files."
)
EXPORT_AGAIN = "Here are the files of payment run {run} again, just as they were made."
EXPORT_AGAIN_REOPENED = (
    "\nPlease note: this run was reopened on {day}, so do not pay from these files. "
    "The reason given: {reason}"
)
EXPORT_HELD_NO_PREFERENCE = (
    "\n{people} hours waiting because they have not said how they want to be paid: {names}. "
    "I will send each of them a message asking them to use /payment preference. "
    "Their hours stay approved and go in a later run."
)
EXPORT_HELD_CHANNEL = " If their messages are closed, I will mention them in <#{channel}>."
EXPORT_HELD_NO_CHANNEL = (
    " If their messages are closed, I cannot reach them. "
    "Pick a channel for that with /setup payments."
)
HAVE = {"one": "1 person has", "many": "{count} people have"}
# After the names that fit in the export reply, when there are more.
EXPORT_MORE_NAMES = " and {count} more"
EXPORT_HELD_OWES = (
    "\n{names}: their changes take off more than this run would pay them. "
    "So their entries wait, and the sum comes off their next pay."
)
EXPORT_REOPENED = (
    "Payment run {run} is reopened, and the reason is logged. {released} "
    "Its files are kept: use run {run} to see them."
)
EXPORT_REOPENED_ENTRIES = {
    "one": "Its 1 entry is approved but not paid now, so a later run will pay it.",
    "many": "Its {count} entries are approved but not paid now, so a later run will pay them.",
}
HELD_DM = (
    "From {panel}: you have {time} of approved paid work waiting, worth {pay}. "
    "We cannot send it for payment until you tell us how you want to be paid. "
    "Please use /payment preference in the server. It only takes a minute."
)
HELD_PUBLIC = (
    "You have paid hours waiting. Please tell us how you want to be paid, with /payment preference."
)
HELD_LABEL = "the message asking how they want to be paid"
HELD_PANEL = "your panel"
