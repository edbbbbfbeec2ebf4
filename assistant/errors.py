"""Errors a person can meet: each carries a one-sentence message and a hint.

The CLI prints them without a traceback and the TUI shows them in one modal.
"""


class AssistantError(Exception):
    """A problem the user can act on."""

    title = "Something went wrong"

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class DataFileError(AssistantError):
    """A taxonomy, prompt or scenario file is missing or malformed."""

    title = "A data file has a problem"


class ModelMissingError(AssistantError):
    """The spaCy pipeline package is not installed."""

    title = "The language model is missing"


class UnknownFrameworkError(AssistantError):
    title = "Unknown framework"


class StorageError(AssistantError):
    """The database cannot be opened or written safely."""

    title = "The database cannot be used"


class WriteFailedError(StorageError):
    """A write to the database failed; `advice` says what to do about the likely cause."""

    def __init__(self, message: str, hint: str = "", advice: str = "") -> None:
        super().__init__(message, hint)
        self.advice = advice


class NotFoundError(AssistantError):
    title = "Not found"


class ExportError(AssistantError):
    title = "The document could not be written"
