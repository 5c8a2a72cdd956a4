"""The Journal page: the entry list, its model and delegate, and the editor beside it."""
