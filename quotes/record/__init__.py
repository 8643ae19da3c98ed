"""The record's rules beside the models: text folding, URL normalising, tallies, corrections, the
columns PostgreSQL carries."""
