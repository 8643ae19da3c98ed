"""Running the record: demo data, synthetic records, the leaders import, export and import of the
record."""
