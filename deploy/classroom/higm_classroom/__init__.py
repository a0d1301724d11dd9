"""The HIGM course's live classroom: a JupyterHub service and its SQLite store."""
