"""Words for anonymous contributions: /contribute, /contribution, the posts and direct messages.

Wherever anonymity is offered, one plain sentence says who can see what (WHO_CAN_SEE).
"""

WHO_CAN_SEE = "Nobody, not even the coordinators, can see that this came from you."

# Commands and options (shown in Discord's command picker).
CMD_CONTRIBUTE = "Say something without your name on it"
OPT_TEXT = "What you want to say (leave it out to get a form)"
OPT_SESSION = "Which running session to post in"
GROUP = "Anonymous posts"
CMD_DELETE = "Take back one of your own anonymous posts"
OPT_DELETE_ID = "The number of your post, like 12"
CMD_HIDE = "Hide an anonymous post from view (logged)"
OPT_HIDE_ID = "The number of the post, like 12"
OPT_HIDE_REASON = "Why it is hidden (shown in its place)"
CMD_EXPORT = "Get a session's anonymous posts as a file"
OPT_EXPORT_SESSION = "Which session"

# The post in the channel.
PSEUDONYM = "Contributor {letter}"
POST_HEADER = "**{pseudonym}** · #{number}"
HIDDEN_POST = "**#{number}** was hidden by a coordinator. The reason given: {reason}"

NOTICE_LABEL = "an anonymous post"

# The private receipt.
RECEIPT = (
    "Your post is #{number}. It shows in {channel} as {pseudonym}. " + WHO_CAN_SEE + " "
    "{linked} To take it back, press the button or use /contribution delete."
)
# Who shares the letter: a member's posts in one session, or answers to one question when no
# session is running.
LINKED_SESSION = (
    "All your posts in this session show as {pseudonym}, so others can tell they came "
    "from one person."
)
LINKED_PROMPT = (
    "All your answers to this question show as {pseudonym}, so others can tell they came "
    "from one person."
)
TAKE_BACK_BUTTON = "Take back"
TAKEN_BACK = "You took back #{number}. The post is deleted, and I no longer keep its words."
NOT_YOURS_OR_GONE = (
    "I can't find a post of yours with that number. "
    "Start typing its number in /contribution delete to see your own."
)
NUMBER_BAD = "Please give the post's number, like 12."

# The form.
FORM_TITLE = "Say it anonymously"
FORM_LABEL = "What do you want to say?"
FORM_HINT = WHO_CAN_SEE

# Refusals: each changes nothing.
TEXT_WHAT = "post"
EMPTY = "Your post is empty. Please write what you want to say."
NO_WORDS = "Please write your post in words. A post of only emoji or marks can't be shown."
CONTROL_CHARS = (
    "Your post has hidden control marks in it. Please type it again, or paste it as plain text."
)
UNCLOSED_CODE = (
    "Your post opens a code block with ``` but does not close it. "
    "Please add the closing ``` or take the marks out."
)
FAKE_HEADER = (
    "A line in your post looks like the start of another post, like 'Contributor B · #3'. "
    "Please change that line so nobody is misled."
)
NO_LIVE_SESSION = (
    "There is no session running now, so there is nowhere to post. "
    "You can post while a session is on."
)
SESSION_NOT_LIVE = "That session is not running now. Please pick a session that is on."
SESSION_OPTION_BAD = "Please pick a session from the list."
WHICH_SESSION = (
    "More than one session is running. "
    "Please pick one with the session option, or post from its channel."
)
TOO_MANY = (
    "You have posted 5 times in the last minute. "
    "Please wait a little, then try again. Nothing was posted."
)
NEED_MEMBER = "Only panel members can post here. Ask a coordinator if you think you should."

# Hiding.
HIDE_REASON_WHAT = "reason"
EMPTY_REASON = "Please say why you are hiding the post. The reason is shown in its place."
HIDE_NOT_FOUND = "I can't find a post with that number in this panel."
HIDE_NOT_SHOWN = "Post #{number} is already hidden or was taken back by its author."
HIDDEN_DONE = "Post #{number} is hidden. Its place now says it was hidden, with your reason."

# Export.
EXPORT_NONE = "There are no posts to export from {title}."
EXPORT_DONE = "Here are the {count} anonymous posts from {title}. The file has no names or ids."
EXPORT_DONE_ONE = "Here is the one anonymous post from {title}. The file has no names or ids."
EXPORT_COLUMNS = ("#", "pseudonym", "time", "text", "prompt")
EXPORT_NOT_SENT = "I could not send the file just now. Please try again in a moment."

# Direct messages.
DM_OFFER = (
    "Do you want me to post this in {where} without your name? " + WHO_CAN_SEE + " "
    "Nothing is kept unless you choose to post it."
)
DM_OFFER_MANY = (
    "Do you want me to post this without your name? Pick where to post it. " + WHO_CAN_SEE + " "
    "Nothing is kept unless you choose to post it."
)
DM_WHERE = "{title} in {guild}"
DM_POST_BUTTON = "Post anonymously"
DM_POST_IN = "Post in {title}"
DM_DROP_BUTTON = "Don't post"
DM_DROPPED = "OK, I did not post it, and I kept nothing."
DM_NOT_MEMBER = (
    "I can only pass on posts from panel members while a session is running. "
    "I did not keep your message."
)
DM_NO_LIVE = (
    "There is no session running now, so I can't post this. "
    "I did not keep your message. Send it again while a session is on."
)
DM_TEXT_GONE = "I can't read the words to post any more. Please send them again."
DM_EXPIRED = "That session is not running any more, so I did not post this. I kept nothing."
DM_QUOTE_TITLE = "Your message"
DM_ALREADY = "I already posted this one. Look for my reply above."
