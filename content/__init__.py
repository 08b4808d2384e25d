"""Trellis's words, kept as TOML data so they can be read, reviewed and
translated without touching code. app/content.py loads and checks them."""
