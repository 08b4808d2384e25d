"""The Flet UI: the shell and one module per screen. Views call app/ services only."""
