"""Results leaving the trainer: CSV for spreadsheets, xAPI statements for learning records."""
