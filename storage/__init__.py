"""Nianbao storage: the local SQLite database (sqlite-utils)."""
