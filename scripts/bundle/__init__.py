"""The files copied into the offline bundle (launch.py runs there, with the installed drafter)."""
