"""Queries: read-side logic (slices, profiles, rankings) over a GraphStore."""
