"""Words for expenses: claims, receipts, decisions and the cap."""

GROUP = "Claim back costs you paid to take part"
CMD_CLAIM = "Claim back a cost you paid, like a fare"
CMD_RECEIPT = "See the receipt of an expense"
OPT_KIND = "What the cost was for"
OPT_AMOUNT = "How much, in pounds, like 4.50"
OPT_DATE = "The day you paid, like 2 March (default: today)"
OPT_NOTE = "A short note for the coordinator (optional)"
OPT_RECEIPT = "A photo or PDF of the receipt, up to 8 MB (optional)"
OPT_EXPENSE = "The expense number, like 3 (see /hours me)"

# The kinds of cost, as members see them.
KIND_NAMES = {
    "travel": "travel fares",
    "care": "carer's or childcare cost",
    "data": "data or phone costs",
    "printing": "printing",
    "other": "other",
}
STATUS_NAMES = {"pending": "waiting", "approved": "approved", "rejected": "not approved"}

KIND_UNKNOWN = "Please pick what the cost was for from the list."
AMOUNT_ZERO = "Please give an amount above zero, like 4.50."
AMOUNT_NEGATIVE = "Please give the amount without a minus sign, like 4.50."
AMOUNT_UNREADABLE = (
    "I could not read '{text}' as pounds. Write it with a full stop for pence, like 4.50. "
    "Do not use a comma for pence."
)
AMOUNT_DECIMALS = "Please give pounds and pence with at most two numbers after the dot, like 4.50."
AMOUNT_TOO_BIG = "One claim can be £1,000 at most. If it cost more, please talk to a coordinator."
OVER_CAP = (
    "This panel pays up to {cap} for one claim. Please claim {cap} or less, "
    "or talk to a coordinator."
)
FUTURE = "That date has not come yet. You can claim a cost once you have paid it."
NOT_SAVED = "Your claim was not saved."
RECEIPT_TYPE = (
    "I can only keep a receipt that is a photo (PNG, JPEG, GIF, WebP or HEIC) or a PDF. "
    + NOT_SAVED
    + " Please claim again with the receipt as one of those."
)
RECEIPT_TOO_BIG = (
    "That receipt is too big. " + NOT_SAVED + " Please claim again with a file of 8 MB or less."
)
RECEIPT_EMPTY = "That receipt file is empty. " + NOT_SAVED + " Please claim again with the receipt."
RECEIPT_UNREAD = (
    "I could not get the receipt from Discord. " + NOT_SAVED + " Please try again in a minute."
)
CLAIM_SAVED = (
    "Saved. Expense {expense}: {amount} for {kind} on {day}. A coordinator will look at it."
)
CLAIM_SAVED_RECEIPT = " I kept your receipt, {name}."
CLAIM_SAVED_NO_RECEIPT = " You did not add a receipt. A coordinator may ask you for one."

EXPENSE_NOT_FOUND = "I cannot find expense {expense} in this panel. Check the number and try again."
ALREADY_DECIDED = "Expense {expense} has already been decided, so I left it as it is."
OWN_CLAIM = "You cannot decide on your own expense. Please ask another coordinator to do it."
NO_RECEIPT = "Expense {expense} has no receipt."
RECEIPT_NOT_YOURS = "Only the member who claimed it, coordinators and admins can see this receipt."
RECEIPT_HERE = "The receipt for expense {expense}: {name}."

# /hours review
REVIEW_LINE = "{who}: {amount} for {kind} on {day}."
REVIEW_RECEIPT = " Receipt: {name}."
REVIEW_NO_RECEIPT = " No receipt."
REVIEW_OWN = "This is your own claim. Another coordinator must decide it."
REVIEW_FIELD = "Expense {expense}"
RECEIPT_BUTTON = "Receipt {expense}"
APPROVE = "Approve expense {expense}"
REJECT = "Reject expense {expense}"
SKIP = "Skip expense {expense} for now"
APPROVED_DONE = "Approved expense {expense}: {amount}."
REJECTED_DONE = "Expense {expense} is not approved. I told the member why."
REJECT_TITLE = "Why is this expense not approved?"
SKIPPED_DONE = "Expense {expense} is now at the back of your list."

# The decision direct message (beside hours decisions).
DM_APPROVED = "Your cost of {amount} for {kind} on {day} was approved. It will be paid back."
DM_REJECTED = "Your cost of {amount} for {kind} on {day} was not approved. The reason: {reason}"

# /hours me
ME_TITLE = "Your expenses"
ME_LINE = "Expense {expense}: {amount} for {kind} on {day}. {status}."
ME_PAID_RUN = " Sent for payment in run {run}."
ME_REASON = " Reason: {reason}"
ME_TOTALS = "Costs to be paid back: {unpaid}. Waiting for a decision: {pending}."
ME_MORE = "There are {count} more."

# /setup expenses
CMD_SETUP = "Set the most one expense claim can be"
OPT_CAP = "The most for one claim in pounds, like 50, or 'none' for no limit"
CAP_SAVED = (
    "Saved. One expense claim can be {cap} at most. "
    "To remove the limit, use /setup expenses with cap set to none."
)
CAP_ZERO = (
    "A limit of £0 would refuse every claim. Please give a limit above zero, like 50, "
    "or none for no limit."
)
CAP_TOO_BIG = (
    "Every claim is £1,000 at most already. Please give a lower limit, like 50, "
    "or none to keep just that one."
)
CAP_UNREADABLE = (
    "I could not read '{text}' as a limit in pounds. Please write it like 50 or 75.50, "
    "or none for no limit."
)
CAP_CLEARED = "Saved. Expense claims have no panel limit, only the £1,000 limit on every claim."
SHOW_EXPENSES = "Expenses"
SHOW_CAP = "One claim can be {cap} at most."
SHOW_NO_CAP = "No panel limit on one claim (every claim is £1,000 at most)."

# /hours export
EXPENSES = {"one": "1 expense", "many": "{count} expenses"}
EXPORT_EXPENSES = (
    "\nBesides those fees, it pays back {expenses} at cost: {amount}. "
    "Together that is {total}. Expenses have their own rows and columns in the files."
)
EXPORT_ONLY_EXPENSES = (
    "Payment run {run} is ready. It holds no hours from {start} to {end}, only costs to pay "
    "back: {expenses} for {people}, {amount} in all. They are now marked as sent, so they "
    "will not be paid twice. Expenses have their own rows and columns in the files."
)
EXPORT_RECEIPTS_FOLLOW = " The receipts follow in a ZIP file."
EXPORT_RECEIPTS = "Receipts for payment run {run}. Each file is named as in the receipt column."
EXPORT_RECEIPTS_NOT_SENT = (
    "Discord did not take the receipts of payment run {run}. "
    "Use /hours export with run {run} to get them again."
)
EXPORT_HELD_DECLINES = (
    "\n{names}: they chose no payment, so their expenses wait. "
    "Ask them if they want them paid back."
)
EXPORT_REOPENED = {
    "one": "Its 1 expense is not paid now either, so a later run will pay it.",
    "many": "Its {count} expenses are not paid now either, so a later run will pay them.",
}
# The same, for a run that paid back costs and no hours.
EXPORT_REOPENED_ONLY = {
    "one": "Its 1 expense is not paid now, so a later run will pay it.",
    "many": "Its {count} expenses are not paid now, so a later run will pay them.",
}
EXPORT_UNPAID_BEFORE = (
    "\nPlease note: some approved expenses paid before {start} are not paid back yet "
    "({expenses}). Make a run that starts earlier to pay them."
)
