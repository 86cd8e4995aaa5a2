"""Shared Discord UI pieces: base view and modal, persistent id buttons, feature views."""
