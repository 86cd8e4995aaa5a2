"""Words for hours: claims, reviews, corrections and members' own totals."""

ACTIVITY_UNKNOWN = (
    "'{activity}' is not a kind of work I know. Pick one from the list: meeting, preparation, "
    "review, training, travel or other."
)
NOTE_TOO_LONG = "That note is too long. Please keep it under {limit} letters."
DATE_UNREADABLE = (
    "I could not read the date '{text}'. Try a date like 2026-03-02, 2 March or yesterday."
)
SESSION_NOT_FOUND = "I cannot find session {session} in this panel. Check the number and try again."
NO_RATE = (
    "There is no pay rate for {activity} on {day} yet, so I did not approve it. "
    "An admin can set one with /setup rate. Then try again."
)
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
