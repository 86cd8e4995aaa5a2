"""Words for polls: making them, voting, results, outcomes and nudges."""

# --- command and option descriptions (Discord's command picker) ------------------------------

GROUP_DESCRIPTION = "Polls: decide things together"
CMD_CREATE = "Ask the panel a question and let them vote"
CMD_CLOSE = "Close a poll now and post its result"
CMD_RESULTS = "See a poll's result, or how many have voted so far"
CMD_OUTCOME = "Tell the panel what was done about a poll"
CMD_LIST = "Open polls and recent ones, with what was decided"
OPT_QUESTION = "The question, up to 300 letters"
OPT_TYPE = "consensus, gradient, choice or time"
OPT_OPTIONS = "For choice and time polls: the options, split by ; like A; B; C"
OPT_CLOSES = "When voting ends, like Friday 5pm or in 2 days (blank: you close it)"
OPT_ANONYMOUS = "Keep votes secret (yes unless you say no)"
OPT_HIDE_RESULTS = "Hide the counts until the poll closes (yes unless you say no)"
OPT_THRESHOLD = "Percent of agree needed to pass, 1 to 100 (75 unless you say)"
OPT_QUORUM = "How many people must vote for a decision (none unless you say)"
OPT_SESSION = "The session this poll is for"
OPT_MULTIPLE = "For choice polls: people may pick more than one"
OPT_POLL = "The poll (pick from the list as you type)"
OPT_OUTCOME_TEXT = "What was done because of this poll"
OPT_REVIEW = "A date to look at this again, like 1 March (coordinators get a reminder)"
TYPE_NAMES = {
    "consensus": "consensus: agree, abstain, disagree or block",
    "gradient": "gradient: five levels from strongly agree to block",
    "choice": "choice: pick from a list",
    "time": "time: find a meeting time",
}

# --- what each answer means (shown on the poll) --------------------------------------------

ANSWER_NAMES = {
    "strongly_agree": "Strongly agree",
    "agree": "Agree",
    "abstain": "Abstain",
    "not_sure": "Not sure",
    "disagree": "Disagree",
    "block": "Block",
}
ANSWER_MEANINGS = {
    "consensus": {
        "agree": "I am happy with this and will go along with it.",
        "abstain": "I do not mind either way. I am happy for the group to decide.",
        "disagree": "I think we should not do this, but I will go along with the group.",
        "block": "I think this would do harm and I would not go along with it.",
    },
    "gradient": {
        "strongly_agree": "I really like this and want us to do it.",
        "agree": "I am happy with this and will go along with it.",
        "not_sure": "I have not made up my mind, or I need to know more.",
        "disagree": "I think we should not do this, but I will go along with the group.",
        "block": "I think this would do harm and I would not go along with it.",
    },
}
TIME_ANSWER_NAMES = {2: "Yes", 1: "If needed", 0: "No"}
TIME_BUTTON = "Time {number}: {answer}"
TIME_MEANING = (
    "For each time, say **Yes** if it suits you, **If needed** if you could make it at a "
    "push, or **No** if you cannot come."
)
CHOICE_MEANING_ONE = "Pick the one you like best from the menu."
CHOICE_MEANING_MANY = "Pick all the ones you like from the menu. You can pick more than one."
CHOICE_PLACEHOLDER_ONE = "Pick one"
CHOICE_PLACEHOLDER_MANY = "Pick one or more"

# --- the public poll message ---------------------------------------------------------------

CARD_TITLE = "Poll"
CARD_CLOSED_TITLE = "Poll (closed)"
CARD_MEANINGS = "What the answers mean"
CARD_OPTIONS = "The options"
CARD_TIMES = "The times"
CARD_WHO_SEES = "Who can see your vote"
CARD_HOW_DECIDED = "How it is decided"
CARD_CLOSES = "When it closes"
CARD_TURNOUT = "Votes so far"
CARD_RESULTS_SO_FAR = "Counts so far"
CARD_SESSION = "For the session: {title}"
SECRET = "Votes are secret. Nobody, not even the coordinators, can see how you voted."
NAMED = (
    "This poll is not secret. Your name is kept with your vote, and everyone will see "
    "who voted for what when the results are shown."
)
HIDDEN_COUNTS = "The counts stay hidden until the poll closes."
OPEN_COUNTS = "Everyone can see the counts as votes come in."
CHANGE_NOTE = "You can change your vote until the poll closes."
CLOSES_AT = "{when_full} ({when_rel})"
CLOSES_BY_HAND = "When a coordinator closes it."
CLOSED_AT = "It closed on {when_full}. The result is in the message below."
TURNOUT = "{voters} of {members} have voted."
TURNOUT_ONE = "1 of {members} has voted."
RULE_AGREEMENT = (
    "It is agreed if nobody blocks, and at least {threshold}% of those who agree or disagree "
    "say agree."
)
RULE_GRADIENT = (
    "It is agreed if nobody blocks, and at least {threshold}% of those who agree or disagree "
    "say agree or strongly agree."
)
RULE_CHOICE = "The option with the most votes wins."
RULE_TIME = "The time with the most Yes wins. If times draw, If needed decides."
RULE_QUORUM = "At least {quorum} people must vote, or there is no decision."

# --- voting ------------------------------------------------------------------------------

RECEIPT = "Your vote is saved: **{choice}**."
RECEIPT_MANY = "Your vote is saved: **{choices}**."
RECEIPT_TIME_ALL = "Your answers so far: {answers}."
RECEIPT_REASON = "Your reason is saved too. It is shown with the result, without your name."
RECEIPT_REASON_GONE = "Your old reason was taken off, since your vote changed."
RECEIPT_CHANGE = "You can change your vote until the poll closes {when_rel}."
RECEIPT_CHANGE_BY_HAND = "You can change your vote until a coordinator closes the poll."
RECEIPT_SECRET = "Nobody can see how you voted."
RECEIPT_NAMED = "This poll is not secret, so your name is kept with your vote."
REASON_TITLE = "{answer}: your vote is saved"
REASON_LABEL = "Why? (you can leave this empty)"
REASON_PLACEHOLDER = "You can say why. Your reason is shown with the result, without your name."
REASON_PLACEHOLDER_NAMED = "You can say why. This poll is not secret, so your name is shown too."
VOTE_MEMBERS_ONLY = (
    "Only panel members can vote in polls. Your vote was not counted. "
    "Ask a coordinator if you think you should have the member role."
)
VOTE_CLOSED = "This poll has closed, so your vote was not counted. See the result in the channel."
VOTE_PICK_ONE = "Please pick just one option."
VOTE_UNKNOWN_OPTION = "That option is not on this poll any more. Please try again."

# --- problems with what was typed ---------------------------------------------------------

QUESTION_EMPTY = "Please type a question for the poll."
QUESTION_TOO_LONG = "The question is too long. Please keep it to {limit} letters or fewer."
TYPE_UNKNOWN = "Please pick a poll type from the list: consensus, gradient, choice or time."
OPTIONS_NEEDED = (
    "A {kind} poll needs options. Type them with ; between them, like: Red; Green; Blue."
)
OPTIONS_NOT_USED = (
    "A {kind} poll has its own answers, so please leave the options out. "
    "Use a choice poll to give your own options."
)
OPTIONS_TOO_FEW = "Please give at least 2 options, with ; between them, like: Red; Green."
OPTIONS_TOO_MANY = "A poll can have at most {limit} options. You gave {count}."
TIMES_TOO_MANY = "A time poll can offer at most {limit} times. You gave {count}."
OPTION_TOO_LONG = "Option {number} is too long. Please keep each one to {limit} letters."
OPTION_EMPTY = "Option {number} has nothing in it. Please check the ; between your options."
OPTION_TWICE = "'{option}' is in the list twice. Please give each option once."
TIME_TWICE = "Times {first} and {second} are the same time. Please give each time once."
TIME_BAD = "I could not use time {number}, '{text}'. {problem}"
CLOSES_BAD = "I could not use '{text}' as the closing time. {problem}"
CLOSES_PAST = (
    "'{text}' has already gone. The poll must close in the future, like in 2 days or Friday 5pm."
)
THRESHOLD_BAD = "The threshold is a percent from 1 to 100, like 75."
THRESHOLD_NOT_USED = (
    "A threshold is only for consensus and gradient polls. Please leave it out for a {kind} poll."
)
QUORUM_BAD = "The quorum is how many people must vote. Please give a whole number of 1 or more."
QUORUM_TOO_BIG = (
    "The quorum of {quorum} is more than the {members} members of the panel, "
    "so no decision could ever be made. Please give a smaller number."
)
MULTIPLE_NOT_USED = "Only choice polls can let people pick more than one. Please leave it out."
SESSION_BAD = "I could not find that session. Please pick one from the list as you type."
POLL_OPTION_BAD = "I could not tell which poll you mean. Please pick one from the list."
NOT_FOUND = "I could not find that poll. Please pick one from the list as you type."
ALREADY_CLOSED = "That poll has already closed. Its result is in its channel."
NOT_CLOSED_YET = "That poll is still open. Close it first with /poll close, then say what was done."
OUTCOME_EMPTY = "Please say what was done because of this poll."
OUTCOME_TOO_LONG = "That is too long. Please keep it to {limit} letters or fewer."
REVIEW_BAD = "I could not read '{text}' as a date. Try 1 March, 2026-03-01 or in 3 months."
REVIEW_PAST = "The review date must be after today. Please pick a later date."
CHANNEL_BAD = "I can only post a poll in a text channel. Please run this in one."

# --- replies to the coordinator -----------------------------------------------------------

CREATED = "Your poll is up in {channel}."
CREATED_CLOSES = "It closes on {when_full} ({when_rel})."
CREATED_BY_HAND = "It has no closing time, so close it with /poll close when you are ready."
CREATED_NUDGE = "Members who have not voted get a reminder on {when_full}."
POST_FAILED = (
    "I could not post the poll in this channel, so I did not save it. "
    "Please check I can send messages here, then try again."
)
CLOSED_REPLY = "The poll is closed. I posted the result in {channel}."
OUTCOME_SAVED = (
    "Thank you. I saved what was done, and it goes up in {channel} in a moment. "
    "If Discord is slow, I keep trying."
)
OUTCOME_REVIEW = "On {when_full}, the coordinators get a note to look at it again."
OUTCOME_REPLACED = "This takes the place of the outcome you posted before."

# --- results ------------------------------------------------------------------------------

RESULT_TITLE = "Poll result"
RESULT_QUESTION = "**{question}**"
RESULT_OUTCOME = "Outcome: **{outcome}**"
RESULT_TURNOUT = "{voters} of {members} voted."
RESULT_TURNOUT_ONE = "1 of {members} voted."
RESULT_REASONS = "Reasons given"
RESULT_REASON_LINE = '{answer}: "{reason}"'
RESULT_REASON_NAMED = '{answer}, from {who}: "{reason}"'
RESULT_MORE_REASONS = "More reasons from the poll: {question}"
RESULT_NAMES = "Who voted for what"
RESULT_LINK = "Poll: {link}"
RESULTS_HIDDEN = (
    "The counts are hidden until the poll closes. Nobody sees them, not even coordinators."
)
RESULTS_SO_FAR = "The poll is still open. These are the counts so far."
AGREED = "Agreed"
NOT_AGREED_BLOCKS_ONE = "Not agreed: 1 block"
NOT_AGREED_BLOCKS = "Not agreed: {count} blocks"
NOT_AGREED_SHARE = "Not agreed: {percent}% agree, {threshold}% needed"
# Shown as "No decision: not enough people voted (quorum 5)".
NO_QUORUM = "No decision: not enough people voted"
QUORUM_NOTE = " (quorum {quorum})"
NO_VOTES = "No decision: nobody voted"
NO_VIEWS = "No decision: nobody agreed or disagreed"
NO_TIME = "No decision: no time suits anyone"
WINNER = "Most votes: {option}"
TIE = "A tie between {options}"
BEST_TIME = "Best time: {when_full}"
TIED_TIMES = "A tie between {times}"

# --- /poll list ---------------------------------------------------------------------------

LIST_TITLE = "Polls"
LIST_OPEN = "Open now"
LIST_RECENT = "Closed lately"
LIST_NONE = "There are no polls yet. A coordinator can start one with /poll create."
LIST_OPEN_LINE = "#{id} {question} ({turnout}, closes {when})"
LIST_OPEN_LINE_BY_HAND = "#{id} {question} ({turnout}, no closing time)"
LIST_CLOSED_LINE = "#{id} {question}: {outcome}"
LIST_WE_DID = "You said, we did: {text}"
LIST_NO_OUTCOME = "What was done: not posted yet"
CHOICE_LABEL = "#{id} {question}"

# --- You said, we did -----------------------------------------------------------------------

WE_DID_TITLE = "You said, we did"
WE_DID_QUESTION = "You were asked: **{question}**"
WE_DID_RESULT = "You said: {outcome} ({turnout})"
WE_DID_TEXT = "We did: {text}"
WE_DID_REVIEW = "We will look at this again on {when_full}."
WE_DID_LINK = "The poll: {link}"

# --- reminders ----------------------------------------------------------------------------

NUDGE = "The poll '{question}' in {channel} closes {when_rel}. You have not voted yet: {link}"
NUDGE_IN_CHANNEL = (
    "{mentions} I could not send you a direct message. The poll '{question}' closes "
    "{when_rel}, and you have not voted yet: {link}"
)
NUDGE_IN_CHANNEL_SECRET = (
    "{mentions} I could not send you a direct message. The poll '{question}' closes "
    "{when_rel}. If you have not voted yet, there is still time: {link}"
)
REVIEW_REMINDER = (
    "Time to look again at the poll '{question}'. What was done: {text} "
    "The poll: {link}. What we said: {outcome_link}"
)
LABEL_RESULT = "the poll result"
LABEL_CARD = "the closed poll"
LABEL_REVIEW = "the reminder to look at a poll again"
LABEL_WE_DID = 'the "You said, we did" message'

# --- /setup polls -----------------------------------------------------------------------------

CMD_SETUP = "How long before a poll closes to remind those who have not voted"
OPT_NUDGE = "For example 24h, 2h or 2d"
NUDGE_SETTING_SAVED = (
    "Saved. Members who have not voted get a reminder {before} before a poll closes, or "
    "half-way through a shorter poll. This counts for polls made from now on. Polls already "
    "open keep their time."
)
NUDGE_SETTING_BAD = (
    "I could not read '{text}'. Write how long before, for example 24h, 2h or 2d. "
    "It must be from 1 minute to 14 days."
)
NUDGE_SETTING_ONE = "Please give one length, for example 24h. Each poll sends one reminder."
SHOW_NUDGE = "Reminders before polls close"
SHOW_NUDGE_WORDS = "{before} before, or half-way through a shorter poll"
