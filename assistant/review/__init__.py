"""Reviews and journeys: revisiting each agreed outcome over time (no terminal code here)."""
