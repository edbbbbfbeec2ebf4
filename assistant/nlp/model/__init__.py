"""The trained models shipped with the assistant (written by `make model`)."""
