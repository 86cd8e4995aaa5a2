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
BUDGET_TOO_LONG = "The budget code is too long. Please keep it under {limit} letters."
PAYMENTS_NOTHING = "Please give a daily cap, a budget code, or both."
METHOD_UNKNOWN = "Please pick how you want to be paid from the list."
PAYEE_TOO_LONG = "That name is too long. Please keep it under {limit} letters."
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
RUN_NOT_FOUND = "I cannot find payment run {run} in this panel. Check the number and try again."
