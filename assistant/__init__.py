"""Outcomes Conversation Assistant: an offline helper for outcomes-focused conversations."""

__version__ = "0.1.0"
