"""The Session prep page: everything since the last session, and the patterns view."""
