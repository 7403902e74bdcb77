"""fichegen: typeset double-sided A5 card decks from YAML."""

__version__ = "0.1.0"
