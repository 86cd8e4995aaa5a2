"""Words for pay rates, the daily cap, payment preferences and the payment export."""

RATE_ERRORS = {
    "unreadable": "I could not read '{text}' as money. Write pounds and pence, like 12.50.",
    "negative": "A rate cannot be below zero. Write pounds and pence, like 12.50.",
    "decimals": "Please use at most two numbers after the point, like 12.50.",
    "too_big": "'{text}' is more than £1,000 an hour. Please check it. Write it like 12.50.",
}
CAP_BAD = (
    "I could not use that as a daily cap. Write hours, like 6 or 7.5. "
    "It must be more than 0 and at most 24. Write none to remove the cap."
)
BUDGET_TOO_LONG = "The budget code is too long. Please keep it to {limit} letters or fewer."
PAYMENTS_NOTHING = (
    "Please give a daily cap, a budget code, a channel or a note for members on benefits."
)
METHOD_UNKNOWN = "Please pick how you want to be paid from the list."
PAYEE_TOO_LONG = "That name is too long. Please keep it to {limit} letters or fewer."
# Names of the typed fields, for refusals of text with nothing visible in it.
FIELD_PAYEE = "payee name"
FIELD_BUDGET = "budget code"
FIELD_BENEFITS_NOTE = "note for members on benefits"
BENEFITS_NOTE_EMPTY = "Please write the note for members on benefits, or write none to remove it."
PAYEE_NEEDED = (
    "Please give the name finance should pay. It is the name on your bank account or voucher."
)
EXPORT_BACKWARDS = "The start date is after the end date. Please swap them and try again."
EXPORT_TOO_LONG = "That period is too long. Please export at most three years at a time."
EXPORT_FORMAT = "Please pick csv or xlsx as the format."
EXPORT_NOTHING = (
    "There are no approved hours to pay from {start} to {end}. "
    "Hours that were paid in an earlier run are not listed again."
)
# Added when no dates were given (so last month was used) and later work waits to be paid.
EXPORT_NOTHING_THIS_MONTH = (
    " With no dates I look at last month. Some approved time after it waits to be paid: "
    "to pay it now, use from: this month."
)
RUN_NOT_FOUND = "I cannot find payment run {run} in this panel. Check the number and try again."

# --- /payment preference --------------------------------------------------------------------
GROUP = "How you want to be paid"
CMD_PREFERENCE = "Tell us how to pay you: bank, voucher or no payment"
FORM_TITLE = "How should we pay you?"
FORM_METHOD = "How do you want to be paid?"
FORM_METHOD_HINT = "Finance will contact you for the details."
METHOD_NAMES = {
    "bank": "Bank transfer",
    "voucher": "Voucher",
    "decline": "No payment, thank you",
}
FORM_PAYEE = "Name finance should pay"
FORM_PAYEE_HINT = "We never keep bank details, NI numbers or addresses."
FORM_FLAGS = "Anything finance should know? (optional)"
FORM_FLAGS_HINT = "This only adds a note for finance. We decide nothing for you."
FLAG_BENEFITS = "I receive benefits"
FLAG_PUBLIC = "I work in the public sector"
PREFERENCE_SAVED = (
    "Saved. We will pay you by {method}. The name for finance is {payee}. "
    "We never keep bank details, NI numbers or addresses. Finance will ask you for those."
)
PREFERENCE_SAVED_DECLINE = (
    "Saved. You chose not to be paid. Your time is still logged and thanked. "
    "You can change this at any time."
)
PREFERENCE_BENEFITS = (
    "You told us you receive benefits. Use /hours me to see your totals by week and month. "
    "We do not decide anything about your benefits."
)
PREFERENCE_PUBLIC = (
    "You told us you work in the public sector. Finance will check that panel work is done "
    "in your own time."
)

# --- /setup rate and /setup payments ---------------------------------------------------------
CMD_RATE = "Set the pay rate for a kind of work, from a date"
CMD_PAYMENTS = "Set a daily limit on paid hours, the budget code, a channel and a benefits note"
OPT_RATE_ACTIVITY = "The kind of work"
OPT_RATE_POUNDS = "Pounds per hour, like 12.50"
OPT_RATE_FROM = "The first day this rate counts, like 2026-04-01 (today if left out)"
OPT_CAP = "Most paid hours per person per day, like 6 (none to remove it)"
OPT_BUDGET = "The budget code finance uses for this panel"
RATE_SAVED = (
    "Saved. {activity} is paid {pounds} an hour from {day}. "
    "Hours approved before now keep the rate they had."
)
PAYMENTS_SAVED = (
    "Saved. Daily limit: {cap}. Budget code: {code}. Channel for payment notes: {channel}."
)
OPT_BENEFITS_NOTE = "Your own words for members on benefits, like who to ask (none to remove)"
BENEFITS_NOTE_SAVED = "\nNote for members on benefits: {note}"
SHOW_BENEFITS_NOTE = "Note for members on benefits"
BENEFITS_NOTE_NONE = "None set. Add one with /setup payments benefits_note."
OPT_PAYMENTS_CHANNEL = "Where I mention members with closed messages who must say how to be paid"
CAP_NONE = "no limit"
CAP_HOURS = "{time} a day"
SHOW_RATES = "Pay rates"
SHOW_NO_RATES = "No rates yet. Set one with /setup rate."
SHOW_RATE_LINE = "{activity}: {pounds} an hour"
SHOW_RATE_FROM = " (from {day})"
SHOW_RATE_NEXT = ", then {pounds} from {day}"
SHOW_PAYMENTS = "Payments"
# After a saved rate: entries of its activity from before its first day, which have none.
RATE_WAITING = {
    "one": (
        "Please note: 1 entry of {activity} from before then still has no rate. "
        "It is from {day}. It cannot be approved yet."
    ),
    "many": (
        "Please note: {count} entries of {activity} from before then still have no rate, "
        "from {day} on. They cannot be approved yet."
    ),
}
RATE_START_EARLIER = "Start it on {day}"
RATE_WAITING_ENTRIES = {"one": "1 entry", "many": "{count} entries"}
SHOW_WAITING = "Waiting for a rate"
SHOW_WAITING_LINE = "{activity}: {entries} waiting, from {day}"
SHOW_WAITING_HINT = "Add a rate with /setup rate, with from_date, so they can be approved."
EXPORT_ALL_HELD = (
    "Nobody can be paid for this time yet, so I made no payment run. "
    "Everyone with approved hours here is waiting for something first."
)
EXPORT_ALL_HELD_REST_PAID = (
    "There is nothing new to pay here, so I made no payment run. The other hours went in "
    "{runs}. Use run: {run} to download it again."
)
HELD_FLAG_NO_PREFERENCE = "held back: no payment preference yet ({pay} waits)"
HELD_FLAG_EXPENSES = "; expenses of {pay} wait too"
HELD_FLAG_DECLINES = (
    "held back: chose no payment, so expenses of {pay} wait until they say how to be paid"
)
FLAG_NO_RECEIPT = "no receipt: expense {ids}"
HELD_FLAG_OWES = "held back: corrections take off {pay} more than is owed; it comes off later pay"
# A summary row holding time added for someone without the member role.
FLAG_NOT_ON_PANEL = "not on the panel when added: {entries}"
FLAG_ENTRIES = {"one": "1 entry", "many": "{count} entries"}
REOPEN_REASON_NEEDED = "Please say why you reopen this run. The reason is kept in the log."
REOPEN_ALREADY = "Payment run {run} was already reopened. Nothing was changed."
REOPEN_NEEDS_RUN = "Please give the number of the run to reopen, as run."
EXPORT_ZERO = (
    "The approved hours here add up to £0, because changes cancel them out. "
    "So I made no payment run, and nothing is marked as sent."
)
EXPORT_IN_RUN = "run {run} on {day}"
EXPORT_ALREADY = (
    "There is nothing new to pay here. These hours went in {runs}. "
    "Use run: {run} to download it again."
)
