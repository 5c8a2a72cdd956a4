"""The frame around the pages: main window, session, navigation, menu commands, status line."""
