"""The desktop app: every widget, model, dialog and action. The only package that imports Qt."""
