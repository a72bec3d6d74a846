"""`drafter serve`: the interview, live checks, a preview and downloads in a local web page."""
