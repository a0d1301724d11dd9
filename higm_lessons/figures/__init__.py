"""Figure builders: pure functions from computed data to a plotly figure plus a
one-line text takeaway, always in the course theme."""
