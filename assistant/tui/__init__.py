"""The terminal UI: a thin Textual layer over the conversation core."""
