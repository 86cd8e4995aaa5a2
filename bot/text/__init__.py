"""Every word members read, in one place, by feature.

Each module here holds UPPER_CASE string constants (templates use `{name}` fields).
`tests/unit/test_text_readability.py` scores every one of them: each must reach 60 on
Flesch Reading Ease, unless it is too short to score (see `bot.services.readability`).
"""
