"""Shared Discord UI pieces: base view and modal, confirm view."""
