"""Consensus polls: create, vote, close, publish outcomes, nudge."""
