"""The screens before the journal is open: first run (creating a journal) and unlock."""
