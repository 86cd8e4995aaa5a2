"""Reminders members and coordinators set with /remind.

- `core`: set, list and cancel reminders (stored with their timer in one transaction).
- `delivery`: when a reminder's timer fires, claim it and queue its message in the notices
  outbox in the same transaction; late and missed rules.
- `settings`: a member's own time zone and their opt-out from session reminder DMs.
"""
