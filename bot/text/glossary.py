"""Words for the glossary: what a word means, and a panel's own words."""

# --- /glossary explain ------------------------------------------------------------------

EXPLAINED = "**{term}**: {meaning}"
EXPLAINED_PANEL = "This meaning was written by your panel."
UNKNOWN = (
    "I do not know the word '{term}' yet. Ask a coordinator to add it with /glossary add. "
    "You can also ask them what it means."
)
UNKNOWN_SUGGEST = "Did you mean: {words}?"
QUERY_EMPTY = "Please type the word you want explained."

# --- what was typed ---------------------------------------------------------------------

TERM_EMPTY = "Please give the word or short phrase to add."
TERM_TOO_LONG = "That word is too long. Please keep it to {limit} letters or fewer."
TERM_BAD = (
    "Please give a word or a short phrase made of letters, for example cohort or "
    "focus group. Leave out emoji, links and mentions."
)
MEANING_EMPTY = "Please give the meaning in plain words."
MEANING_TOO_LONG = (
    "That meaning is too long: it has {count} letters. Please keep it to {limit} or fewer."
)
MEANING_NO_WORDS = "Please write the meaning in words, not only emoji or links."
MEANING_HARD = (
    "That meaning is hard to read: its reading ease is {score} out of 100, and it needs "
    "{needed} or more. Members use it to understand a hard word, so it must be plain."
)
MEANING_HARD_LONG = "Split the long sentence ({words} words) into shorter ones."
MEANING_HARD_WORDS = "Swap these hard words for plainer ones: {words}."
MEANING_HARD_SHORT = "Use shorter words, of one or two beats each where you can."
TOO_MANY = (
    "Your panel already has {limit} words of its own, which is the most it can have. "
    "Remove one with /glossary remove first."
)

# --- /glossary add and remove -----------------------------------------------------------

ADDED = "Saved. **{term}** now means: {meaning}"
ADDED_OVER_BUILT_IN = (
    "This replaces the built-in meaning for your panel. "
    "Remove your word to bring the built-in one back."
)
ADDED_CHANGED = "This replaces your panel's earlier meaning."
REMOVED = "Removed **{term}** from your panel's words."
REMOVED_BUILT_IN_BACK = "The built-in meaning is back: {meaning}"
REMOVE_UNKNOWN = "Your panel has no word '{term}' of its own, so there is nothing to remove."
REMOVE_BUILT_IN = (
    "'{term}' is a built-in word, and built-in words cannot be removed. "
    "You can give it your own meaning with /glossary add."
)

# --- /glossary list ---------------------------------------------------------------------

LIST_TITLE = "Your panel's own words ({count}):"
LIST_LINE = "**{term}**: {meaning}"
LIST_EMPTY = (
    "Your panel has no words of its own yet. Add one with /glossary add. "
    "The built-in words still work for everyone."
)
LIST_FILE = "They are too many to show here, so they are in the file."
LIST_FILE_NAME = "panel-glossary.txt"

# Command and option descriptions (shown in Discord's command picker).
GROUP = "Plain meanings of hard words"
CMD_EXPLAIN = "What a word means, in plain words"
CMD_ADD = "Add a word to your panel's glossary, or give one your own meaning"
CMD_REMOVE = "Remove one of your panel's own words"
CMD_LIST = "Show your panel's own words"
OPT_TERM = "The word or short phrase"
OPT_MEANING = "What it means, in plain words"
