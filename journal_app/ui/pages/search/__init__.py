"""The Search page: search across entries and articles as you type."""
