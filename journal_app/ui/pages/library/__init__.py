"""The Library page: the article list, the reader, and the entries linked to an article."""
