"""Support plans: built from a saved conversation, checked, versioned and rendered."""
