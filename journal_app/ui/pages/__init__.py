"""The pages of the workspace, one folder each. A page never imports another page."""
