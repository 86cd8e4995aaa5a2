"""Words for prompts: the plain-language check, posting, and the buttons on a prompt."""

# --- what was typed ---------------------------------------------------------------------

TEXT_EMPTY = "Please write the question you want to put to the panel."
TEXT_TOO_LONG = (
    "That is too long: it has {count} letters. Please keep it to {limit} or fewer, "
    "or split it into two questions."
)
TEXT_NO_WORDS = "Please write your question in words, not only emoji or links."
SESSION_CANCELLED = (
    "That session was called off. Pick another one, or leave the session out to post here."
)
NOT_FOUND = "I could not find that question. It may have been removed."
SESSION_NOT_FOUND = "I could not find that session. Please pick one from the list as you type."

# --- the check report -------------------------------------------------------------------

REPORT_TITLE = "**Plain words check**"
REPORT_SCORE = "Reading ease: {score} out of 100. We aim for {threshold} or more."
REPORT_SHORT = (
    "Reading ease: not scored, as it is under {words} words. Short questions are easy to read."
)
REPORT_AGE = "Reading age: {band} (US school grade {grade})."
BANDS = {
    "very_easy": "about age 9 and under: very easy",
    "easy": "about age 9 to 10: easy",
    "plain": "about age 10 to 11: plain",
    "bit_hard": "about age 12 to 14: a bit hard",
    "quite_hard": "about age 15 to 16: quite hard",
    "hard": "about age 17 and over: hard",
}
REPORT_LONG_TITLE = "**Long sentences** (over {limit} words):"
REPORT_LONG_LINE = '> "{sentence}" ({words} words)'
REPORT_LONG_MORE = "And {count} more long sentences."
REPORT_HARDEST_TITLE = "**Hardest sentence:**"
REPORT_HARDEST_LINE = '> "{sentence}"'
REPORT_WORDS_TITLE = "**Hard words**, with what they mean:"
REPORT_WORD_LINE = "**{term}**: {meaning}"
REPORT_WORDS_MORE = "And {count} more: {words}."
REPORT_TIPS_TITLE = "**Tips**"
TIP_SPLIT = "Split the longest sentence ({words} words) into two or three short ones."
TIP_SWAP = "Swap the words listed for plainer ones, or say what they mean in the question."
TIP_SHORT_WORDS = "Use shorter words, with one or two beats each where you can."
TIP_GOOD = "This reads well. It is ready to post."
TIP_GOOD_WORDS = "It reads well. Members can press Explain words to see what the words listed mean."

# --- /prompt post -----------------------------------------------------------------------

HARD_INTRO = (
    "I have not posted this yet, as it is harder to read than your panel aims for. "
    "Press Edit to change it, or Post anyway to post it as it is."
)
STILL_HARD = "It is still harder to read than your panel aims for. Edit it again, or post anyway."
POSTED = "Posted in {channel}: {link}"
POSTED_ANYWAY = (
    "Posted as it is in {channel}: {link}. The audit log notes that it was posted anyway."
)
POST_FAILED = (
    "I could not post in {channel}. Please check I can send messages there, then try again. "
    "Nothing was posted."
)
ALREADY_POSTED = "This question has already been posted, so there is nothing left to do here."
BEING_POSTED = "This question is being posted now. Please wait a moment."
BUTTON_EDIT = "Edit"
BUTTON_POST_ANYWAY = "Post anyway"
FORM_TITLE = "Your question for the panel"
FORM_CHECK_TITLE = "Check a question"
FORM_LABEL = "Your question"
FORM_HINT = "Short sentences and everyday words work best."

# --- buttons on a posted prompt ---------------------------------------------------------

BUTTON_EXPLAIN = "Explain words"
BUTTON_UNCLEAR = "This is unclear"
BUTTON_ANSWER = "Answer anonymously"
EXPLAIN_TITLE = "What the harder words in this question mean:"
EXPLAIN_LINE = "**{term}**: {meaning}"
EXPLAIN_NONE = (
    "I found no hard words in this question. If it is still unclear, press This is unclear. "
    "Nobody will know it was you."
)
EXPLAIN_MORE = "And {count} more. Use /glossary explain to look up any word."
UNCLEAR_SAVED = (
    "Thank you. I noted it without your name. When {count} people find a question unclear, "
    "the coordinator is told, so they can say it in plainer words."
)
UNCLEAR_LABEL = "the note that members find a question unclear"
UNCLEAR_ALREADY = "You have already said this is unclear. Each person counts once."
UNCLEAR_NOTICE = (
    "{count} members have said this question is unclear: {link}\n"
    "You may want to say it again in plainer words. I do not keep who pressed the button, "
    "so I cannot tell you their names."
)

# --- /setup prompts ---------------------------------------------------------------------

THRESHOLD_SAVED = (
    "Saved. Questions need a reading ease of {threshold} or more to be posted at once. "
    "Harder ones come back to you first, to edit or post anyway."
)
THRESHOLD_BAD = "Please give a number from {low} to {high}. Most panels use 60."
SHOW_THRESHOLD_NAME = "Plain words check for questions"
SHOW_THRESHOLD = "A reading ease of {threshold} or more is posted at once."
CMD_SETUP_PROMPTS = "The reading ease a question needs to be posted at once"
OPT_THRESHOLD = "A number from 0 to 100; 60 is plain English"

# Command and option descriptions (shown in Discord's command picker).
GROUP = "Questions for the panel, checked for plain words"
CMD_CHECK = "Check how easy a question is to read, without posting it"
CMD_POST = "Post a question to the panel after a plain words check"
OPT_TEXT = "The question (leave it out to get a form with room for more lines)"
OPT_SESSION = "Post it in this session's channel (this channel if left out)"
