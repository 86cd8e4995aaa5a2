"""Panel sessions: plan, run and end them; the register; session reminders."""
