"""Wellbeing: anonymous breaks, support requests, ground rules, consent and members' data."""
