"""Words for hours: claims, reviews, corrections and members' own totals."""

ACTIVITY_UNKNOWN = (
    "'{activity}' is not a kind of work I know. Pick one from the list: meeting, preparation, "
    "review, training, travel or other."
)
